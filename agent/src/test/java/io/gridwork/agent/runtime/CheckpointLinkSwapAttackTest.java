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
 * A unit in the real sandbox exchanges a directory of its checkpoint with a link to the agent's key
 * directory as fast as the kernel lets it, while the agent packs the checkpoint again and again: no
 * archive may ever hold the key.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class CheckpointLinkSwapAttackTest {
  @TempDir Path tmp;

  @BeforeAll
  static void requireTools() {
    LinkSwapper.requireTools();
  }

  @Test
  void packingACheckpointWhoseDirectoryIsSwappedForALinkToTheKeysNeverPacksTheKey()
      throws Exception {
    Path home = tmp.resolve("agent-home");
    Path keys = Files.createDirectories(home.resolve("keys"));
    byte[] key = Secrets.secret();
    Files.write(keys.resolve("provider.key"), key);
    SandboxedRunner runner = new SandboxedRunner(SandboxConfig.forAgent(home, List.of()));
    UnitDirs dirs = UnitDirs.under(home.resolve("agent/leases/lease/unit-0"));
    UnitSpec spec =
        UnitSpec.of(
                0,
                LinkSwapper.command("/checkpoint", keys.toString(), "provider.key", key.length, 6),
                List.of())
            .withLimits(ResourceLimits.defaults().withWallClock(Duration.ofSeconds(60)));

    UnitRun run = runner.start(spec, dirs);
    int packs = 0;
    int packed = 0;
    int leaked = 0;
    Path archive = tmp.resolve("checkpoint.tar");
    while (!run.outcome().toCompletableFuture().isDone()) {
      packs++;
      try {
        if (CheckpointArchive.pack(dirs.checkpoint(), archive, 1 << 20)
            instanceof CheckpointArchive.PackResult.Packed) {
          packed++;
        }
      } catch (UncheckedIOException e) {
        continue;
      }
      if (Files.exists(archive) && Secrets.contains(Files.readAllBytes(archive), key)) {
        leaked++;
      }
      Files.deleteIfExists(archive);
    }
    UnitOutcome outcome = run.await();

    assertThat(outcome)
        .as(Files.readString(dirs.stderr()))
        .isInstanceOf(UnitOutcome.Completed.class);
    assertThat(Files.readString(dirs.stdout())).startsWith("swaps ");
    assertThat(packs).isGreaterThan(20);
    assertThat(packed).isPositive();
    assertThat(leaked).as("archives holding the key, of %d packed", packed).isZero();
  }
}
