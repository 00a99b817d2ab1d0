package io.gridwork.cli;

import io.gridwork.chain.genesis.Genesis;
import io.gridwork.node.Node;
import io.gridwork.node.NodeConfig;
import io.gridwork.node.storage.StorageException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;

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
      if (isBindFailure(e)) {
        throw new CommandFailure(whyNotListening(config));
      }
      throw e;
    }
  }

  /**
   * The server reports every failure to listen the same way, so tell a host that is not this
   * machine's from a port that is taken by looking at the host.
   */
  private static String whyNotListening(NodeConfig config) {
    String host = config.apiHost();
    String fix = "; set apiHost in " + config.dataDir().resolve(NodeConfig.CONFIG_FILE);
    InetAddress address;
    try {
      address = InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      return "cannot serve the API on apiHost '"
          + host
          + "': no such host"
          + fix
          + " to an address of this machine (127.0.0.1, or 0.0.0.0 for all interfaces)";
    }
    if (!address.isAnyLocalAddress() && !isThisMachine(address)) {
      return "cannot serve the API on apiHost '"
          + host
          + "': "
          + address.getHostAddress()
          + " is not an address of this machine"
          + fix
          + " to one of its addresses (127.0.0.1, or 0.0.0.0 for all interfaces)";
    }
    return "port "
        + config.apiPort()
        + " on "
        + host
        + " is already in use (another node or devnet?); choose another with --port N,"
        + " or --port 0 for any free port";
  }

  private static boolean isThisMachine(InetAddress address) {
    try {
      return address.isLoopbackAddress() || NetworkInterface.getByInetAddress(address) != null;
    } catch (SocketException e) {
      // Cannot list the interfaces: assume the address is ours and blame the port, as before.
      return true;
    }
  }

  private static boolean isBindFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException || t.getClass().getSimpleName().contains("BindException")) {
        return true;
      }
    }
    return false;
  }
}
