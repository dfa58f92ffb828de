package com.anomalywatcher.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/** Facts about the connected server that change how the store talks to it. */
final class ServerInfo {
  private ServerInfo() {}

  /** INSERT on the WebAssembly TimescaleDB test engine (COPY crashes it), COPY elsewhere. */
  static ReadingWriter.Method preferredMethod(Database db) {
    return isWasmEngine(db) ? ReadingWriter.Method.INSERT : ReadingWriter.Method.COPY;
  }

  static boolean isWasmEngine(Database db) {
    try (Connection c = db.connection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT version()")) {
      rs.next();
      String v = rs.getString(1).toLowerCase(Locale.ROOT);
      return v.contains("emscripten") || v.contains("wasm");
    } catch (SQLException e) {
      throw db.failure("read the server version", e);
    }
  }
}
