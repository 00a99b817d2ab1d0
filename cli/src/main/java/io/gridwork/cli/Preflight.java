package io.gridwork.cli;

import io.gridwork.api.AccountInfo;
import io.gridwork.api.ChainParams;
import io.gridwork.api.JobInfo;
import io.gridwork.client.GridworkClient;
import io.gridwork.protocol.Address;
import io.gridwork.protocol.Amount;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.spec.JobSpec;
import java.util.List;

/**
 * Mistakes a command can see in the node's state before it signs, refused there so that they cost
 * no fee: the ledger would reject the same transaction and still charge for it.
 */
final class Preflight {
  private Preflight() {}

  /** The job exists and is not finished; {@code what} names the transaction, e.g. "a deposit". */
  static JobInfo openJob(GridworkClient client, Hash jobId, String what) {
    JobInfo job =
        client
            .job(jobId)
            .orElseThrow(
                () -> new CommandFailure("no job " + jobId.toHex() + " on " + client.baseUri()));
    if (job.status().finished()) {
      throw new CommandFailure(
          "job "
              + jobId.toHex()
              + " is already "
              + job.status()
              + (job.closeReason() == null ? "" : " (" + job.closeReason() + ")")
              + ": "
              + what
              + " would be rejected and still cost its fee; nothing was sent");
    }
    return job;
  }

  /** The account can pay {@code amount} plus {@code fee}; {@code what} names what it pays for. */
  static void canPay(GridworkClient client, Address from, long amount, long fee, String what) {
    long balance = client.account(from).map(AccountInfo::balance).orElse(0L);
    long needed = Math.addExact(amount, fee);
    if (balance < needed) {
      throw new CommandFailure(
          from
              + " holds "
              + Amount.format(balance)
              + ", and "
              + what
              + " needs "
              + Amount.format(amount)
              + " plus a fee of "
              + Amount.format(fee)
              + "; nothing was sent");
    }
  }

  /** Every job deposits at least the chain's minimum. */
  static void depositsAtLeastTheMinimum(ChainParams params, List<JobSpec> specs) {
    long minimum = params.market().minDeposit();
    for (JobSpec spec : specs) {
      if (spec.pricing().deposit() < minimum) {
        throw new CommandFailure(
            "job '"
                + spec.name()
                + "' deposits "
                + Amount.format(spec.pricing().deposit())
                + ", under this chain's minimum of "
                + Amount.format(minimum)
                + " (gridwork query params); raise pricing.deposit. Nothing was sent");
      }
    }
  }
}
