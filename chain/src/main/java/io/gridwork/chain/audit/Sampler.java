package io.gridwork.chain.audit;

import io.gridwork.protocol.crypto.Hash;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The ledger's only randomness for verification: a draw per unit derived from a block hash that did
 * not exist when the unit's result was sent, so a provider cannot know which of its results will be
 * checked. {@code seed = SHA-256("gridwork-audit" || previousBlockHash || jobId || unit)}; its
 * first 8 bytes (unsigned, mod 1,000,000) decide whether to audit, its next 8 pick the auditor.
 */
public final class Sampler {
  public static final long PPM = 1_000_000;
  private static final byte[] DOMAIN = "gridwork-audit".getBytes(StandardCharsets.US_ASCII);

  private Sampler() {}

  /** One unit's draw: {@code audit} in [0, 1,000,000) and the unsigned {@code pick}. */
  public record Draw(long audit, long pick) {
    /** True when the unit is audited at {@code ratePpm} parts per million. */
    public boolean audited(long ratePpm) {
      return audit < ratePpm;
    }

    /** The index of the auditor among {@code count} eligible providers. */
    public int pick(int count) {
      return (int) Long.remainderUnsigned(pick, count);
    }
  }

  public static Draw draw(Hash previousBlockHash, Hash jobId, int unit) {
    byte[] seed =
        Hash.sha256(
                DOMAIN,
                previousBlockHash.bytes(),
                jobId.bytes(),
                ByteBuffer.allocate(Integer.BYTES).putInt(unit).array())
            .bytes();
    ByteBuffer bytes = ByteBuffer.wrap(seed);
    long audit = Long.remainderUnsigned(bytes.getLong(0), PPM);
    return new Draw(audit, bytes.getLong(Long.BYTES));
  }
}
