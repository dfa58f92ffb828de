package com.anomalywatcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.model.AnomalyKind;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/**
 * {@code anomaly force --help} names every kind the command accepts: it listed the original fourteen
 * only, while {@code frozen}, {@code offline}, {@code element_ageing} and {@code bearing_wear} are
 * forced as well (a refusal lists them, the help did not).
 */
class AnomalyForceHelpTest {
  @Test
  void helpNamesEveryAnomalyKind() {
    StringWriter out = new StringWriter();
    int code = Main.run(new String[] {"anomaly", "force", "--help"}, new PrintWriter(out, true),
        new PrintWriter(new StringWriter(), true));

    assertThat(code).isZero();
    String help = out.toString().replaceAll("\\s+", " ");
    for (AnomalyKind kind : AnomalyKind.values()) {
      assertThat(help).as(kind.name()).containsPattern("\\b" + kind.dbName() + "\\b");
    }
  }
}
