package com.anomalywatcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code bench soak} refuses bad input with one line naming the option, before any work. */
class SoakCommandTest {
  @ParameterizedTest
  @CsvSource({
    "--minutes 0, --minutes",
    "--minutes 2000, --minutes",
    "--sensors 0, --sensors",
    "--sensors 100001, --sensors",
    "--report 0, --report",
  })
  void refusesBadInputWithOneLine(String args, String option) {
    StringWriter err = new StringWriter();
    String[] argv = ("bench soak " + args + " --db-url jdbc:postgresql://127.0.0.1:1/none").split(" ");
    int code = Main.run(argv, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));

    assertThat(code).isEqualTo(2);
    assertThat(err.toString().lines().findFirst().orElseThrow()).contains(option);
  }
}
