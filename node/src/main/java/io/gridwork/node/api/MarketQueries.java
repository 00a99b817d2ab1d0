package io.gridwork.node.api;

import io.gridwork.api.Lists;
import io.gridwork.api.UnitInfo;
import io.gridwork.chain.audit.AuditRecord;
import io.gridwork.chain.audit.Audits;
import io.gridwork.chain.genesis.Params;
import io.gridwork.chain.market.Job;
import io.gridwork.chain.market.Lease;
import io.gridwork.chain.market.Market;
import io.gridwork.chain.market.UnitState;
import io.gridwork.chain.state.ReadableState;
import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.market.JobStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The marketplace's answers that select, order or join ledger records (lists newest first, pages of
 * units with their leases, checkpoints and audits), so the routes only read their parameters.
 */
final class MarketQueries {
  private MarketQueries() {}

  /**
   * Of {@code found}, those in {@code status} (any when empty), newest first, at most {@code
   * limit}.
   */
  static Lists.Jobs newestJobs(
      ReadableState state, List<Job> found, Optional<JobStatus> status, int limit) {
    return new Lists.Jobs(
        found.stream()
            .filter(j -> status.isEmpty() || j.status() == status.get())
            .sorted(
                Comparator.comparingLong(Job::createdHeight)
                    .reversed()
                    .thenComparing(Job::id, Comparator.reverseOrder()))
            .limit(limit)
            .map(j -> ApiRecords.job(j, Market.leases(state, j.id()), false))
            .toList());
  }

  /** The provider's leases that pass {@code filter} (all when empty), newest first. */
  static Lists.Leases newestLeases(
      ReadableState state, Address provider, Optional<Predicate<Lease>> filter, int limit) {
    return new Lists.Leases(
        Market.leasesByProvider(state, provider).stream()
            .filter(l -> filter.isEmpty() || filter.get().test(l))
            .sorted(
                Comparator.comparingLong(Lease::openedHeight)
                    .reversed()
                    .thenComparing(Lease::id, Comparator.reverseOrder()))
            .limit(limit)
            .map(ApiRecords::lease)
            .toList());
  }

  /** Units {@code from} to {@code from + limit} (fewer at the end) of {@code job} in order. */
  static Lists.Units unitPage(ReadableState state, Job job, int from, int limit) {
    Map<Hash, Lease> leases = new HashMap<>();
    for (Lease l : Market.leases(state, job.id())) {
      leases.put(l.id(), l);
    }
    Map<Integer, UnitState> recorded = new HashMap<>();
    for (UnitState u : Market.units(state, job.id())) {
      recorded.put(u.unit(), u);
    }
    int end = (int) Math.min(job.units(), (long) from + limit);
    Map<Integer, List<AuditRecord>> audits = new HashMap<>();
    for (AuditRecord a : Audits.ofJob(state, job.id())) {
      if (a.unit() >= from && a.unit() < end) {
        audits.computeIfAbsent(a.unit(), k -> new ArrayList<>()).add(a);
      }
    }
    long window = Params.load(state).audit().challengeWindowBlocks();
    List<UnitInfo> units = new ArrayList<>();
    for (int unit = from; unit < end; unit++) {
      UnitState u = recorded.get(unit);
      List<AuditRecord> unitAudits = audits.getOrDefault(unit, List.of());
      if (u == null) {
        units.add(
            ApiRecords.pendingUnit(
                unit, Market.checkpoint(state, job.id(), unit).orElse(null), unitAudits));
      } else {
        Lease lease = leases.get(u.leaseId());
        if (lease == null) {
          throw new IllegalStateException("unit " + unit + " names unknown lease " + u.leaseId());
        }
        units.add(ApiRecords.unit(u, lease, window, unitAudits));
      }
    }
    return new Lists.Units(job.id(), job.units(), from, units);
  }
}
