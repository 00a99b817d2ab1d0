package io.gridwork.protocol.tx;

import io.gridwork.protocol.crypto.Hash;
import java.util.Arrays;
import java.util.Objects;

/** A transaction with the sender's Ed25519 signature over its exact encoded bytes. */
public record SignedTransaction(Transaction tx, byte[] signature) {
  public static final int SIGNATURE_LENGTH = 64;

  public SignedTransaction {
    Objects.requireNonNull(tx, "tx");
    if (signature.length != SIGNATURE_LENGTH) {
      throw new IllegalArgumentException("a signature has 64 bytes, got " + signature.length);
    }
    signature = signature.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  /** The canonical bytes of the whole signed transaction. */
  public byte[] encode() {
    return TxCodec.encode(this);
  }

  /** The transaction id: SHA-256 of {@link #encode()}. */
  public Hash hash() {
    return Hash.sha256(encode());
  }

  /** True when the signature is the sender's over the canonical unsigned bytes. */
  public boolean verifySignature() {
    return tx.sender().verify(TxCodec.encodeUnsigned(tx), signature);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SignedTransaction s
        && tx.equals(s.tx)
        && Arrays.equals(signature, s.signature);
  }

  @Override
  public int hashCode() {
    return 31 * tx.hashCode() + Arrays.hashCode(signature);
  }

  @Override
  public String toString() {
    return "SignedTransaction[" + tx + "]";
  }
}
