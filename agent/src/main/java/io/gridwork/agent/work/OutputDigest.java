package io.gridwork.agent.work;

import io.gridwork.agent.runtime.OutputFile;
import io.gridwork.protocol.crypto.Hash;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The output hash a provider reports for a unit, defined so a buyer can recompute it from the files
 * alone and fetch them all from the blob store by it.
 *
 * <ul>
 *   <li>One declared output: the SHA-256 of that file, which is also its blob id.
 *   <li>Any other number: the SHA-256 of the unit's manifest, the UTF-8 text with one line {@code
 *       <sha256 hex> <name>\n} per output sorted by name (byte order of the UTF-8 names), the
 *       format {@code sha256sum} prints and checks. The manifest is uploaded as a blob too, so its
 *       hash leads to every file.
 * </ul>
 */
public final class OutputDigest {
  private OutputDigest() {}

  public static Hash of(List<OutputFile> outputs) {
    if (outputs.size() == 1) {
      return outputs.getFirst().sha256();
    }
    return Hash.sha256(manifest(outputs));
  }

  /** True when the unit's outputs are reported through a manifest rather than a single file. */
  public static boolean needsManifest(List<OutputFile> outputs) {
    return outputs.size() != 1;
  }

  /** The manifest text of {@code outputs}; see the class comment. */
  public static byte[] manifest(List<OutputFile> outputs) {
    StringBuilder text = new StringBuilder();
    outputs.stream()
        .sorted(Comparator.comparing(OutputDigest::nameBytes, Arrays::compareUnsigned))
        .forEach(o -> text.append(o.sha256().toHex()).append("  ").append(o.name()).append('\n'));
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] nameBytes(OutputFile output) {
    return output.name().getBytes(StandardCharsets.UTF_8);
  }
}
