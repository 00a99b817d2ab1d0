package io.gridwork.cli;

import io.gridwork.bench.ledger.LedgerBenchOptions;
import io.gridwork.bench.ledger.LedgerBenchResult;
import io.gridwork.bench.ledger.LedgerBenchmark;
import io.gridwork.bench.market.MarketBenchOptions;
import io.gridwork.bench.market.MarketBenchResult;
import io.gridwork.bench.market.MarketBenchmark;
import io.gridwork.bench.verify.VerifyBenchOptions;
import io.gridwork.bench.verify.VerifyBenchResult;
import io.gridwork.bench.verify.VerifyBenchmark;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Benchmarks that measure the real node and libraries on this machine and print their figures. */
@Command(
    name = "bench",
    description =
        "Measure this machine: the ledger's or the marketplace's throughput, what result"
            + " verification costs and catches, or the JMH micro-benchmarks.",
    subcommands = {
      BenchCommand.Ledger.class,
      BenchCommand.Market.class,
      BenchCommand.Verify.class,
      BenchCommand.Jmh.class
    })
final class BenchCommand extends CommandGroup {

  /** Drives signed transfers through a real node and compares with the signature bound. */
  @Command(
      name = "ledger",
      description = {
        "Measure the transactions per second a node commits.",
        "Start a node, push pre-signed transfers from many accounts through its HTTP API and"
            + " compare the committed rate with Ed25519 verifications per second on the node's"
            + " threads.",
        "Ends with: ledger: <N> tx/s committed, verify bound <V>/s, ratio <R>"
      })
  static final class Ledger extends GridworkCommand {
    private static final LedgerBenchOptions DEFAULTS = LedgerBenchOptions.defaults();

    @Option(names = "--accounts", description = "Sending accounts (default: ${DEFAULT-VALUE}).")
    int accounts = DEFAULTS.accounts();

    @Option(
        names = "--txs-per-account",
        description = "Transfers per account in the timed phase (default: ${DEFAULT-VALUE}).")
    int txsPerAccount = DEFAULTS.txsPerAccount();

    @Option(
        names = "--warmup-txs",
        description =
            "Transfers per warm-up round before the timed phase; rounds repeat while the JIT is"
                + " still compiling (default: ${DEFAULT-VALUE}).")
    int warmupTxs = DEFAULTS.warmupTxs();

    @Option(
        names = "--batch",
        description = "Transactions per batch request (default: ${DEFAULT-VALUE}).")
    int batch = DEFAULTS.batchSize();

    @Option(
        names = "--submitters",
        description = "Concurrent HTTP submitters (default: ${DEFAULT-VALUE}).")
    int submitters = DEFAULTS.submitters();

    @Option(
        names = "--block-interval-ms",
        description = "The node's block interval (default: ${DEFAULT-VALUE}).")
    long blockIntervalMillis = DEFAULTS.blockIntervalMillis();

    @Option(
        names = "--max-txs-per-block",
        description = "The node's block size limit (default: ${DEFAULT-VALUE}).")
    int maxTxsPerBlock = DEFAULTS.maxTxsPerBlock();

    @Option(
        names = "--verify-threads",
        description =
            "The node's signature threads (default: the number of CPUs, ${DEFAULT-VALUE}).")
    int verifyThreads = DEFAULTS.verifyThreads();

    @Option(
        names = "--verify-ms",
        description =
            "How long each of the two verification measurements runs (default: ${DEFAULT-VALUE}).")
    long verifyMillis = DEFAULTS.verifyMillis();

    @Option(
        names = "--data-dir",
        description = "Keep the node's data here instead of a temporary directory.")
    Path dataDir;

