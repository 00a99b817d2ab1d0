package io.gridwork.cli;

import io.gridwork.bench.ledger.LedgerBenchOptions;
import io.gridwork.bench.ledger.LedgerBenchResult;
import io.gridwork.bench.ledger.LedgerBenchmark;
import io.gridwork.bench.market.MarketBenchOptions;
import io.gridwork.bench.market.MarketBenchResult;
import io.gridwork.bench.market.MarketBenchmark;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Benchmarks that measure the real node and libraries on this machine and print their figures. */
@Command(
    name = "bench",
    description =
        "Measure this machine: the ledger's or the marketplace's throughput, or the JMH"
            + " micro-benchmarks.",
    subcommands = {BenchCommand.Ledger.class, BenchCommand.Market.class, BenchCommand.Jmh.class})
final class BenchCommand extends CommandGroup {

  /** Drives signed transfers through a real node and compares with the signature bound. */
  @Command(
      name = "ledger",
      description = {
        "Start a node, push pre-signed transfers from many accounts through its HTTP API and",
        "compare the committed rate with Ed25519 verifications per second on the node's threads.",
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
        description = "Transfers sent before the timed phase (default: ${DEFAULT-VALUE}).")
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
              "bench: %d transactions committed in %.2f s over %d blocks, %d rejected%n",
              result.committed(),
              result.seconds(),
              result.blocks(),
              result.rejected());
      out().println(result.summaryLine());
      out().flush();
      return ExitCode.OK;
    }
  }

  /** Runs many single-unit jobs through a real node and sandboxing agents. */
  @Command(
      name = "market",
      description = {
        "Start a node and provider agents with simulated GPUs, submit many single-unit jobs",
        "(a trivial command in the sandbox) from several buyers and time them end to end.",
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
