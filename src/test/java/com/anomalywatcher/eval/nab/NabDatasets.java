package com.anomalywatcher.eval.nab;

import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the shared NAB dataset at {@code ../shared/datasets/nab} relative to the working directory
 * (the project root under Maven), or one level further up from a git worktree. Missing: the test fails when {@code CI=true}, otherwise skips.
 */
final class NabDatasets {
  private NabDatasets() {}

  static Path root() {
    Path root = Path.of("..", "shared", "datasets", "nab").toAbsolutePath().normalize();
    Path worktreeRoot = Path.of("..", "..", "shared", "datasets", "nab").toAbsolutePath().normalize();
    if (!Files.isDirectory(root) && Files.isDirectory(worktreeRoot)) {
      root = worktreeRoot; // a git worktree one level deeper (/work/wt/<name>)
    }
    if (!Files.isDirectory(root.resolve("data")) || !Files.isRegularFile(root.resolve("labels/combined_windows.json"))) {
      String message = "NAB dataset not found at " + root + " (expected ../shared/datasets/nab beside the project)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(message);
      }
      Assumptions.abort(message + "; skipping");
    }
    return root;
  }
}
