package io.gridwork.cli;

import io.gridwork.api.ChainParams;
import io.gridwork.protocol.Address;
import io.gridwork.protocol.Amount;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.protocol.tx.TxBody;
import java.util.Arrays;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A command that signs one transaction with a stored key: the key is unlocked before the node is
 * contacted, so a wrong passphrase is reported without a network round trip.
 */
abstract class SigningCommand extends GridworkCommand {
  @Option(
      names = "--from",
      required = true,
      paramLabel = "KEY",
      description = "name of the signing key in the key store")
  String from;

  @Option(
      names = "--fee",
      paramLabel = "AMOUNT",
      converter = Converters.AmountConverter.class,
      description = "fee to pay, e.g. 0.002GRID (default: the chain's minimum fee)")
  Amount fee;

  @Option(
      names = "--no-wait",
      description = "return once the node accepted the transaction, without waiting for its block")
  boolean noWait;

  @Mixin HomeOption home;
  @Mixin PassphraseOptions passphrase;
  @Mixin NodeOption node;
  @Mixin OutputOption output;

  /** Signs {@code body}, submits it, prints the outcome and returns the exit code. */
  int submit(TxBody body) {
    KeyPair key = unlock();
    TxSubmission submission = new TxSubmission(node.client());
    TxSubmission.Outcome outcome = send(submission, key, body);
    TxSubmission.describe(outcome).report().print(output.format, out());
    return finish(outcome);
  }

  /** The address of the {@code --from} key, read without unlocking it. */
  Address fromAddress() {
    return new KeyStore(home.resolve()).info(from).address();
  }

  /** The fee this command pays: {@code --fee}, or the chain's minimum. */
  long chosenFee(ChainParams params) {
    return fee == null ? params.minFee() : fee.ugrid();
  }

  /** The {@code --from} key, unlocked; an unknown key is reported before asking a passphrase. */
  KeyPair unlock() {
    return unlock(home, passphrase, from);
  }

  /** Key {@code name} from the store in {@code home}, unlocked with the passphrase it asks for. */
  static KeyPair unlock(HomeOption home, PassphraseOptions passphrase, String name) {
    KeyStore keys = new KeyStore(home.resolve());
    keys.info(name);
    char[] secret = passphrase.read(name, false);
    try {
      return keys.unlock(name, secret);
    } finally {
      Arrays.fill(secret, '\0');
    }
  }

  /**
   * Signs {@code body} with the account's next free nonce (past its own pending transactions) and
   * the chosen fee, and submits it.
   */
  TxSubmission.Outcome send(TxSubmission submission, KeyPair key, TxBody body) {
    return submission
        .submitFrom(key, body, fee == null ? null : fee.ugrid(), submission.nextNonce(key), !noWait)
        .outcome();
  }

  /** Prints why the transaction failed, if it did, and returns the exit code for it. */
  int finish(TxSubmission.Outcome outcome) {
    String failure = TxSubmission.failure(outcome);
    if (failure != null) {
      err().println("error: " + failure);
      err().flush();
    }
    return TxSubmission.exitCode(outcome);
  }
}