    @Override
    int execute() throws Exception {
      LedgerBenchOptions options;
      try {
        options =
            new LedgerBenchOptions(
                accounts,
                txsPerAccount,
                warmupTxs,
                batch,
                submitters,
                blockIntervalMillis,
                maxTxsPerBlock,
                verifyThreads,
                verifyMillis,
                dataDir);
      } catch (IllegalArgumentException e) {
        throw new CommandFailure(ExitCode.USAGE, e.getMessage());
      }
      LedgerBenchResult result =
          new LedgerBenchmark(
                  options,
                  line -> {
                    err().println("bench: " + line);
                    err().flush();
                  })
              .run();
      err()
          .printf(
              Locale.ROOT,
              "bench: %d transactions committed in %.2f s over %d blocks, %d rejected%n"
                  + "bench: CPU time %.1f us per committed transaction, %.1f us per"
                  + " verification%n",
              result.committed(),
              result.seconds(),
              result.blocks(),
              result.rejected(),
              result.cpuMicrosPerTx(),
              result.cpuMicrosPerVerify());
      out().println(result.summaryLine());
      out().flush();
      return ExitCode.OK;
    }
  }

  /** Runs many single-unit jobs through a real node and sandboxing agents. */
  @Command(
      name = "market",
      description = {
        "Measure the jobs per second the marketplace runs end to end.",
        "Start a node and provider agents with simulated GPUs, submit many single-unit jobs (a"
            + " trivial command in the sandbox) from several buyers and time them end to end.",
        "Ends with: market: <J> jobs/s end to end, <U> units/s, auction latency p50 <a> ms p99 <b> ms"
      })
  static final class Market extends GridworkCommand {
    private static final MarketBenchOptions DEFAULTS = MarketBenchOptions.defaults();

    @Option(names = "--agents", description = "Provider agents (default: ${DEFAULT-VALUE}).")
    int agents = DEFAULTS.agents();

    @Option(
        names = "--gpus-per-agent",
        description = "Simulated GPUs per agent (default: ${DEFAULT-VALUE}).")
    int gpusPerAgent = DEFAULTS.gpusPerAgent();

    @Option(names = "--buyers", description = "Buyer accounts (default: ${DEFAULT-VALUE}).")
    int buyers = DEFAULTS.buyers();

    @Option(
        names = "--warmup-jobs",
        description = "Jobs run before the timed phase (default: ${DEFAULT-VALUE}).")
    int warmupJobs = DEFAULTS.warmupJobs();

    @Option(
        names = "--jobs",
        description = "Single-unit jobs in the timed phase (default: ${DEFAULT-VALUE}).")
    int jobs = DEFAULTS.jobs();

    @Option(
        names = "--jobs-per-second",
        description =
            "The rate jobs are offered at, a batch per block (default: ${DEFAULT-VALUE}).")
    int jobsPerSecond = DEFAULTS.jobsPerSecond();

    @Option(
        names = "--block-interval-ms",
        description = "The node's block interval (default: ${DEFAULT-VALUE}).")
    long blockIntervalMillis = DEFAULTS.blockIntervalMillis();

    @Option(
        names = "--bid-window-blocks",
        description = "Blocks each auction takes bids (default: ${DEFAULT-VALUE}).")
    long bidWindowBlocks = DEFAULTS.bidWindowBlocks();

    @Option(
        names = "--data-dir",
        description = "Keep the node's and agents' data here instead of a temporary directory.")
    Path dataDir;

    @Override
    int execute() throws Exception {
      MarketBenchOptions options;
      try {
        options =
            new MarketBenchOptions(
                agents,
                gpusPerAgent,
                buyers,
                warmupJobs,
                jobs,
                jobsPerSecond,
                blockIntervalMillis,
                bidWindowBlocks,
                dataDir);
      } catch (IllegalArgumentException e) {
        throw new CommandFailure(ExitCode.USAGE, e.getMessage());
      }
      MarketBenchResult result;
      try {
        result =
            new MarketBenchmark(
                    options,
                    line -> {
                      err().println("bench: " + line);
                      err().flush();
                    })
                .run();
      } catch (IllegalStateException e) {
        throw new CommandFailure("the market benchmark did not finish: " + e.getMessage());
      }
      err()
          .printf(
              Locale.ROOT,
              "bench: %d jobs paid in %.2f s; the bid window is %d ms%n",
              result.jobs(),
              result.seconds(),
              result.bidWindowMillis());
      err().println("bench: " + result.stagesLine());
      out().println(result.summaryLine());
      out().flush();
      return ExitCode.OK;
    }
  }

