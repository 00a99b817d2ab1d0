package io.gridwork.cli;

import io.gridwork.chain.genesis.Genesis;
import io.gridwork.chain.genesis.GenesisAccount;
import io.gridwork.chain.genesis.GenesisJson;
import io.gridwork.chain.genesis.Params;
import io.gridwork.node.Node;
import io.gridwork.node.NodeConfig;
import io.gridwork.protocol.Address;
import io.gridwork.protocol.Amount;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code gridwork node ...}: set up and run a validator node. */
@Command(
    name = "node",
    description = "Initialize and run a validator node.",
    subcommands = {NodeCommand.Init.class, NodeCommand.Start.class})
final class NodeCommand extends CommandGroup {

  @Command(
      name = "init",
      description = "Write config.yaml (commented defaults) and genesis.json into the home dir.")
  static final class Init extends GridworkCommand {
    static final String DEFAULT_CHAIN_ID = "gridwork-local";

    @Mixin HomeOption home;
    @Mixin OutputOption output;

    @Option(
        names = "--chain-id",
        paramLabel = "ID",
        defaultValue = DEFAULT_CHAIN_ID,
        description = "chain id: lowercase letters, digits and '-' (default: ${DEFAULT-VALUE})")
    String chainId;

    @Option(
        names = "--fund",
        paramLabel = "ADDRESS=AMOUNT",
        description = {
          "fund an account at genesis, e.g. grid1…=1000GRID; repeatable.",
          "ADDRESS may also be the name of a key in this home."
        })
    List<String> funds = new ArrayList<>();

    @Override
    int execute() throws IOException {
      Path dir = home.resolve();
      Path config = dir.resolve(NodeConfig.CONFIG_FILE);
      Path genesisFile = dir.resolve(NodeConfig.GENESIS_FILE);
      for (Path existing : List.of(config, genesisFile)) {
        if (Files.exists(existing)) {
          throw new CommandFailure(
              dir
                  + " is already initialized ("
                  + existing.getFileName()
                  + " exists); start it with 'gridwork node start --home "
                  + dir
                  + "' or pick another --home");
        }
      }
      List<GenesisAccount> accounts = new ArrayList<>();
      for (String fund : funds) {
        accounts.add(parseFund(fund, new KeyStore(dir)));
      }
      Genesis genesis =
          new Genesis(chainId, System.currentTimeMillis(), accounts, Params.defaults());
      List<String> problems = genesis.problems();
      if (!problems.isEmpty()) {
        throw new CommandFailure(ExitCode.USAGE, String.join("; ", problems));
      }
      Files.createDirectories(dir);
      Files.writeString(config, NodeConfig.defaultYaml());
      Files.writeString(genesisFile, GenesisJson.write(genesis));

      Fields fields =
          new Fields()
              .put("home", dir.toString())
              .put("config", config.toString())
              .put("genesis", genesisFile.toString())
              .put("chainId", chainId)
              .put("fundedAccounts", accounts.size())
              .amount("totalSupply", genesis.totalSupply());
      if (accounts.isEmpty()) {
        fields.note("No account is funded: edit genesis.json or init again with --fund.");
      }
      fields.note("Start it with: gridwork node start --home " + dir);
      fields.report().print(output.format, out());
      return ExitCode.OK;
    }

    private static GenesisAccount parseFund(String fund, KeyStore keys) {
      int eq = fund.lastIndexOf('=');
      if (eq <= 0 || eq == fund.length() - 1) {
        throw new CommandFailure(
            ExitCode.USAGE,
            "--fund '" + fund + "' must look like grid1…=1000GRID or alice=1000GRID");
      }
      String who = fund.substring(0, eq).strip();
      Address address;
      try {
        address =
            who.startsWith(Address.PREFIX + "1") || !keys.exists(who)
                ? Address.parse(who)
                : keys.info(who).address();
      } catch (IllegalArgumentException e) {
        String notAKey =
            who.startsWith(Address.PREFIX + "1") ? "" : " (nor is it a key in " + keys.dir() + ")";
        throw new CommandFailure(
            ExitCode.USAGE, "--fund '" + fund + "': " + e.getMessage() + notAKey);
      }
      try {
        return new GenesisAccount(address, Amount.parse(fund.substring(eq + 1)).ugrid());
      } catch (IllegalArgumentException e) {
        throw new CommandFailure(ExitCode.USAGE, "--fund '" + fund + "': " + e.getMessage());
      }
    }
  }

  @Command(name = "start", description = "Run the node until Ctrl-C.")
  static final class Start extends GridworkCommand {
    @Mixin HomeOption home;

    @Option(
        names = "--port",
        paramLabel = "N",
        description = "HTTP API port, overriding config.yaml (0 picks a free port)")
    Integer port;

    @Override
    int execute() throws InterruptedException {
      LogLevels.longRunningProcess();
      Path dir = home.resolve();
      NodeConfig config = loadConfig(dir);
      if (port != null) {
        config = config.withApiPort(port);
      }
      Genesis genesis = loadGenesis(config.genesisFile());
      Node node = NodeLauncher.start(config, genesis);
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    node.close();
                    stopped.countDown();
                  },
                  "gridwork-node-shutdown"));
      out()
          .printf(
              "Node running: chain %s, API http://%s:%d, data in %s. Stop with Ctrl-C.%n",
              genesis.chainId(), config.apiHost(), node.apiPort(), dir);
      out().flush();
      stopped.await();
      return ExitCode.OK;
    }

    private static NodeConfig loadConfig(Path dir) {
      if (!Files.isDirectory(dir)) {
        throw new CommandFailure(
            dir + " does not exist; create it with 'gridwork node init --home " + dir + "'");
      }
      try {
        return NodeConfig.load(dir);
      } catch (IllegalArgumentException | UncheckedIOException e) {
        throw new CommandFailure(e.getMessage());
      }
    }

    static Genesis loadGenesis(Path file) {
      try {
        return GenesisJson.parse(Files.readString(file));
      } catch (NoSuchFileException e) {
        throw new CommandFailure(
            "no "
                + file.getFileName()
                + " in "
                + file.getParent()
                + "; create one with 'gridwork node init --home "
                + file.getParent()
                + "'");
      } catch (IOException e) {
        throw new CommandFailure("cannot read " + file + ": " + FileErrors.reason(e));
      } catch (IllegalArgumentException e) {
        throw new CommandFailure(file + ": " + e.getMessage());
      }
    }
  }
}
