package com.anomalywatcher.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alerts file is opened once per event, as the kernel sees it ({@code strace} of a JVM sending
 * events with {@link FileTransportBench}): before, each event opened it twice, once to append and
 * once more to read whether its line already ends the file.
 */
class FileTransportOpensTest {
  private static final int EVENTS = 20;

  @TempDir Path dir;

  @Test
  void opensTheFileOncePerEvent() throws Exception {
    assumeTrue(straceWorks(), "strace is not installed or may not trace here");
    Path trace = dir.resolve("opens.trace");
    Process p = new ProcessBuilder(List.of("strace", "-f", "-e", "trace=open,openat", "-o", trace.toString(),
        ProcessHandle.current().info().command().orElse("java"), "-cp", System.getProperty("java.class.path"),
        FileTransportBench.class.getName(), dir.toString(), String.valueOf(EVENTS), "1"))
        .redirectErrorStream(true).redirectOutput(dir.resolve("bench.out").toFile()).start();
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("the traced bench ended").isTrue();
    assertThat(p.exitValue()).as(Files.readString(dir.resolve("bench.out"))).isZero();

    try (Stream<String> lines = Files.lines(trace)) {
      // With -f a call another thread interrupts is split in two lines; only the first names the file.
      assertThat(lines.filter(l -> l.contains("bench-alerts-0.jsonl")).count()).isEqualTo(EVENTS);
    }
  }

  private static boolean straceWorks() throws InterruptedException {
    try {
      Process p = new ProcessBuilder("strace", "-o", "/dev/null", "true").redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return p.waitFor(1, TimeUnit.MINUTES) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    }
  }
}
