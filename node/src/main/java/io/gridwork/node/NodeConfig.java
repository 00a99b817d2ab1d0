package io.gridwork.node;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Everything a validator process can be tuned with, in one place with documented defaults. It is
 * read from {@code <dataDir>/config.yaml} and the caller (flags, tests) overrides single fields
 * with the {@code with…} methods.
 *
 * @param dataDir holds {@code config.yaml}, {@code genesis.json} and the RocksDB directory {@code
 *     db/}
 * @param apiHost interface the HTTP API binds to; loopback by default so a devnet is not exposed
 * @param apiPort HTTP API port; 0 picks a free port
 * @param blockIntervalMillis time between blocks; empty blocks are produced too
 * @param maxTxsPerBlock upper bound on transactions in one block
 * @param mempoolMaxTxs pending transactions kept before low-fee ones are refused or evicted
 * @param maxNonceGap how far ahead of its account nonce a sender may queue transactions
 * @param verifyThreads platform threads that check signatures of submitted batches
 * @param maxBatchTxs most transactions accepted in one batch request
 * @param maxBlobBytes largest blob one upload may store
 * @param maxJobBlobBytes most bytes of blobs (inputs and outputs together) one job may store
 * @param blobRetentionSeconds how long after a job ends (by block time) its blobs are deleted
 * @param clientLimits what one client may hold of the node: pending transactions, connection time
 */
