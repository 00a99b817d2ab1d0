package io.gridwork.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gridwork.protocol.crypto.Hash;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A broken kill would leave a test waiting on a live sandbox, so each test has a hard limit. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SandboxedRunnerTest {
  @TempDir Path tmp;

  private Path agentHome;
  private SandboxedRunner runner;
  private UnitDirs dirs;

  @BeforeAll
  static void requireBubblewrap() {
    assumeTrue(
        Executables.exists("bwrap"),
        "bwrap is not installed (apt-get install bubblewrap): sandbox not tested");
  }

  @BeforeEach
  void setUp() throws IOException {
    agentHome = Files.createDirectories(tmp.resolve("agent-home"));
    Files.writeString(agentHome.resolve("provider.key"), "secret key material");
    runner = new SandboxedRunner(SandboxConfig.forAgent(agentHome, List.of()));
    dirs = UnitDirs.under(agentHome.resolve("units/unit-7"));
  }

  private static UnitSpec bash(String script, String... outputs) {
    return UnitSpec.of(7, List.of("bash", "-c", script), List.of(outputs))
        .withLimits(ResourceLimits.defaults().withWallClock(Duration.ofSeconds(60)));
  }

  /** bwrap's command line names the unit's work directory, so its processes are easy to find. */
  private long sandboxProcesses() {
    String work = dirs.work().toString();
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().map(line -> line.contains(work)).orElse(false))
        .count();
  }

  private String stderrLog() throws IOException {
    return Files.readString(dirs.stderr());
  }

  @Test
  void unitWritesItsOutputAndTheHashMatches() throws Exception {
    UnitOutcome outcome = runner.run(bash("printf hello > out.txt", "out.txt"), dirs);

    assertThat(outcome).isInstanceOf(UnitOutcome.Completed.class);
    OutputFile output = ((UnitOutcome.Completed) outcome).outputs().getFirst();
    assertThat(output.name()).isEqualTo("out.txt");
    assertThat(output.bytes()).isEqualTo(5);
    assertThat(output.sha256()).isEqualTo(Hash.sha256("hello".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void toolsDirectoryIsReadableAtItsFixedPathButNotWritable() throws Exception {
    Path tools = Files.createDirectories(tmp.resolve("tools"));
    Files.writeString(tools.resolve("tool.txt"), "from the agent");
    SandboxedRunner withTools =
        new SandboxedRunner(SandboxConfig.forAgent(agentHome, List.of()).withTools(tools));

    UnitOutcome outcome =
        withTools.run(
            bash(
                "cat /opt/gridwork/tool.txt > seen.txt; touch /opt/gridwork/x 2>/dev/null"
                    + " && echo writable >> seen.txt; true",
                "seen.txt"),
            dirs);

    assertThat(outcome).isInstanceOf(UnitOutcome.Completed.class);
    assertThat(dirs.work().resolve("seen.txt")).hasContent("from the agent");
  }

  @Test
  void unitNumberReachesTheUnitAsVariableAndInArguments() throws Exception {
    UnitSpec spec =
        UnitSpec.of(
            7,
            List.of(
                "bash", "-c", "printf '%s %s' \"$UNIT\" \"$1\" > unit.txt", "_", "frame-${UNIT}"),
            List.of("unit.txt"));

    UnitOutcome outcome = runner.run(spec, dirs);

    assertThat(outcome).isInstanceOf(UnitOutcome.Completed.class);
    assertThat(dirs.work().resolve("unit.txt")).hasContent("7 frame-7");
  }

  @Test
  void environmentHoldsOnlyTheJobsVariablesAndTheSandboxsOwn() throws Exception {
    UnitSpec spec = bash("env > env.txt", "env.txt").withEnv(Map.of("MODEL", "sdxl"));

    runner.run(spec, dirs);

    List<String> names =
        Files.readAllLines(dirs.work().resolve("env.txt")).stream()
            .map(line -> line.substring(0, line.indexOf('=')))
            .filter(name -> !List.of("PWD", "SHLVL", "_").contains(name))
            .sorted()
            .toList();
    assertThat(names)
        .containsExactly(
            "CUDA_VISIBLE_DEVICES",
            "GRIDWORK_CHECKPOINT_DIR",
            "HOME",
            "JAVA_HOME",
            "MODEL",
            "PATH",
            "TMPDIR",
            "UNIT");
    assertThat(dirs.work().resolve("env.txt"))
        .content()
        .contains("MODEL=sdxl", "HOME=/work", "CUDA_VISIBLE_DEVICES=\n");
  }

  @Test
  void checkpointDirectoryIsWritableAndKeptOnTheHost() throws Exception {
    runner.run(bash("echo step-40 > \"$GRIDWORK_CHECKPOINT_DIR/state\""), dirs);

    assertThat(dirs.checkpoint().resolve("state")).hasContent("step-40");
  }

  @Test
  void networkIsBlockedUnlessTheJobAllowsIt() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      UnitOutcome outcome =
          runner.run(bash("echo > /dev/tcp/127.0.0.1/" + server.getLocalPort()), dirs);

      assertThat(outcome).isInstanceOf(UnitOutcome.Failed.class);
      assertThat(stderrLog()).contains("Connection refused");
    }
  }

  @Test
  void agentHomeAndKeyAreNotVisibleInside() throws Exception {
    Path key = agentHome.resolve("provider.key");

    UnitOutcome outcome =
        runner.run(bash("cat " + key + " || ls " + agentHome + " || ls /root /home"), dirs);

    assertThat(outcome).isInstanceOf(UnitOutcome.Failed.class);
    assertThat(stderrLog()).contains("No such file or directory").doesNotContain("secret");
  }

  @Test
  void bindingAPathThatContainsTheAgentHomeIsRefused() {
    assertThatThrownBy(() -> SandboxConfig.forAgent(agentHome, List.of(tmp)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(agentHome.toString());
  }

  @Test
  void workDirectoryThatContainsTheAgentHomeIsRefused() {
    assertThatThrownBy(
            () ->
                runner.start(
                    bash("true"), new UnitDirs(agentHome, tmp.resolve("c"), tmp.resolve("l"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("it would expose " + agentHome);
  }

  @Test
  void systemDirectoriesAreReadOnly() throws Exception {
    UnitOutcome outcome = runner.run(bash("touch /usr/planted"), dirs);

    assertThat(outcome).isInstanceOf(UnitOutcome.Failed.class);
    assertThat(stderrLog()).contains("Read-only file system");
  }

  @Test
  void sandboxRootAndDevAreReadOnly() throws Exception {
    UnitOutcome outcome = runner.run(bash("touch /planted || touch /dev/planted"), dirs);

    assertThat(outcome).isInstanceOf(UnitOutcome.Failed.class);
    assertThat(stderrLog()).contains("cannot touch '/planted'", "cannot touch '/dev/planted'");
  }

  @Test
  void scratchSpaceInMemoryIsCapped() throws Exception {
    UnitSpec spec =
        bash("head -c 700000 /dev/zero > /tmp/a && head -c 700000 /dev/zero > /tmp/b")
            .withLimits(
                ResourceLimits.defaults()
                    .withWallClock(Duration.ofSeconds(60))
                    .withMemoryBytes(8L << 20));

    UnitOutcome outcome = runner.run(spec, dirs);

    assertThat(outcome).isInstanceOf(UnitOutcome.Failed.class);
    assertThat(stderrLog()).contains("No space left on device");
  }

  @Test
  void sharedMemoryIsWritable() throws Exception {
    UnitOutcome outcome = runner.run(bash("echo segment > /dev/shm/seg"), dirs);

    assertThat(outcome).isInstanceOf(UnitOutcome.Completed.class);
  }

  @Test
  void crashReportsTheExitCodeAndTheEndOfStderr() throws Exception {
    UnitOutcome outcome =
        runner.run(bash("for i in $(seq 5000); do echo line $i >&2; done; exit 3"), dirs);

    assertThat(outcome).isInstanceOf(UnitOutcome.Failed.class);
    UnitOutcome.Failed failed = (UnitOutcome.Failed) outcome;
    assertThat(failed.exitCode()).isEqualTo(3);
    assertThat(failed.stderrTail()).endsWith("line 5000\n").doesNotContain("line 1\n");
  }

  @Test
  void unitAtItsCpuTimeLimitIsSaidToHaveReachedIt() throws Exception {
    UnitSpec spec =
        bash("while :; do :; done")
            .withLimits(
                ResourceLimits.defaults().withWallClock(Duration.ofSeconds(60)).withCpuSeconds(1));

    UnitOutcome outcome = runner.run(spec, dirs);

    assertThat(outcome).isInstanceOf(UnitOutcome.Failed.class);
    assertThat(((UnitOutcome.Failed) outcome).cause()).isEqualTo(UnitOutcome.Cause.CPU_LIMIT);
    assertThat(outcome.describe()).contains("CPU-time limit");
  }

  @Test
  void unitKilledFromOutsideIsNotBlamedOnALimit() throws Exception {
    String marker = "120.5151";
    UnitRun run = runner.start(bash("sleep " + marker), dirs);
    await().atMost(Duration.ofSeconds(30)).until(() -> processNaming(marker).isPresent());

    processNaming(marker).orElseThrow().destroyForcibly();
    UnitOutcome outcome = run.await();

    assertThat(outcome).isInstanceOf(UnitOutcome.Failed.class);
    assertThat(((UnitOutcome.Failed) outcome).cause()).isEqualTo(UnitOutcome.Cause.SIGNAL);
    assertThat(outcome.describe()).contains("signal 9 from outside").doesNotContain("CPU");
  }

  private static java.util.Optional<ProcessHandle> processNaming(String text) {
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().map(line -> line.endsWith(text)).orElse(false))
        .findFirst();
  }

  @Test
  void hangingUnitIsKilledAtTheWallClockLimit() {
    UnitSpec spec =
        bash("sleep 600")
            .withLimits(ResourceLimits.defaults().withWallClock(Duration.ofSeconds(1)));

    UnitRun run = runner.start(spec, dirs);

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> run.outcome().toCompletableFuture().isDone());
    assertThat(run.outcome().toCompletableFuture().join())
        .isEqualTo(new UnitOutcome.TimedOut(Duration.ofSeconds(1)));
    assertThat(sandboxProcesses()).isZero();
  }

  @Test
  void memoryHogIsStoppedByTheAddressSpaceLimit() throws Exception {
    UnitSpec spec =
        bash("s=$(head -c 400000000 /dev/zero | tr '\\0' x); echo ${#s}")
            .withLimits(
                ResourceLimits.defaults()
                    .withWallClock(Duration.ofSeconds(60))
                    .withAddressSpaceBytes(256L << 20));

    UnitOutcome outcome = runner.run(spec, dirs);

    assertThat(outcome).isInstanceOf(UnitOutcome.Failed.class);
    assertThat(((UnitOutcome.Failed) outcome).stderrTail()).contains("cannot allocate");
  }

  @Test
  void outputsOverTheLimitAreReportedAsTooLarge() throws Exception {
    UnitSpec spec =
        bash("head -c 2097152 /dev/zero > big.bin", "big.bin")
            .withLimits(
                ResourceLimits.defaults()
                    .withWallClock(Duration.ofSeconds(60))
                    .withOutputBytes(1L << 20));

    UnitOutcome outcome = runner.run(spec, dirs);

    assertThat(outcome).isEqualTo(new UnitOutcome.OutputTooLarge(2L << 20, 1L << 20));
  }

  @Test
  void missingOutputIsNamed() throws Exception {
    UnitOutcome outcome = runner.run(bash("printf a > a.txt", "a.txt", "b.txt"), dirs);

    assertThat(outcome).isEqualTo(new UnitOutcome.OutputMissing(List.of("b.txt")));
  }

  @Test
  void outputLinkedToAHostFileIsNotFollowed() throws Exception {
    Path key = agentHome.resolve("provider.key");

    UnitOutcome outcome = runner.run(bash("ln -s " + key + " out.bin", "out.bin"), dirs);

    assertThat(outcome).isEqualTo(new UnitOutcome.OutputMissing(List.of("out.bin")));
  }

  @Test
  void cancelStopsARunningUnit() {
    UnitRun run = runner.start(bash("sleep 600"), dirs);

    run.cancel();

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> run.outcome().toCompletableFuture().isDone());
    assertThat(run.outcome().toCompletableFuture().join()).isEqualTo(new UnitOutcome.Cancelled());
  }

  @Test
  void cancelWhileTheSandboxIsStillStartingLeavesNoProcessBehind() {
    for (int attempt = 0; attempt < 5; attempt++) {
      UnitRun run = runner.start(bash("sleep 600"), dirs);

      run.cancel();

      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> run.outcome().toCompletableFuture().isDone());
      await().atMost(Duration.ofSeconds(10)).until(() -> sandboxProcesses() == 0);
    }
  }

  @Test
  void javaProgramRunsInsideWithTheAgentsJdk() throws Exception {
    UnitSpec spec =
        UnitSpec.of(0, List.of("java", "-Xmx64m", "-version"), List.of())
            .withLimits(ResourceLimits.defaults().withWallClock(Duration.ofSeconds(60)));

    UnitOutcome outcome = runner.run(spec, dirs);

    assertThat(outcome).as(() -> outcome.describe()).isInstanceOf(UnitOutcome.Completed.class);
    assertThat(stderrLog()).contains("version \"" + Runtime.version().feature());
  }

  @Test
  void sandboxCheckFindsThisHostUsable() throws Exception {
    SandboxCheck.Status status = new SandboxCheck(runner).run();

    assertThat(status).isInstanceOf(SandboxCheck.Status.Available.class);
  }
}
