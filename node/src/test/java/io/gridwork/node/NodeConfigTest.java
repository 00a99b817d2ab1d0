package io.gridwork.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeConfigTest {
  @TempDir Path dir;

  @Test
  void aMissingFileGivesTheDocumentedDefaults() {
    NodeConfig c = NodeConfig.load(dir);

    assertThat(c.apiHost()).isEqualTo("127.0.0.1");
    assertThat(c.apiPort()).isEqualTo(7700);
    assertThat(c.blockIntervalMillis()).isEqualTo(1_000);
    assertThat(c.maxTxsPerBlock()).isEqualTo(5_000);
    assertThat(c.mempoolMaxTxs()).isEqualTo(50_000);
    assertThat(c.maxNonceGap()).isEqualTo(1_000);
    assertThat(c.verifyThreads()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(c.maxBatchTxs()).isEqualTo(10_000);
    assertThat(c.dbDir()).isEqualTo(dir.resolve("db"));
    assertThat(c.maxBlobBytes()).isEqualTo(256L * 1024 * 1024);
    assertThat(c.maxJobBlobBytes()).isEqualTo(2L * 1024 * 1024 * 1024);
    assertThat(c.blobDir()).isEqualTo(dir.resolve("blobs"));
  }

  @Test
  void blobLimitsAreReadFromTheFile() {
    NodeConfig c = NodeConfig.parse(dir, "maxBlobBytes: 1048576\nmaxJobBlobBytes: 8388608\n");

    assertThat(c.maxBlobBytes()).isEqualTo(1_048_576);
    assertThat(c.maxJobBlobBytes()).isEqualTo(8_388_608);
  }

  @Test
  void clientLimitsHaveTheDocumentedDefaultsAndAreReadFromTheFile() {
    NodeConfig defaults = NodeConfig.defaults(dir);
    NodeConfig c =
        NodeConfig.parse(
            dir,
            "maxPendingPerAccount: 16\ngapExpiryBlocks: 3\nrequestHeaderTimeoutMillis: 2000\n"
                + "minRequestBytesPerSecond: 100\n");

    assertThat(defaults.clientLimits())
        .isEqualTo(new NodeConfig.ClientLimits(256, 10, 10_000, 16_384));
    assertThat(c.clientLimits()).isEqualTo(new NodeConfig.ClientLimits(16, 3, 2_000, 100));
  }

  @Test
  void aZeroGapExpiryIsRefusedByName() {
    assertThatThrownBy(() -> NodeConfig.parse(dir, "gapExpiryBlocks: 0\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("gapExpiryBlocks");
  }

  @Test
  void aZeroBlobLimitIsRefusedByName() {
    assertThatThrownBy(() -> NodeConfig.parse(dir, "maxBlobBytes: 0\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxBlobBytes");
  }

  @Test
  void theDefaultFileParsesToTheDefaults() {
    assertThat(NodeConfig.parse(dir, NodeConfig.defaultYaml())).isEqualTo(NodeConfig.defaults(dir));
  }

  @Test
  void keysInTheFileOverrideDefaults() throws Exception {
    Files.writeString(dir.resolve("config.yaml"), "apiPort: 9000\nblockIntervalMillis: 250\n");

    NodeConfig c = NodeConfig.load(dir);

    assertThat(c.apiPort()).isEqualTo(9000);
    assertThat(c.blockIntervalMillis()).isEqualTo(250);
    assertThat(c.maxTxsPerBlock()).isEqualTo(5_000);
  }

  @Test
  void anUnknownKeyIsRejectedByName() throws Exception {
    Files.writeString(dir.resolve("config.yaml"), "apiPrt: 9000\n");

    assertThatThrownBy(() -> NodeConfig.load(dir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown key 'apiPrt'")
        .hasMessageContaining("config.yaml");
  }

  @Test
  void aValueOfTheWrongTypeIsRejectedNamingTheKey() {
    assertThatThrownBy(() -> NodeConfig.parse(dir, "maxTxsPerBlock: lots\n"))
        .hasMessageContaining("maxTxsPerBlock")
        .hasMessageContaining("whole number");
  }

  @Test
  void anOutOfRangeValueIsRejectedNamingTheKey() {
    assertThatThrownBy(() -> NodeConfig.parse(dir, "apiPort: 70000\n"))
        .hasMessageContaining("apiPort");
    assertThatThrownBy(() -> NodeConfig.parse(dir, "verifyThreads: 0\n"))
        .hasMessageContaining("verifyThreads must be positive");
  }

  @Test
  void aKeyGivenTwiceIsRejected() {
    assertThatThrownBy(() -> NodeConfig.parse(dir, "apiPort: 1\napiPort: 2\n"))
        .hasMessageContaining("apiPort");
  }
}
