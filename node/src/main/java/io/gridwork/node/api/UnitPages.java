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
import io.gridwork.protocol.crypto.Hash;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Joins a batch job's unit records with their leases, saved checkpoints and audits into pages of
 * units, so the route that serves them only reads its parameters.
 */
final class UnitPages {
  private UnitPages() {}

  /** Units {@code from} to {@code from + limit} (fewer at the end) of {@code job} in order. */
  static Lists.Units page(ReadableState state, Job job, int from, int limit) {
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
