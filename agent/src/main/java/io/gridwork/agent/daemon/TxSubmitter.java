package io.gridwork.agent.daemon;

import io.gridwork.client.GridworkClient;
import io.gridwork.client.SubmitResult;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.protocol.tx.Transaction;
import io.gridwork.protocol.tx.TxBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's one way to send transactions: it numbers them itself so that bids, results and
 * heartbeats sent in the same block get consecutive nonces, and re-learns the nonce from the node
 * when the node says it drifted (another process used the key, or a transaction was dropped).
 *
 * <p>Used from several threads; {@link #submit} is synchronized so nonces are handed out in order.
 */
final class TxSubmitter {
  private static final Logger LOG = LoggerFactory.getLogger(TxSubmitter.class);
  private static final int ATTEMPTS = 5;

  private final GridworkClient client;
  private final KeyPair key;
  private final String chainId;
  private final long fee;
  private long nextNonce;

  TxSubmitter(GridworkClient client, KeyPair key, String chainId, long fee) {
    this.client = client;
    this.key = key;
    this.chainId = chainId;
    this.fee = fee;
    this.nextNonce = committedNonce();
  }

  /** Signs and submits {@code body}; a refusal other than a nonce mismatch is returned as is. */
  synchronized SubmitResult submit(TxBody body) {
    SubmitResult result = null;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      long nonce = nextNonce;
      result = client.submit(new Transaction(chainId, key.publicKey(), nonce, fee, body).sign(key));
      switch (result) {
        case SubmitResult.Accepted accepted -> {
          nextNonce = nonce + 1;
          return accepted;
        }
        case SubmitResult.Rejected rejected when rejected.code().startsWith("NONCE_") -> {
          // A pending transaction of ours already holds this nonce: step past it. Otherwise the
          // node's committed nonce is the truth to restart from.
          nextNonce =
              "NONCE_ALREADY_PENDING".equals(rejected.code()) ? nonce + 1 : committedNonce();
          LOG.info(
              "{} for {} with nonce {}: retrying with nonce {}",
              rejected.code(),
              body.kind(),
              nonce,
              nextNonce);
        }
        case SubmitResult.Rejected rejected -> {
          return rejected;
        }
      }
    }
    return result;
  }

  private long committedNonce() {
    return client.account(key.address()).map(a -> a.nonce()).orElse(0L);
  }
}
