package io.gridwork.agent.work;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwork.agent.runtime.UnitDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnitLogsTest {
  @TempDir Path tmp;

  private final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
  private UnitLogs logs;
  private UnitDirs dirs;

  @BeforeEach
  void setUp() throws Exception {
    logs = new UnitLogs(tmp.resolve("unit-logs"), now::get);
    dirs = UnitDirs.under(tmp.resolve("unit"));
    dirs.create();
    Files.writeString(dirs.stdout(), "ran\n");
  }

  @Test
  void aUnitThatWroteNothingLeavesNoLog() throws Exception {
    Files.writeString(dirs.stdout(), "");
    Files.deleteIfExists(dirs.stderr());

    logs.keep("silent", dirs);

    assertThat(logs.file("silent")).doesNotExist();
  }

  @Test
  void aKeptLogHoldsTheTailOfStdoutAndStderr() throws Exception {
    Files.writeString(dirs.stdout(), "x".repeat(100_000) + "\nlast words\n");
    Files.writeString(dirs.stderr(), "boom\n");

    logs.keep("lease-1-unit-0", dirs);

    String kept = Files.readString(logs.file("lease-1-unit-0"));
    assertThat(kept)
        .startsWith("== stdout (last " + UnitLogs.TAIL_BYTES + " of 100012 bytes) ==\n")
        .contains("last words\n== stderr ==\nboom\n");
    assertThat(kept.length()).isLessThan(UnitLogs.TAIL_BYTES + 200);
  }

  @Test
  void logsOlderThanTheMaximumAgeAreDeletedWhenALogIsKept() throws Exception {
    logs.keep("old", dirs);
    now.set(now.get().plus(UnitLogs.MAX_AGE).plus(Duration.ofMinutes(1)));

    logs.keep("new", dirs);

    assertThat(logs.file("old")).doesNotExist();
    assertThat(logs.file("new")).exists();
  }

  @Test
  void onlyTheNewestLogsUpToTheMaximumCountAreKept() throws Exception {
    for (int i = 0; i <= UnitLogs.MAX_FILES; i++) {
      now.set(now.get().plusSeconds(1));
      logs.keep("unit-" + i, dirs);
    }

    assertThat(logs.file("unit-0")).doesNotExist();
    assertThat(logs.file("unit-1")).exists();
    try (Stream<Path> files = Files.list(logs.dir())) {
      assertThat(files.count()).isEqualTo(UnitLogs.MAX_FILES);
    }
  }

  @Test
  void aLogReplacedByALinkKeepsNothingOfWhatTheLinkNames() throws Exception {
    Path secret = Files.writeString(tmp.resolve("secret"), "host secret");
    Files.delete(dirs.stdout());
    Files.createSymbolicLink(dirs.stdout(), secret);

    logs.keep("linked", dirs);

    assertThat(Files.readString(logs.file("linked")))
        .contains("not a plain file")
        .doesNotContain("host secret");
  }
}
