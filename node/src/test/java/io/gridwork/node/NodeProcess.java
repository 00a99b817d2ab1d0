package io.gridwork.node;

import io.gridwork.chain.genesis.GenesisJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A node in a process of its own, for tests that kill one: {@code DATA_DIR PORT BLOCK_INTERVAL_MS}.
 * Users start a node with {@code gridwork node start}; this is the same start without the CLI.
 */
final class NodeProcess {
  private NodeProcess() {}

  public static void main(String[] args) throws Exception {
    Path dataDir = Path.of(args[0]);
    NodeConfig config =
        NodeConfig.load(dataDir)
            .withApiPort(Integer.parseInt(args[1]))
            .withBlockIntervalMillis(Long.parseLong(args[2]));
    Node node = Node.start(config, GenesisJson.parse(Files.readString(config.genesisFile())));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  node.close();
                  stopped.countDown();
                }));
    stopped.await();
  }
}
