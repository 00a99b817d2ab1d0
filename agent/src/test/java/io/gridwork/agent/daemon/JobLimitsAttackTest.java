package io.gridwork.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwork.agent.runtime.SandboxConfig;
import io.gridwork.agent.runtime.SandboxedRunner;
import io.gridwork.agent.runtime.UnitDirs;
import io.gridwork.agent.runtime.UnitOutcome;
import io.gridwork.agent.runtime.UnitRun;
import io.gridwork.agent.runtime.UnitSpec;
import io.gridwork.agent.work.UnitSetup;
import io.gridwork.protocol.spec.JobSpec;
import io.gridwork.protocol.spec.Limits;
import io.gridwork.protocol.spec.ProcessWorkload;
import io.gridwork.testkit.JobSpecBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A unit of a job tries to take more than its job asked for: processes, shared memory, disk, a user
 * namespace of its own. Each runs through the agent's own unit setup and a real sandbox, with the
 * agent running as root as it does on this machine (where the kernel exempts root from the process
 * limit).
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class JobLimitsAttackTest {
  private static final AgentConfig CONFIG =
      AgentConfig.parse(Path.of("/tmp/agent-home"), "", Map.of());

  @TempDir Path tmp;

  private SandboxedRunner runner;
  private UnitDirs dirs;

  @BeforeEach
  void setUp() throws IOException {
    Path home = Files.createDirectories(tmp.resolve("agent-home"));
    runner = new SandboxedRunner(SandboxConfig.forAgent(home, List.of()));
    dirs = UnitDirs.under(tmp.resolve("leases/lease-1/unit-0"));
  }

  /** Unit 0 of a job running {@code script} with 64 MiB of memory and a 1 MiB output limit. */
  private static UnitSpec unit(String script) {
    JobSpec job =
        JobSpecBuilder.batch(1, 1_000, 10_000)
            .workload(new ProcessWorkload(List.of("bash", "-c", script), new TreeMap<>()))
            .memoryMib(64)
            .limits(new Limits(60, 1L << 20))
            .build();
    return UnitSetup.unitSpec(
        (ProcessWorkload) job.workload(), job, 0, List.of(), CONFIG, Map.of());
  }

  private String stderr() throws IOException {
    return Files.readString(dirs.stderr());
  }

  @Test
  void forkBombIsHeldToTheUnitsProcessLimitThoughTheAgentIsRoot() throws Exception {
    String marker = "20.4242";
    UnitSpec bomb =
        unit("for i in $(seq 2000); do sleep " + marker + " & done; wait")
            .withLimits(unit("true").limits().withProcesses(32));

    UnitRun run = runner.start(bomb, dirs);
    long most = 0;
    Instant end = Instant.now().plusSeconds(5);
    while (Instant.now().isBefore(end)) {
      most = Math.max(most, processesNaming(marker));
      Thread.sleep(100);
    }
    run.cancel();
    run.await();

    assertThat(most).isBetween(1L, 32L);
  }

  @Test
  void sharedMemoryHoldsOnlyAnEighthOfTheJobsMemory() throws Exception {
    UnitOutcome outcome =
        runner.run(
            unit(
                "for i in $(seq 64); do head -c 1000K /dev/zero > /dev/shm/f$i; done;"
                    + " cat /dev/shm/* | wc -c > shm.txt"),
            dirs);

    assertThat(outcome).isInstanceOf(UnitOutcome.Completed.class);
    assertThat(stderr()).contains("No space left on device");
    assertThat(Long.parseLong(Files.readString(dirs.work().resolve("shm.txt")).strip()))
        .isLessThanOrEqualTo(8L << 20);
  }

  @Test
  void fourGibFileIsStoppedAtTheJobsOutputLimit() throws Exception {
    UnitOutcome outcome = runner.run(unit("head -c 4G /dev/zero > big.bin"), dirs);

    assertThat(outcome).isInstanceOf(UnitOutcome.Failed.class);
    assertThat(((UnitOutcome.Failed) outcome).cause()).isEqualTo(UnitOutcome.Cause.FILE_SIZE_LIMIT);
    assertThat(outcome.describe()).contains("file-size limit");
    assertThat(Files.size(dirs.work().resolve("big.bin"))).isLessThanOrEqualTo(1L << 20);
  }

  @Test
  void manyFilesAreStoppedAsSoonAsWorkPassesTheJobsLimit() throws Exception {
    UnitOutcome outcome =
        runner.run(
            unit("for i in $(seq 4000); do head -c 512K /dev/zero > part-$i; sleep 0.01; done"),
            dirs);

    assertThat(outcome).isInstanceOf(UnitOutcome.WorkTooLarge.class);
    assertThat(outcome.describe()).contains("over the limit of " + (1L << 20));
    assertThat(workBytes()).isLessThan(200L << 20);
  }

  @Test
  void nestedUserNamespaceCannotBeCreated() throws Exception {
    UnitOutcome outcome = runner.run(unit("unshare -U -r id"), dirs);

    assertThat(outcome).isInstanceOf(UnitOutcome.Failed.class);
    assertThat(stderr()).contains("unshare failed");
  }

  @Test
  void unitRunsAsAnUnprivilegedUserOfTheHost() throws Exception {
    UnitOutcome outcome = runner.run(unit("touch mine.txt"), dirs);

    assertThat(outcome).isInstanceOf(UnitOutcome.Completed.class);
    Object owner =
        Files.getAttribute(dirs.work().resolve("mine.txt"), "unix:uid", LinkOption.NOFOLLOW_LINKS);
    assertThat(owner).isNotEqualTo(0);
  }

  private long workBytes() throws IOException {
    try (var files = Files.walk(dirs.work())) {
      return files.filter(Files::isRegularFile).mapToLong(JobLimitsAttackTest::size).sum();
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static long processesNaming(String text) {
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().map(line -> line.contains(text)).orElse(false))
        .count();
  }
}
