package com.anomalywatcher.cli;

import com.anomalywatcher.store.Database;
import com.anomalywatcher.store.OutboxStore;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * {@code alerts --resend KEY,...|all}: puts alert events a receiver refused for good back in their
 * sinks' lines, after the receiver (or the event's cause) was put right. Each key is checked
 * before the database is opened; a key that names no event set aside is said, and the exit code is 1.
 */
final class SetAsideResend {
  private static final Pattern KEY = Pattern.compile("\\d{1,18}-\\d{1,9}");
  private final CommandSpec spec;
  private final List<String> keys;

  /** @param keys as given to {@code --resend}: idempotency keys, or the one word {@code all} */
  SetAsideResend(CommandSpec spec, List<String> keys) {
    this.spec = spec;
    this.keys = keys;
    boolean all = keys.size() == 1 && keys.get(0).equals("all");
    for (String k : keys) {
      if (!all && !KEY.matcher(k).matches()) {
        throw new ParameterException(spec.commandLine(),
            "--resend takes alert event keys such as 17-2 (alerts --set-aside lists them) or all, got '" + k + "'");
      }
    }
  }

  /** Re-sends; returns the exit code. */
  int run(DatabaseOptions dbOptions) {
    boolean all = keys.size() == 1 && keys.get(0).equals("all");
    List<OutboxStore.Resent> resent;
    try (Database db = dbOptions.openInitialised()) {
      resent = new OutboxStore(db).resend(all ? null : keys, Clock.systemUTC().instant());
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Set<String> missing = new LinkedHashSet<>(all ? List.of() : keys);
    for (OutboxStore.Resent r : resent) {
      missing.remove(r.idempotencyKey());
      out.println("re-sending " + r.idempotencyKey() + " to " + r.sink() + ": a monitor with this sink sends it next");
    }
    if (resent.isEmpty() && all) {
      out.println("no alert events set aside");
    }
    out.flush();
    for (String k : missing) {
      err.println("Error: --resend " + k + ": no alert event with this key is set aside (alerts --set-aside lists them)");
    }
    err.flush();
    return missing.isEmpty() ? 0 : 1;
  }
}
