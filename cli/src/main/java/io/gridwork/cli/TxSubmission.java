package io.gridwork.cli;

import io.gridwork.api.AccountInfo;
import io.gridwork.api.ChainParams;
import io.gridwork.api.TxStatus;
import io.gridwork.client.GridworkClient;
import io.gridwork.client.GridworkClientException;
import io.gridwork.client.SubmitResult;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.protocol.error.ErrorCode;
import io.gridwork.protocol.error.RejectCode;
import io.gridwork.protocol.tx.SignedTransaction;
import io.gridwork.protocol.tx.Transaction;
import io.gridwork.protocol.tx.TxBody;
import java.time.Duration;

/**
 * Signs and submits a transaction the way every command does: chain id, minimum fee and nonce come
 * from the node, so a user only says what to do; then it optionally waits for the block.
 */
final class TxSubmission {
  static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(30);

  /**
   * How many nonces held by the account's own pending transactions a submission steps past; more
   * than this many in one block is surely another process racing us, which the user should hear.
   */
  private static final int MAX_PENDING_STEPS = 64;

  private final GridworkClient client;

  TxSubmission(GridworkClient client) {
    this.client = client;
  }

  /** What became of a transaction sent with {@code nonce}. */
  record Sent(long nonce, Outcome outcome) {}

  /** What became of a transaction. */
  sealed interface Outcome {
    Hash hash();
  }

  /** The node refused it at the door; nothing was charged. */
  record Refused(Hash hash, ErrorCode code, String message) implements Outcome {}

  /** In the mempool; the caller chose not to wait. */
  record Submitted(Hash hash) implements Outcome {}

  /** In a block, with the ledger's verdict. */
  record Committed(Hash hash, TxStatus.Commit commit) implements Outcome {}

  /** Signs {@code body} from {@code key} with the account's next nonce; null fee means minimum. */
  SignedTransaction sign(KeyPair key, TxBody body, Long fee) {
    return sign(key, body, fee, nextNonce(key));
  }

  /** Signs {@code body} with a given nonce, for several transactions sent one after another. */
  SignedTransaction sign(KeyPair key, TxBody body, Long fee, long nonce) {
    ChainParams params = client.params();
    long chosenFee = fee == null ? params.minFee() : fee;
    return new Transaction(params.chainId(), key.publicKey(), nonce, chosenFee, body).sign(key);
  }

  /**
   * The nonce the account's next transaction must carry, as the ledger has it (0 for an account
   * never funded); never a count kept here. {@link #submitFrom} steps past the nonces the node says
   * the account's pending transactions hold, so a transaction the node lost in a restart leaves no
   * gap for the next command to wait behind.
   */
  long nextNonce(KeyPair key) {
    return client.account(key.address()).map(AccountInfo::nonce).orElse(0L);
  }

  /**
   * Signs {@code body} with {@code nonce} and submits it; when the node says a pending transaction
   * of the same account already holds that nonce (an earlier {@code --no-wait} submission not yet
   * in a block, possibly the very same transfer, which signs to identical bytes), signs again with
   * the next one. Returns the nonce the node took or refused.
   */
  Sent submitFrom(KeyPair key, TxBody body, Long fee, long nonce, boolean wait) {
    long next = nonce;
    for (int step = 0; ; step++) {
      SignedTransaction tx = sign(key, body, fee, next);
      SubmitResult result = client.submit(tx);
      if (result instanceof SubmitResult.Rejected r
          && (r.code() == RejectCode.NONCE_ALREADY_PENDING || r.code() == RejectCode.DUPLICATE)
          && step < MAX_PENDING_STEPS) {
        next++;
        continue;
      }
      return new Sent(
          next,
          switch (result) {
            case SubmitResult.Rejected r -> new Refused(tx.hash(), r.code(), r.message());
            case SubmitResult.Accepted a -> wait ? awaitCommit(tx) : new Submitted(a.hash());
          });
    }
  }

  Outcome submit(SignedTransaction tx, boolean wait) {
    return switch (client.submit(tx)) {
      case SubmitResult.Rejected r -> new Refused(tx.hash(), r.code(), r.message());
      case SubmitResult.Accepted a -> wait ? awaitCommit(tx) : new Submitted(a.hash());
    };
  }

  /**
   * Waits for the block; a transaction the node lost in a restart is sent again while its nonce is
   * still free, and the user is told plainly when it cannot be.
   */
  Committed awaitCommit(SignedTransaction tx) {
    Hash hash = tx.hash();
    try {
      return new Committed(hash, client.awaitCommitted(tx, COMMIT_TIMEOUT).commit());
    } catch (GridworkClientException e) {
      if (e.code() != null) {
        // The node lost it and refused it again, with a reason: nothing is pending to look up.
        throw new CommandFailure(e.getMessage());
      }
      throw new CommandFailure(
          "transaction "
              + hash
              + " was submitted, but it is not in a block yet ("
              + e.getMessage()
              + "); look it up later with: gridwork query tx "
              + hash);
    }
  }

  /** The outcome for people and scripts. */
  static Fields describe(Outcome outcome) {
    Fields fields = new Fields().put("hash", outcome.hash().toHex());
    switch (outcome) {
      case Refused r ->
          fields.put("status", "refused").put("code", r.code().name()).put("message", r.message());
      case Submitted s ->
          fields
              .put("status", "pending")
              .note("Submitted. Check it with: gridwork query tx " + s.hash().toHex());
      case Committed c ->
          fields
              .put("status", "committed")
              .put("height", c.commit().height())
              .put("code", c.commit().code())
              .put("message", c.commit().message())
              .amount("feeCharged", c.commit().feeCharged());
    }
    return fields;
  }

  /** 0 when the transaction is in the mempool or applied, 1 when refused or failed. */
  static int exitCode(Outcome outcome) {
    return switch (outcome) {
      case Refused r -> ExitCode.FAILED;
      case Submitted s -> ExitCode.OK;
      case Committed c -> c.commit().ok() ? ExitCode.OK : ExitCode.FAILED;
    };
  }

  /** The one-line reason a transaction did not go through, or null if it did. */
  static String failure(Outcome outcome) {
    return switch (outcome) {
      case Refused r -> "the node refused the transaction: " + r.code().name() + ": " + r.message();
      case Submitted s -> null;
      case Committed c ->
          c.commit().ok()
              ? null
              : "the ledger rejected the transaction in block "
                  + c.commit().height()
                  + ": "
                  + c.commit().code()
                  + ": "
                  + c.commit().message();
    };
  }
}
