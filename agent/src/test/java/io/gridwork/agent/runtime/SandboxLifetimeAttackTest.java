package io.gridwork.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whoever starts a unit, and whatever happens to that thread, the unit runs to its end; and when
 * the agent itself is killed, nothing of its sandboxes is left running.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SandboxLifetimeAttackTest {
  @TempDir Path tmp;

  private UnitSpec bash(String script, String... outputs) {
    return UnitSpec.of(3, List.of("bash", "-c", script), List.of(outputs))
        .withLimits(ResourceLimits.defaults().withWallClock(Duration.ofSeconds(60)));
  }

  private SandboxedRunner runner() throws IOException {
    return new SandboxedRunner(
        SandboxConfig.forAgent(Files.createDirectories(tmp.resolve("agent-home")), List.of()));
  }

  @Test
  void unitStartedFromAThreadThatExitsAtOnceRunsToCompletion() throws Exception {
    SandboxedRunner runner = runner();
    UnitDirs dirs = UnitDirs.under(tmp.resolve("unit-3"));
    AtomicReference<UnitRun> run = new AtomicReference<>();

    Thread starter =
        Thread.ofPlatform()
            .start(
                () -> run.set(runner.start(bash("sleep 4; echo done > out.txt", "out.txt"), dirs)));
    starter.join();
    UnitOutcome outcome = run.get().await();

    assertThat(outcome).isInstanceOf(UnitOutcome.Completed.class);
  }

  @Test
  void unitStartedFromVirtualThreadsThatEndRunsToCompletion() throws Exception {
    SandboxedRunner runner = runner();
    UnitDirs dirs = UnitDirs.under(tmp.resolve("unit-3"));
    AtomicReference<UnitRun> run = new AtomicReference<>();

    Thread.ofVirtual()
        .start(() -> run.set(runner.start(bash("sleep 4; echo done > out.txt", "out.txt"), dirs)))
        .join();
    UnitOutcome outcome = run.get().await();

    assertThat(outcome).isInstanceOf(UnitOutcome.Completed.class);
  }

  @Test
  void killingTheAgentWithSigkillLeavesNoSandboxProcessBehind() throws Exception {
    Path home = Files.createDirectories(tmp.resolve("agent-home"));
    Path unitDir = Files.createDirectories(tmp.resolve("units/unit-1"));
    String marker = "300." + Math.abs(UUID.randomUUID().getLeastSignificantBits() % 1_000_000);
    Process agent =
        AgentProcess.start(home, unitDir, "word", "touch /work/started; sleep " + marker, Map.of());
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> Files.exists(unitDir.resolve("work/started")));
    assertThat(processesNaming(marker)).isPositive();

    agent.destroyForcibly().waitFor();

    await().atMost(Duration.ofSeconds(20)).until(() -> processesNaming(marker) == 0);
    assertThat(processesNaming(unitDir.resolve("work").toString())).isZero();
  }

  private static long processesNaming(String text) {
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().map(line -> line.contains(text)).orElse(false))
        .count();
  }
}
