package io.gridwork.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A unit in the real sandbox exchanges a checkpoint file with a named pipe as fast as it can while
 * the agent packs its checkpoint in the unit's sandbox: an open that meets the pipe hangs only the
 * packer, which is killed at its wall clock, and the agent's packing always returns.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class CheckpointPipeSwapAttackTest {
  @TempDir Path tmp;

  @BeforeAll
  static void requireTools() {
    LinkSwapper.requireTools();
  }

  @Test
  void packingACheckpointWhoseFileIsSwappedForANamedPipeAlwaysReturns() throws Exception {
    Path home = tmp.resolve("agent-home");
    SandboxedRunner runner = new SandboxedRunner(SandboxConfig.forAgent(home, List.of()));
    UnitDirs dirs = UnitDirs.under(home.resolve("agent/leases/lease/unit-0"));
    UnitSpec spec =
        UnitSpec.of(0, LinkSwapper.pipeCommand("/checkpoint", 20), List.of())
            .withLimits(ResourceLimits.defaults().withWallClock(Duration.ofSeconds(90)));
    Duration packTimeout = Duration.ofSeconds(10);

    UnitRun run = runner.start(spec, dirs);
    int packs = 0;
    int packed = 0;
    long slowest = 0;
    Path archive = tmp.resolve("checkpoint.tar");
    while (!run.outcome().toCompletableFuture().isDone()) {
      long started = System.nanoTime();
      try {
        if (runner.packCheckpoint(dirs, archive, 1 << 20, packTimeout)
            instanceof CheckpointArchive.PackResult.Packed) {
          packed++;
        }
      } catch (UncheckedIOException e) {
        // Killed at its wall clock, or the directory changed under it.
      }
      slowest = Math.max(slowest, System.nanoTime() - started);
      packs++;
      Files.deleteIfExists(archive);
    }
    UnitOutcome outcome = run.await();

    assertThat(outcome)
        .as(Files.readString(dirs.stderr()))
        .isInstanceOf(UnitOutcome.Completed.class);
    assertThat(packs).isPositive();
    assertThat(Duration.ofNanos(slowest)).isLessThan(packTimeout.plusSeconds(5));
    assertThat(runner.packCheckpoint(dirs, archive, 1 << 20, packTimeout))
        .isInstanceOf(CheckpointArchive.PackResult.Packed.class);
  }

  @Test
  void packingInTheSandboxGivesTheSameArchiveAsPackingHere() throws Exception {
    Path home = tmp.resolve("agent-home");
    SandboxedRunner runner = new SandboxedRunner(SandboxConfig.forAgent(home, List.of()));
    UnitDirs dirs = UnitDirs.under(home.resolve("agent/leases/lease/unit-0"));
    dirs.create();
    Files.createDirectories(dirs.checkpoint().resolve("a/b"));
    Files.writeString(dirs.checkpoint().resolve("a/b/state"), "step 7\n");
    Files.writeString(dirs.checkpoint().resolve("counter"), "7\n");
    Files.createSymbolicLink(dirs.checkpoint().resolve("link"), home);

    CheckpointArchive.PackResult sandboxed =
        runner.packCheckpoint(dirs, tmp.resolve("sandboxed.tar"), 1 << 20, Duration.ofMinutes(1));
    CheckpointArchive.PackResult here =
        CheckpointArchive.pack(dirs.checkpoint(), tmp.resolve("here.tar"), 1 << 20);

    assertThat(sandboxed).isEqualTo(here);
    assertThat(((CheckpointArchive.PackResult.Packed) sandboxed).skipped()).containsExactly("link");
    assertThat(Files.readAllBytes(tmp.resolve("sandboxed.tar")))
        .isEqualTo(Files.readAllBytes(tmp.resolve("here.tar")));
  }
}
