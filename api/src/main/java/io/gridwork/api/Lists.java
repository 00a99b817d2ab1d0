package io.gridwork.api;

import io.gridwork.protocol.crypto.Hash;
import java.util.List;

/** The envelopes the node wraps its list answers in, each naming what it lists. */
public final class Lists {
  private Lists() {}

  /** {@code GET /v1/providers}: every registered provider, ordered by address. */
  public record Providers(List<ProviderInfo> providers) {}

  /** {@code GET /v1/jobs}: jobs, newest first. */
  public record Jobs(List<JobInfo> jobs) {}

  /** A job's or a provider's leases. */
  public record Leases(List<LeaseInfo> leases) {}

  /** {@code GET /v1/jobs/{id}/bids}: the bids of the job's current auction round. */
  public record Bids(Hash jobId, List<BidInfo> bids) {}

  /** {@code GET /v1/jobs/{id}/audits}: every audit assignment of the job's units. */
  public record Audits(Hash jobId, List<AuditInfo> audits) {}

  /** {@code GET /v1/jobs/{id}/units}: a page of a batch job's units, from unit {@code from} on. */
  public record Units(Hash jobId, int total, int from, List<UnitInfo> units) {}
}
