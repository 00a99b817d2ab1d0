package io.gridwork.cli;

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
    KeyStore keys = new KeyStore(home.resolve());
    // An unknown or broken key file is reported before anyone is asked for a passphrase.
    keys.info(from);
    char[] secret = passphrase.read(from, false);
    KeyPair key;
    try {
      key = keys.unlock(from, secret);
    } finally {
      Arrays.fill(secret, '\0');
    }
    TxSubmission submission = new TxSubmission(node.client());
    TxSubmission.Outcome outcome =
        submission.submit(submission.sign(key, body, fee == null ? null : fee.ugrid()), !noWait);
    TxSubmission.describe(outcome).report().print(output.format, out());
    String failure = TxSubmission.failure(outcome);
    if (failure != null) {
      err().println("error: " + failure);
      err().flush();
    }
    return TxSubmission.exitCode(outcome);
  }
}
