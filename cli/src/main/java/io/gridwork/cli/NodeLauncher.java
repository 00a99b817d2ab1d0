package io.gridwork.cli;

import io.gridwork.chain.genesis.Genesis;
import io.gridwork.node.Node;
import io.gridwork.node.NodeConfig;
import io.gridwork.node.storage.StorageException;
import java.net.BindException;

/**
 * Starts an in-process node for {@code node start} and {@code devnet}, turning the ways a start
 * fails on a user's machine (port taken, data directory in use or from another chain) into messages
 * that say what to change.
 */
final class NodeLauncher {
  private NodeLauncher() {}

  static Node start(NodeConfig config, Genesis genesis) {
    try {
      return Node.start(config, genesis);
    } catch (StorageException e) {
      throw new CommandFailure(
          e.getMessage()
              + "; is another node using "
              + config.dataDir()
              + "? stop it or use another directory");
    } catch (IllegalStateException | IllegalArgumentException e) {
      throw new CommandFailure("cannot start the node: " + e.getMessage());
    } catch (RuntimeException e) {
      if (isPortInUse(e)) {
        throw new CommandFailure(
            "port "
                + config.apiPort()
                + " on "
                + config.apiHost()
                + " is already in use (another node or devnet?); choose another with --port N,"
                + " or --port 0 for any free port");
      }
      throw e;
    }
  }

  private static boolean isPortInUse(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException || t.getClass().getSimpleName().contains("BindException")) {
        return true;
      }
    }
    return false;
  }
}