public record NodeConfig(
    Path dataDir,
    String apiHost,
    int apiPort,
    long blockIntervalMillis,
    int maxTxsPerBlock,
    int mempoolMaxTxs,
    int maxNonceGap,
    int verifyThreads,
    int maxBatchTxs,
    long maxBlobBytes,
    long maxJobBlobBytes,
    long blobRetentionSeconds,
    ClientLimits clientLimits) {

  public static final String CONFIG_FILE = "config.yaml";
  public static final String GENESIS_FILE = "genesis.json";
  public static final String DB_DIR = "db";
  public static final String BLOB_DIR = "blobs";

  public static final String DEFAULT_API_HOST = "127.0.0.1";
  public static final int DEFAULT_API_PORT = 7700;
  public static final long DEFAULT_BLOCK_INTERVAL_MILLIS = 1_000;
  public static final int DEFAULT_MAX_TXS_PER_BLOCK = 5_000;
  public static final int DEFAULT_MEMPOOL_MAX_TXS = 50_000;
  public static final int DEFAULT_MAX_NONCE_GAP = 1_000;
  public static final int DEFAULT_MAX_BATCH_TXS = 10_000;
  public static final long DEFAULT_MAX_BLOB_BYTES = 256L << 20;
  public static final long DEFAULT_MAX_JOB_BLOB_BYTES = 2L << 30;
  public static final long DEFAULT_BLOB_RETENTION_SECONDS = 7L * 24 * 3600;

  private static final Set<String> KEYS =
      Set.of(
          "apiHost",
          "apiPort",
          "blockIntervalMillis",
          "maxTxsPerBlock",
          "mempoolMaxTxs",
          "maxNonceGap",
          "verifyThreads",
          "maxBatchTxs",
          "maxBlobBytes",
          "maxJobBlobBytes",
          "blobRetentionSeconds",
          "maxPendingPerAccount",
          "gapExpiryBlocks",
          "requestHeaderTimeoutMillis",
          "minRequestBytesPerSecond");

  public NodeConfig {
    Objects.requireNonNull(dataDir, "dataDir");
    if (apiHost == null || apiHost.isBlank()) {
      throw new IllegalArgumentException("apiHost must not be empty");
    }
    if (apiPort < 0 || apiPort > 65_535) {
      throw new IllegalArgumentException("apiPort must be 0..65535, got " + apiPort);
    }
    requirePositive("blockIntervalMillis", blockIntervalMillis);
    requirePositive("maxTxsPerBlock", maxTxsPerBlock);
    requirePositive("mempoolMaxTxs", mempoolMaxTxs);
    requirePositive("maxNonceGap", maxNonceGap);
    requirePositive("verifyThreads", verifyThreads);
    requirePositive("maxBatchTxs", maxBatchTxs);
    requirePositive("maxBlobBytes", maxBlobBytes);
    requirePositive("maxJobBlobBytes", maxJobBlobBytes);
    requirePositive("blobRetentionSeconds", blobRetentionSeconds);
    Objects.requireNonNull(clientLimits, "clientLimits");
  }

  /**
   * What one client may hold of the node.
   *
   * @param maxPendingPerAccount most transactions one account may have pending
   * @param gapExpiryBlocks blocks after which a pending transaction still behind a nonce gap is
   *     dropped
   * @param requestHeaderTimeoutMillis time a connection has to send a request's line and headers
   *     once it has started them
   * @param minRequestBytesPerSecond slowest average rate at which a request body must arrive
   */
  public record ClientLimits(
      int maxPendingPerAccount,
      int gapExpiryBlocks,
      long requestHeaderTimeoutMillis,
      long minRequestBytesPerSecond) {
    public static final ClientLimits DEFAULTS = new ClientLimits(256, 10, 10_000, 16_384);

    public ClientLimits {
      requirePositive("maxPendingPerAccount", maxPendingPerAccount);
      requirePositive("gapExpiryBlocks", gapExpiryBlocks);
      requirePositive("requestHeaderTimeoutMillis", requestHeaderTimeoutMillis);
      requirePositive("minRequestBytesPerSecond", minRequestBytesPerSecond);
    }
  }

  private static void requirePositive(String key, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(key + " must be positive, got " + value);
    }
  }

  /** The defaults for a node keeping its data in {@code dataDir}. */
  public static NodeConfig defaults(Path dataDir) {
    return new NodeConfig(
        dataDir,
        DEFAULT_API_HOST,
        DEFAULT_API_PORT,
        DEFAULT_BLOCK_INTERVAL_MILLIS,
        DEFAULT_MAX_TXS_PER_BLOCK,
        DEFAULT_MEMPOOL_MAX_TXS,
        DEFAULT_MAX_NONCE_GAP,
        Runtime.getRuntime().availableProcessors(),
        DEFAULT_MAX_BATCH_TXS,
        DEFAULT_MAX_BLOB_BYTES,
        DEFAULT_MAX_JOB_BLOB_BYTES,
        DEFAULT_BLOB_RETENTION_SECONDS,
        ClientLimits.DEFAULTS);
  }

  /**
   * Reads {@code <dataDir>/config.yaml}, or returns the defaults when there is none. Throws {@link
   * IllegalArgumentException} naming the key when the file has an unknown key or a bad value.
   */
  public static NodeConfig load(Path dataDir) {
    Path file = dataDir.resolve(CONFIG_FILE);
    if (!Files.exists(file)) {
      return defaults(dataDir);
    }
    try {
      return parse(dataDir, Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  /** Parses YAML text; keys left out keep their defaults. */
  public static NodeConfig parse(Path dataDir, String yaml) {
    JsonNode root;
    try {
      root =
          new ObjectMapper(new YAMLFactory())
              .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
              .readTree(yaml);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not valid YAML: " + e.getOriginalMessage(), e);
    }
    NodeConfig c = defaults(dataDir);
    if (root == null || root.isMissingNode() || root.isNull()) {
      return c;
    }
    if (!root.isObject()) {
      throw new IllegalArgumentException("expected a mapping of settings, e.g. 'apiPort: 7700'");
    }
    for (Map.Entry<String, JsonNode> e : root.properties()) {
      String key = e.getKey();
      JsonNode v = e.getValue();
      if (!KEYS.contains(key)) {
        throw new IllegalArgumentException(
            "unknown key '" + key + "'; known keys are " + KEYS.stream().sorted().toList());
      }
      try {
        c =
            switch (key) {
              case "apiHost" -> c.withApiHost(text(key, v));
              case "apiPort" -> c.withApiPort(intValue(key, v));
              case "blockIntervalMillis" -> c.withBlockIntervalMillis(longValue(key, v));
              case "maxTxsPerBlock" -> c.withMaxTxsPerBlock(intValue(key, v));
              case "mempoolMaxTxs" -> c.withMempoolMaxTxs(intValue(key, v));
              case "maxNonceGap" -> c.withMaxNonceGap(intValue(key, v));
              case "verifyThreads" -> c.withVerifyThreads(intValue(key, v));
              case "maxBatchTxs" -> c.withMaxBatchTxs(intValue(key, v));
              case "maxBlobBytes" -> c.withMaxBlobBytes(longValue(key, v));
              case "maxJobBlobBytes" -> c.withMaxJobBlobBytes(longValue(key, v));
              case "blobRetentionSeconds" -> c.withBlobRetentionSeconds(longValue(key, v));
              case "maxPendingPerAccount" -> c.withMaxPendingPerAccount(intValue(key, v));
              case "gapExpiryBlocks" -> c.withGapExpiryBlocks(intValue(key, v));
              case "requestHeaderTimeoutMillis" ->
                  c.withRequestHeaderTimeoutMillis(longValue(key, v));
              case "minRequestBytesPerSecond" -> c.withMinRequestBytesPerSecond(longValue(key, v));
              default -> throw new IllegalStateException("key list and switch disagree: " + key);
            };
      } catch (IllegalArgumentException ex) {
        String msg = ex.getMessage();
        throw new IllegalArgumentException(
            msg.startsWith(key) ? msg : "bad value for '" + key + "': " + msg, ex);
      }
    }
    return c;
  }

  private static String text(String key, JsonNode v) {
    if (!v.isTextual()) {
      throw new IllegalArgumentException(key + " must be a string, got '" + v + "'");
    }
    return v.textValue();
  }

  private static long longValue(String key, JsonNode v) {
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new IllegalArgumentException(key + " must be a whole number, got '" + v + "'");
    }
    return v.longValue();
  }

  private static int intValue(String key, JsonNode v) {
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      throw new IllegalArgumentException(key + " must be a whole number, got '" + v + "'");
    }
    return v.intValue();
  }

  /** A commented config file with every key at its default, for {@code gridwork node init}. */
  public static String defaultYaml() {
    return """
        # Gridwork node settings. Delete a line to use its default.

        # Interface the HTTP API binds to. 127.0.0.1 keeps it private to this machine;
        # use 0.0.0.0 to serve other machines.
        apiHost: %s

        # HTTP API port (0 picks a free port).
        apiPort: %d

        # Milliseconds between blocks. Blocks are produced even when there is nothing to include.
        blockIntervalMillis: %d

        # Most transactions in one block.
        maxTxsPerBlock: %d

        # Most pending transactions. When full, a new transaction is taken only if it pays a
        # higher fee than the cheapest pending one, which is then dropped.
        mempoolMaxTxs: %d

        # How far ahead of its account nonce a sender may queue transactions.
        maxNonceGap: %d

        # Threads that verify signatures of submitted transactions (default: one per CPU).
        # verifyThreads: 4

        # Most transactions in one POST /v1/txs/batch request.
        maxBatchTxs: %d

        # Largest blob (job input or output) one upload may store, in bytes (default 256 MiB).
        maxBlobBytes: %d

        # Most bytes of blobs one job may store, inputs and outputs together (default 2 GiB).
        maxJobBlobBytes: %d

        # Seconds after a job ends (by block time) before its inputs, outputs and checkpoints are
        # deleted (default 7 days). Buyers must download outputs before then. A blob another
        # running job also uses is kept.
        blobRetentionSeconds: %d

        # Most pending transactions one account may have. When an account is at the limit, a
        # transaction that can run next replaces its highest nonce waiting behind a gap.
        maxPendingPerAccount: %d

        # Blocks after which a pending transaction that still waits for an earlier nonce is dropped.
        gapExpiryBlocks: %d

        # Milliseconds a connection has to send a request's line and headers once it has begun.
        requestHeaderTimeoutMillis: %d

        # Slowest average rate, in bytes per second, at which a request body must arrive; a slower
        # connection is closed.
        minRequestBytesPerSecond: %d
        """
        .formatted(
            DEFAULT_API_HOST,
            DEFAULT_API_PORT,
            DEFAULT_BLOCK_INTERVAL_MILLIS,
            DEFAULT_MAX_TXS_PER_BLOCK,
            DEFAULT_MEMPOOL_MAX_TXS,
            DEFAULT_MAX_NONCE_GAP,
            DEFAULT_MAX_BATCH_TXS,
            DEFAULT_MAX_BLOB_BYTES,
            DEFAULT_MAX_JOB_BLOB_BYTES,
            DEFAULT_BLOB_RETENTION_SECONDS,
            ClientLimits.DEFAULTS.maxPendingPerAccount(),
            ClientLimits.DEFAULTS.gapExpiryBlocks(),
            ClientLimits.DEFAULTS.requestHeaderTimeoutMillis(),
            ClientLimits.DEFAULTS.minRequestBytesPerSecond());
  }

  public Path genesisFile() {
    return dataDir.resolve(GENESIS_FILE);
  }

  public Path dbDir() {
    return dataDir.resolve(DB_DIR);
  }

  public Path blobDir() {
    return dataDir.resolve(BLOB_DIR);
  }

  public NodeConfig withApiHost(String v) {
    return with(d -> d.apiHost = v);
  }

  public NodeConfig withApiPort(int v) {
    return with(d -> d.apiPort = v);
  }

  public NodeConfig withBlockIntervalMillis(long v) {
    return with(d -> d.blockIntervalMillis = v);
  }

  public NodeConfig withMaxTxsPerBlock(int v) {
    return with(d -> d.maxTxsPerBlock = v);
  }

  public NodeConfig withMempoolMaxTxs(int v) {
    return with(d -> d.mempoolMaxTxs = v);
  }

  public NodeConfig withMaxNonceGap(int v) {
    return with(d -> d.maxNonceGap = v);
  }

  public NodeConfig withVerifyThreads(int v) {
    return with(d -> d.verifyThreads = v);
  }

  public NodeConfig withMaxBatchTxs(int v) {
    return with(d -> d.maxBatchTxs = v);
  }

  public NodeConfig withMaxBlobBytes(long v) {
    return with(d -> d.maxBlobBytes = v);
  }

  public NodeConfig withMaxJobBlobBytes(long v) {
    return with(d -> d.maxJobBlobBytes = v);
  }

  public NodeConfig withBlobRetentionSeconds(long v) {
    return with(d -> d.blobRetentionSeconds = v);
  }

  public NodeConfig withClientLimits(ClientLimits v) {
    return with(d -> d.clientLimits = v);
  }

  public NodeConfig withMaxPendingPerAccount(int v) {
    ClientLimits l = clientLimits;
    return withClientLimits(
        new ClientLimits(
            v, l.gapExpiryBlocks(), l.requestHeaderTimeoutMillis(), l.minRequestBytesPerSecond()));
  }

  public NodeConfig withGapExpiryBlocks(int v) {
    ClientLimits l = clientLimits;
    return withClientLimits(
        new ClientLimits(
            l.maxPendingPerAccount(),
            v,
            l.requestHeaderTimeoutMillis(),
            l.minRequestBytesPerSecond()));
  }

  public NodeConfig withRequestHeaderTimeoutMillis(long v) {
    ClientLimits l = clientLimits;
    return withClientLimits(
        new ClientLimits(
            l.maxPendingPerAccount(), l.gapExpiryBlocks(), v, l.minRequestBytesPerSecond()));
  }

  public NodeConfig withMinRequestBytesPerSecond(long v) {
    ClientLimits l = clientLimits;
    return withClientLimits(
        new ClientLimits(
            l.maxPendingPerAccount(), l.gapExpiryBlocks(), l.requestHeaderTimeoutMillis(), v));
  }

  /** This config with {@code change} applied to a copy of its fields, checked again. */
  private NodeConfig with(Consumer<Draft> change) {
    Draft d = new Draft(this);
    change.accept(d);
    return d.build();
  }

  /**
   * The fields of a config while one of them changes: each wither names only its own field instead
   * of restating all of them.
   */
  private static final class Draft {
    Path dataDir;
    String apiHost;
    int apiPort;
    long blockIntervalMillis;
    int maxTxsPerBlock;
    int mempoolMaxTxs;
    int maxNonceGap;
    int verifyThreads;
    int maxBatchTxs;
    long maxBlobBytes;
    long maxJobBlobBytes;
    long blobRetentionSeconds;
    ClientLimits clientLimits;

    Draft(NodeConfig c) {
      dataDir = c.dataDir;
      apiHost = c.apiHost;
      apiPort = c.apiPort;
      blockIntervalMillis = c.blockIntervalMillis;
      maxTxsPerBlock = c.maxTxsPerBlock;
      mempoolMaxTxs = c.mempoolMaxTxs;
      maxNonceGap = c.maxNonceGap;
      verifyThreads = c.verifyThreads;
      maxBatchTxs = c.maxBatchTxs;
      maxBlobBytes = c.maxBlobBytes;
      maxJobBlobBytes = c.maxJobBlobBytes;
      blobRetentionSeconds = c.blobRetentionSeconds;
      clientLimits = c.clientLimits;
    }

    NodeConfig build() {
      return new NodeConfig(
          dataDir,
          apiHost,
          apiPort,
          blockIntervalMillis,
          maxTxsPerBlock,
          mempoolMaxTxs,
          maxNonceGap,
          verifyThreads,
          maxBatchTxs,
          maxBlobBytes,
          maxJobBlobBytes,
          blobRetentionSeconds,
          clientLimits);
    }
  }
}
