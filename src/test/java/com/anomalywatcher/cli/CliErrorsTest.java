package com.anomalywatcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Only an error about the user's input is a usage error (exit 2); an IllegalArgumentException from
 * deep inside the program is an internal failure (exit 1), not "bad input" the user could fix.
 */
class CliErrorsTest {
  /** A command that fails the way it is told to. */
  @Command(name = "probe")
  static final class Probe implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--size")
    int size;

    @Option(names = "--fail")
    String fail;

    @Override
    public Integer call() {
      switch (fail) {
        case "bad-size" -> throw new ParameterException(spec.commandLine(), "--size must be > 0, got " + size);
        case "deep" -> throw new IllegalArgumentException("row has 3 cells, the table 4 columns");
        case "world" -> throw new CommandFailure("database at 127.0.0.1:1 is unreachable");
        default -> {
          return 0;
        }
      }
    }
  }

  private record Result(int code, String err) {}

  private static Result run(String... args) {
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new Probe());
    cli.setOut(new PrintWriter(new StringWriter(), true));
    cli.setErr(new PrintWriter(err, true));
    cli.setParameterExceptionHandler(CliErrors::onUsageError);
    cli.setExecutionExceptionHandler(CliErrors::onFailure);
    return new Result(cli.execute(args), err.toString());
  }

  @Test
  void anIllegalArgumentFarFromAnyOptionIsAnInternalFailureNotBadInput() {
    Result r = run("--size", "3", "--fail", "deep");

    assertThat(r.code()).isEqualTo(CliErrors.FAILURE);
    assertThat(r.err()).startsWith("Error: internal error, not a problem with the command line: row has 3 cells")
        .contains("IllegalArgumentException").contains("--verbose").doesNotContain("Try '");
    assertThat(r.err().lines()).hasSize(1);
  }

  @Test
  void badInputIsAUsageErrorNamingTheOptionAndTheValue() {
    Result r = run("--size", "-4", "--fail", "bad-size");

    assertThat(r.code()).isEqualTo(CliErrors.USAGE);
    assertThat(r.err()).startsWith("Error: --size must be > 0, got -4").contains("Try 'probe --help'")
        .doesNotContain("internal");
  }

  @Test
  void aFailureOfTheWorldIsOneLineWithoutTheInternalWording() {
    Result r = run("--fail", "world");

    assertThat(r.code()).isEqualTo(CliErrors.FAILURE);
    assertThat(r.err().strip()).isEqualTo("Error: database at 127.0.0.1:1 is unreachable");
  }

  @Test
  void anUnknownOptionQuotedBackHasItsDatabasePasswordMasked() {
    // A --db-url before the command's name is an unknown option of the top command: picocli quotes
    // the value back, and the password must not be printed with it.
    Result r = run("--db-url", "postgresql://postgres:hunter22@localhost:5432/sensor_data");

    assertThat(r.code()).isEqualTo(CliErrors.USAGE);
    assertThat(r.err()).contains("--db-url").contains("postgres:***@localhost").doesNotContain("hunter22");
  }
}
