package io.gridwork.node;

import io.gridwork.chain.genesis.Genesis;
import io.gridwork.chain.genesis.GenesisJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a node as a process: {@code --data-dir DIR [--port N] [--block-interval-ms N]}. Settings
 * come from {@code DIR/config.yaml}, the chain from {@code DIR/genesis.json}; flags override the
 * file. Stops cleanly on SIGTERM/Ctrl-C; a SIGKILL loses at most the block being written.
 */
public final class NodeMain {
  private static final Logger LOG = LoggerFactory.getLogger(NodeMain.class);

  private NodeMain() {}

  public static void main(String[] args) throws InterruptedException {
    NodeConfig config;
    Genesis genesis;
    try {
      config = parse(args);
      genesis = readGenesis(config.genesisFile());
    } catch (IllegalArgumentException e) {
      LOG.error("cannot start the node: {}", e.getMessage());
      System.exit(2);
      return;
    }
    Node node;
    try {
      node = Node.start(config, genesis);
    } catch (IllegalStateException | IllegalArgumentException e) {
      LOG.error("cannot start the node: {}", e.getMessage());
      System.exit(1);
      return;
    } catch (RuntimeException e) {
      // A busy port or an unreadable database: the message says which, the trace says where.
      LOG.error("cannot start the node: {}", e.getMessage(), e);
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  node.close();
                  stopped.countDown();
                },
                "gridwork-shutdown"));
    stopped.await();
  }

  /** The config of {@code --data-dir} with the flags applied on top. */
  static NodeConfig parse(String[] args) {
    Path dataDir = null;
    Integer port = null;
    Long interval = null;
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(flag + " needs a value; " + usage());
      }
      String value = args[++i];
      switch (flag) {
        case "--data-dir" -> dataDir = Path.of(value);
        case "--port" -> port = port(number(flag, value));
        case "--block-interval-ms" -> interval = number(flag, value);
        default -> throw new IllegalArgumentException("unknown option " + flag + "; " + usage());
      }
    }
    if (dataDir == null) {
      throw new IllegalArgumentException("--data-dir is required; " + usage());
    }
    NodeConfig config = NodeConfig.load(dataDir);
    if (port != null) {
      config = config.withApiPort(port);
    }
    if (interval != null) {
      config = config.withBlockIntervalMillis(interval);
    }
    return config;
  }

  private static Long number(String flag, String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " takes a whole number, got '" + value + "'");
    }
  }

  private static int port(long value) {
    if (value < 0 || value > 65_535) {
      throw new IllegalArgumentException("--port must be 0..65535, got " + value);
    }
    return (int) value;
  }

  private static String usage() {
    return "usage: NodeMain --data-dir DIR [--port N] [--block-interval-ms N]";
  }

  private static Genesis readGenesis(Path file) {
    if (!Files.exists(file)) {
      throw new IllegalArgumentException(
          file + " does not exist; create the data directory with `gridwork node init`");
    }
    try {
      return GenesisJson.parse(Files.readString(file));
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }
}
