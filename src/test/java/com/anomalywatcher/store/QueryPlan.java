package com.anomalywatcher.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * An executed plan (EXPLAIN ANALYZE): rows returned, rows every scan node read (kept or filtered
 * out), the most times a scan node ran, the node types, and the plan as text for failure messages.
 */
record QueryPlan(long returned, long rowsExamined, long maxLoops, List<String> nodeTypes, String text) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Runs {@code sql} with {@code params} under EXPLAIN (ANALYZE, FORMAT JSON) on {@code db}. */
  static QueryPlan explain(Database db, String sql, Object... params) throws SQLException {
    try (Connection c = db.connection();
        PreparedStatement s = c.prepareStatement("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)) {
      for (int i = 0; i < params.length; i++) {
        s.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        JsonNode root = JSON.readTree(rs.getString(1)).get(0).get("Plan");
        List<String> types = new ArrayList<>();
        long examined = examined(root, types);
        return new QueryPlan(root.get("Actual Rows").asLong(), examined, maxScanLoops(root), types,
            root.toPrettyString());
      } catch (JsonProcessingException e) {
        throw new AssertionError(e);
      }
    }
  }

  /** The most times any scan node ran: 1 unless the plan probes once per sensor (or per row). */
  private static long maxScanLoops(JsonNode node) {
    long loops = node.get("Node Type").asText().endsWith("Scan") ? node.path("Actual Loops").asLong() : 0;
    for (JsonNode child : node.path("Plans")) {
      loops = Math.max(loops, maxScanLoops(child));
    }
    return loops;
  }

  /**
   * Rows that scan nodes of tables and indexes read; a CTE's, a work table's or a function's rows,
   * and those TimescaleDB's custom scans (ChunkAppend) pass on from the chunk scans below them, are
   * not read again.
   */
  private static long examined(JsonNode node, List<String> types) {
    String type = node.get("Node Type").asText();
    types.add(type);
    long rows = 0;
    if (type.endsWith("Scan") && !List.of("CTE Scan", "WorkTable Scan", "Function Scan", "Bitmap Index Scan", "Custom Scan").contains(type)) {
      long perLoop = node.path("Actual Rows").asLong() + node.path("Rows Removed by Filter").asLong()
          + node.path("Rows Removed by Index Recheck").asLong();
      rows += perLoop * node.path("Actual Loops").asLong();
    }
    for (JsonNode child : node.path("Plans")) {
      rows += examined(child, types);
    }
    return rows;
  }
}
