package io.gridwork.localnet;

import io.gridwork.protocol.crypto.KeyPair;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Starts one provider against a local network's node, so the network can run agents without
 * depending on the agent module (whose tests use the network): the devnet and the benchmarks start
 * agents in this JVM, fault tests start them as child processes.
 *
 * @param <P> the started provider; closing it stops it
 */
@FunctionalInterface
public interface ProviderFactory<P extends AutoCloseable> {

  /**
   * Starts a provider that signs with {@code key}, keeps its files in {@code home} and talks to the
   * node at {@code nodeUrl}.
   */
  P start(String nodeUrl, KeyPair key, Path home) throws IOException;
}
