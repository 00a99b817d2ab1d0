package io.gridwork.agent.work;

import io.gridwork.api.LeaseInfo;
import io.gridwork.client.GridworkClient;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.tx.Checkpoint;
import io.gridwork.protocol.tx.CloseLease;
import io.gridwork.protocol.tx.Heartbeat;
import io.gridwork.protocol.tx.PlaceBid;
import io.gridwork.protocol.tx.TxBody;
import io.gridwork.protocol.tx.UnitResult;
import java.util.function.Predicate;

/**
 * Whether a transaction the node accepted and then lost (it restarted) is still worth sending, by
 * what the ledger says now: what a lease's holder sends (heartbeats, results, checkpoints, giving
 * it back) only while the lease is open, and a bid only while its job takes bids. Anything else is
 * sent again. Asks the node on the calling thread.
 */
public final class StillWanted implements Predicate<TxBody> {
  private final GridworkClient client;

  public StillWanted(GridworkClient client) {
    this.client = client;
  }

  @Override
  public boolean test(TxBody body) {
    return switch (body) {
      case Heartbeat h -> leaseOpen(h.leaseId());
      case UnitResult r -> leaseOpen(r.leaseId());
      case Checkpoint c -> leaseOpen(c.leaseId());
      case CloseLease c -> leaseOpen(c.leaseId());
      case PlaceBid b ->
          client
              .job(b.jobId())
              .map(j -> !j.status().finished() && j.biddingClosesAt() > client.status().height())
              .orElse(false);
      default -> true;
    };
  }

  private boolean leaseOpen(Hash lease) {
    return client.lease(lease).map(LeaseInfo::open).orElse(false);
  }
}
