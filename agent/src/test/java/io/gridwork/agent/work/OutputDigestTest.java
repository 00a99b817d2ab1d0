package io.gridwork.agent.work;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwork.agent.runtime.OutputFile;
import io.gridwork.protocol.crypto.Hash;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutputDigestTest {
  private static final OutputFile A = file("a.txt", "alpha");
  private static final OutputFile B = file("b.txt", "beta");

  private static OutputFile file(String name, String content) {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    return new OutputFile(name, bytes.length, Hash.sha256(bytes));
  }

  @Test
  void oneOutputIsReportedByItsOwnHash() {
    assertThat(OutputDigest.of(List.of(A))).isEqualTo(A.sha256());
  }

  @Test
  void severalOutputsAreReportedByTheirSha256sumManifest() {
    String manifest = A.sha256().toHex() + "  a.txt\n" + B.sha256().toHex() + "  b.txt\n";

    assertThat(OutputDigest.of(List.of(B, A)))
        .isEqualTo(Hash.sha256(manifest.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void theManifestDoesNotDependOnTheOrderOutputsWereListed() {
    assertThat(OutputDigest.of(List.of(A, B))).isEqualTo(OutputDigest.of(List.of(B, A)));
  }
}