  /** Runs the ledger's verification code against synthetic honest and cheating providers. */
  @Command(
      name = "verify",
      description = {
        "Measure what result verification costs and how many cheats it catches.",
        "Run the ledger's own block executor in memory with honest providers and cheaters that"
            + " forge a share of their results, every provider auditing when the ledger picks it.",
        "Ends with: verify: audit overhead <o>%%, detection <d>%% within <n> units, false slashes"
            + " <f>"
      })
  static final class Verify extends GridworkCommand {
    private static final VerifyBenchOptions DEFAULTS = VerifyBenchOptions.defaults();

    @Option(
        names = "--trials",
        description = "Cheating providers, one trial each (default: ${DEFAULT-VALUE}).")
    int trials = DEFAULTS.trials();

    @Option(
        names = "--units-per-trial",
        description = "Units each cheater reports (default: ${DEFAULT-VALUE}).")
    int unitsPerTrial = DEFAULTS.unitsPerTrial();

    @Option(
        names = "--cheat-percent",
        description = "Share of a cheater's units it forges (default: ${DEFAULT-VALUE}).")
    int cheatPercent = DEFAULTS.cheatPercent();

    @Option(
        names = "--honest-providers",
        description = "Honest providers, at least 3 (default: ${DEFAULT-VALUE}).")
    int honestProviders = DEFAULTS.honestProviders();

    @Option(
        names = "--steady-units",
        description =
            "Units each honest provider reports once audited at the floor rate"
                + " (default: ${DEFAULT-VALUE}).")
    int steadyUnits = DEFAULTS.steadyUnits();

    @Option(
        names = "--honest-units-per-block",
        description = "Units an honest provider reports per block (default: ${DEFAULT-VALUE}).")
    int honestUnitsPerBlock = DEFAULTS.honestUnitsPerBlock();

    @Option(
        names = "--auditor-drop-percent",
        description =
            "Share of audit assignments never answered, as by a crashed auditor"
                + " (default: ${DEFAULT-VALUE}).")
    int auditorDropPercent = DEFAULTS.auditorDropPercent();

    @Option(
        names = "--seed",
        description =
            "Seeds which units are forged and which audits dropped (default: ${DEFAULT-VALUE}).")
    long seed = DEFAULTS.seed();

    @Override
    int execute() {
      VerifyBenchOptions options;
      try {
        options =
            new VerifyBenchOptions(
                trials,
                unitsPerTrial,
                cheatPercent,
                honestProviders,
                steadyUnits,
                honestUnitsPerBlock,
                auditorDropPercent,
                seed);
      } catch (IllegalArgumentException e) {
        throw new CommandFailure(ExitCode.USAGE, e.getMessage());
      }
      long start = System.nanoTime();
      VerifyBenchResult result =
          new VerifyBenchmark(
                  options,
                  line -> {
                    err().println("bench: " + line);
                    err().flush();
                  })
              .run();
      err()
          .printf(
              Locale.ROOT,
              "bench: %d of %d cheaters slashed, %d audit assignments (%d timed out), %.1f s%n",
              result.detected(),
              result.trials(),
              result.audits(),
              result.timedOut(),
              (System.nanoTime() - start) / 1e9);
      out().println(result.latencyLine());
      out().println(result.summaryLine());
      out().flush();
      return ExitCode.OK;
    }
  }

  /** Runs the JMH benchmarks compiled into the jar, with JMH's own command line. */
  @Command(
      name = "jmh",
      description = {
        "Run the JMH micro-benchmarks (signatures, codec, …) shipped in this jar.",
        "Arguments go to JMH, e.g. `gridwork bench jmh SignatureBenchmark -f 1`."
      })
  static final class Jmh extends GridworkCommand {
    @Parameters(arity = "0..*", description = "JMH arguments (a benchmark regex, -f, -wi, …).")
    String[] args = new String[0];

    @Override
    int execute() throws Exception {
      org.openjdk.jmh.Main.main(args);
      return ExitCode.OK;
    }
  }
}
