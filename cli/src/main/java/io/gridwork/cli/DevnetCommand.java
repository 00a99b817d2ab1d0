package io.gridwork.cli;

import io.gridwork.chain.genesis.Genesis;
import io.gridwork.chain.genesis.GenesisAccount;
import io.gridwork.chain.genesis.GenesisJson;
import io.gridwork.chain.genesis.Params;
import io.gridwork.client.AccountInfo;
import io.gridwork.client.BlockEvent;
import io.gridwork.client.GridworkClient;
import io.gridwork.node.Node;
import io.gridwork.node.NodeConfig;
import io.gridwork.protocol.Address;
import io.gridwork.protocol.Amount;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.protocol.tx.GpuInventory;
import io.gridwork.protocol.tx.RegisterProvider;
import io.gridwork.protocol.tx.SignedTransaction;
import io.gridwork.protocol.tx.Transfer;
import io.gridwork.protocol.tx.TxBody;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gridwork devnet}: a whole local chain in one command. It starts a real node in-process on
 * a throw-away genesis with deterministic demo accounts, prints blocks as they are produced, sends
 * a few real transactions and a provider registration through the node's API, and shows how to look
 * at the result with the ordinary commands from another terminal.
 */
@Command(
    name = "devnet",
    description = {
      "Run a throw-away local chain with funded demo accounts until Ctrl-C.",
      "Prints each block, sends demo transfers and registers a demo GPU provider."
    })
final class DevnetCommand extends GridworkCommand {
  static final String CHAIN_ID = "gridwork-devnet";
  static final long DEMO_BALANCE = Amount.grid(1_000_000).ugrid();
  static final List<String> ACCOUNTS = List.of("alice", "bob", "carol", "gpu-host");
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

  @Option(
      names = "--port",
      defaultValue = "7700",
      paramLabel = "N",
      description = "HTTP API port (default: ${DEFAULT-VALUE}; 0 picks a free port)")
  int port;

  @Option(
      names = "--block-interval-ms",
      defaultValue = "1000",
      paramLabel = "MS",
      description = "milliseconds between blocks (default: ${DEFAULT-VALUE})")
  long blockIntervalMillis;

