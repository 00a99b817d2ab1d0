package io.gridwork.protocol.tx;

import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.protocol.crypto.PublicKey;
import java.util.Objects;

/**
 * The signed part of a transaction: which chain, who, the sender's sequence number, the fee it pays
 * in ugrid, and the body.
 */
public record Transaction(String chainId, PublicKey sender, long nonce, long fee, TxBody body) {
  public Transaction {
    Objects.requireNonNull(chainId, "chainId");
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(body, "body");
  }

  public Address senderAddress() {
    return sender.address();
  }

  /**
   * Signs the canonical encoding of this transaction with {@code key}, which must be the sender.
   */
  public SignedTransaction sign(KeyPair key) {
    if (!key.publicKey().equals(sender)) {
      throw new IllegalArgumentException("the signing key is not the sender's key");
    }
    return new SignedTransaction(this, key.sign(TxCodec.encodeUnsigned(this)));
  }
}
