package org.huntboard.core.exclusion.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.huntboard.core.exclusion.file.ExclusionFile;
import org.huntboard.core.exclusion.file.ExclusionFileLoader;
import org.junit.jupiter.api.Assumptions;

/** The seed's five false-positive scenarios, read from the shared data folder. */
public final class SeedScenarios {

  private SeedScenarios() {}

  /** The seed file, or skips the calling test when the shared folder is not there. */
  public static Path path() {
    String dir = System.getProperty("huntboard.shared.dir");
    Path file = dir == null ? null : Path.of(dir, "data", "seed", "tigervnc-false-positives.yaml");
    Assumptions.assumeTrue(
        file != null && Files.isRegularFile(file),
        "the seed scenarios (shared/data/seed/tigervnc-false-positives.yaml) are not available;"
            + " set huntboard.shared.dir");
    return file;
  }

  /** The seed file, loaded. */
  public static ExclusionFile load() {
    try {
      return ExclusionFileLoader.load(path());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