  @Option(
      names = "--exit-after",
      paramLabel = "N",
      description = "exit (status 0) after N blocks instead of running until Ctrl-C")
  Integer exitAfterBlocks;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "keep the chain in DIR and resume it next time (default: a temporary dir)")
  Path dataDirOption;

  /** A demo account: the deterministic key behind a devnet name. Never for real funds. */
  static KeyPair key(String name) {
    return KeyPair.fromLabel("devnet/" + name);
  }

  static Address address(String name) {
    return key(name).address();
  }

  @Override
  int execute() throws Exception {
    if (exitAfterBlocks != null && exitAfterBlocks < 1) {
      throw new CommandFailure(ExitCode.USAGE, "--exit-after must be at least 1 block");
    }
    if (port < 0 || port > 65_535) {
      throw new CommandFailure(ExitCode.USAGE, "--port must be 0..65535, got " + port);
    }
    if (blockIntervalMillis < 1) {
      throw new CommandFailure(ExitCode.USAGE, "--block-interval-ms must be positive");
    }
    LogLevels.longRunningProcess();
    boolean temporary = dataDirOption == null;
    Path dataDir =
        temporary ? Files.createTempDirectory("gridwork-devnet-") : dataDirOption.toAbsolutePath();
    Devnet devnet = new Devnet(dataDir, temporary);
    Thread hook = new Thread(devnet::stop, "gridwork-devnet-shutdown");
    try {
      devnet.start();
      Runtime.getRuntime().addShutdownHook(hook);
      devnet.runDemo();
      if (exitAfterBlocks == null) {
        out().println("Running until Ctrl-C.");
        out().flush();
        // Only Ctrl-C ends this run: the shutdown hook stops the node and cleans up.
        new CountDownLatch(1).await();
      } else {
        devnet.enoughBlocks.await();
        out().println("Reached --exit-after " + exitAfterBlocks + "; stopping.");
        out().flush();
      }
      return ExitCode.OK;
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The JVM is already shutting down, so the hook is stopping the devnet right now.
      }
      devnet.stop();
    }
  }

  /** One devnet run: owns the node, the block printer and the temporary directory. */
  private final class Devnet {
    private final Path dataDir;
    private final boolean temporary;
    private final CountDownLatch enoughBlocks;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private Node node;
    private AutoCloseable blockPrinter;
    private GridworkClient client;
    private String url;
    private boolean resumed;

    Devnet(Path dataDir, boolean temporary) {
      this.dataDir = dataDir;
      this.temporary = temporary;
      this.enoughBlocks = new CountDownLatch(exitAfterBlocks == null ? 1 : exitAfterBlocks);
    }

    void start() throws IOException {
      Genesis genesis = genesis();
      NodeConfig config =
          NodeConfig.defaults(dataDir)
              .withApiPort(port)
              .withBlockIntervalMillis(blockIntervalMillis);
      out()
          .printf(
              "Gridwork devnet: chain %s, data in %s%s%n",
              genesis.chainId(),
              dataDir,
              temporary ? " (deleted on exit)" : resumed ? " (resumed)" : " (kept)");
      out().println();
      out().println("Demo accounts (deterministic test keys: never use them for real funds):");
      Table accounts = new Table("NAME", "ADDRESS", "GENESIS BALANCE");
      for (String name : ACCOUNTS) {
        accounts.row(name, key(name).address().toString(), Amount.format(DEMO_BALANCE));
      }
      out().print(accounts.render());
      out().println();
      out().flush();

      node = NodeLauncher.start(config, genesis);
      url = "http://127.0.0.1:" + node.apiPort();
      client = new GridworkClient(url);
      out().println("Node API: " + url);
      out().flush();
      // A new chain is printed from its first block, a resumed one from where it is now.
      long firstBlock = resumed ? client.status().height() + 1 : 1;
      blockPrinter = client.events(firstBlock, this::printBlock);
    }

    /** The genesis in the data dir, or a new one written there so a kept devnet can resume. */
    private Genesis genesis() throws IOException {
      Files.createDirectories(dataDir);
      Path file = dataDir.resolve(NodeConfig.GENESIS_FILE);
      if (Files.exists(file)) {
        Genesis existing = NodeCommand.Start.loadGenesis(file);
        // The demo signs as the devnet's accounts, which only a devnet genesis funds.
        if (!CHAIN_ID.equals(existing.chainId())) {
          throw new CommandFailure(
              dataDir
                  + " holds chain '"
                  + existing.chainId()
                  + "', not a devnet; give --data-dir an empty directory or one an earlier devnet"
                  + " kept, or run that chain with 'gridwork node start --home "
                  + dataDir
                  + "'");
        }
        resumed = true;
        return existing;
      }
      List<GenesisAccount> accounts = new ArrayList<>();
      for (String name : ACCOUNTS) {
        accounts.add(new GenesisAccount(key(name).address(), DEMO_BALANCE));
      }
      Genesis genesis =
          new Genesis(CHAIN_ID, System.currentTimeMillis(), accounts, Params.defaults());
      Files.writeString(file, GenesisJson.write(genesis));
      return genesis;
    }

    private void printBlock(BlockEvent block) {
      String hash = block.hash().toHex().substring(0, 12);
      int txs = block.txs().size();
      out()
          .printf(
              "block %-6d %s  %d tx%s  %s%n",
              block.height(),
              hash,
              txs,
              txs == 1 ? " " : "s",
              TIME.format(Instant.ofEpochMilli(block.timeMillis())));
      out().flush();
      enoughBlocks.countDown();
    }

    void runDemo() throws IOException {
      TxSubmission submission = new TxSubmission(client);
      out()
          .println(
              "Sending demo transfers: alice -> bob 250GRID, bob -> carol 100GRID,"
                  + " carol -> alice 1.5GRID");
      out().flush();
      List<SignedTransaction> transfers =
          List.of(
              submission.sign(
                  key("alice"), new Transfer(address("bob"), Amount.grid(250).ugrid()), null),
              submission.sign(
                  key("bob"), new Transfer(address("carol"), Amount.grid(100).ugrid()), null),
              submission.sign(
                  key("carol"),
                  new Transfer(address("alice"), Amount.parse("1.5GRID").ugrid()),
                  null));
      List<TxSubmission.Outcome> outcomes = new ArrayList<>();
      for (SignedTransaction tx : transfers) {
        outcomes.add(submission.submit(tx, false));
      }
      for (TxSubmission.Outcome outcome : outcomes) {
        requireApplied(
            outcome instanceof TxSubmission.Submitted s
                ? submission.awaitCommit(s.hash())
                : outcome);
      }

      out()
          .println(
              "Registering gpu-host as a provider: 2x rtx4090 (24576 MiB), eu-west, standard,"
                  + " stake 200GRID");
      out().flush();
      TxBody registration =
          new RegisterProvider(
              List.of(new GpuInventory("rtx4090", 24_576, 2)),
              "eu-west",
              "standard",
              new TreeMap<>(Map.of("datacenter", "devnet")),
              Amount.grid(200).ugrid());
      requireApplied(submission.submit(submission.sign(key("gpu-host"), registration, null), true));

      out().println();
      out().println("Balances now:");
      Table balances = new Table("NAME", "BALANCE", "NONCE");
      for (String name : ACCOUNTS) {
        AccountInfo account = client.account(address(name)).orElseThrow();
        balances.row(name, Amount.format(account.balance()), Long.toString(account.nonce()));
      }
      out().print(balances.render());
      out().println();
      out().println("Provider gpu-host:");
      out().print(QueryCommand.describe(client.provider(address("gpu-host")).orElseThrow()).text());
      out().println();
      printTryIt();
      out().flush();
    }

    private void requireApplied(TxSubmission.Outcome outcome) {
      String failure = TxSubmission.failure(outcome);
      if (failure != null) {
        throw new CommandFailure("the devnet demo failed: " + failure);
      }
      if (outcome instanceof TxSubmission.Committed c) {
        out()
            .printf(
                "  tx %s committed in block %d: %s%n",
                c.hash().toHex().substring(0, 12), c.commit().height(), c.commit().code());
        out().flush();
      }
    }

    private void printTryIt() throws IOException {
      Path seeds = dataDir.resolve("demo-keys");
      if (!Files.isDirectory(seeds)) {
        Files.createDirectories(
            seeds,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
      for (String name : ACCOUNTS) {
        Files.writeString(
            seeds.resolve(name + ".seed"), HexFormat.of().formatHex(key(name).seed()) + "\n");
      }
      String node = " --node " + url;
      String alice = address("alice").toString();
      String bob = address("bob").toString();
      out().println("Try it from another terminal:");
      out().println("  gridwork query status" + node);
      out().println("  gridwork query account " + alice + node);
      out().println("  gridwork query provider " + address("gpu-host") + node);
      out().println("  gridwork query providers" + node);
      out().println("  gridwork query block" + node);
      out().println("Sign as a demo account by importing its key:");
      out().println("  gridwork key import alice --seed-hex-file " + seeds.resolve("alice.seed"));
      out().println("  gridwork tx send --from alice --to " + bob + " --amount 1GRID" + node);
    }

    /** Idempotent: called by the shutdown hook on Ctrl-C or by the command when it ends. */
    void stop() {
      if (!stopped.compareAndSet(false, true)) {
        return;
      }
      try {
        if (blockPrinter != null) {
          blockPrinter.close();
        }
      } catch (Exception e) {
        err().println("warning: could not stop the block printer: " + e);
      }
      if (node != null) {
        node.close();
      }
      if (temporary) {
        deleteRecursively(dataDir);
      }
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the devnet directory " + dir, e);
    }
  }
}
