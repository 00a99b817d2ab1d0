package io.gridwork.chain.market;

import io.gridwork.chain.genesis.AuditParams;
import io.gridwork.chain.genesis.Params;
import io.gridwork.chain.reputation.Reputation;
import io.gridwork.chain.state.ReadableState;
import io.gridwork.chain.state.State;
import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.event.AuctionClosed;
import io.gridwork.protocol.event.LeaseOpened;
import io.gridwork.protocol.event.LedgerEvent;
import io.gridwork.protocol.market.CloseReason;
import io.gridwork.protocol.market.JobStatus;
import io.gridwork.protocol.tx.JobIds;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * The reverse auction run when a job's bid window closes: the cheapest bids by effective price win,
 * where a provider's reputation scales its price ({@link Reputation#effectivePrice}); winners are
 * paid the price they bid. Batch jobs hand their unassigned units, lowest unit first, to bids in
 * that order, each up to its maxUnits, so work is split over several providers when one cannot take
 * it all; a service goes to the single cheapest bid. Work left over re-opens bidding for another
 * window; after {@code maxAuctionRounds} rounds in a row that placed nothing, the job closes with
 * NO_BIDS.
 */
final class Auction {
  private Auction() {}

  /**
   * Bids cheapest effective price first, each provider's score taken at {@code height}; equal
   * effective prices are ordered by SHA-256(job id || provider address), which no bidder can choose
   * to its advantage the way it could choose an address that sorts low.
   */
  static List<Bid> ranked(ReadableState state, List<Bid> bids, long height, AuditParams params) {
    Map<Address, Long> effective = new TreeMap<>();
    for (Bid bid : bids) {
      int score = Reputation.score(state, bid.provider(), height, params);
      effective.put(bid.provider(), Reputation.effectivePrice(bid.price(), score));
    }
    List<Bid> ranked = new ArrayList<>(bids);
    ranked.sort(
        Comparator.comparingLong((Bid b) -> effective.get(b.provider()))
            .thenComparing(Auction::tieBreak));
    return ranked;
  }

  static Hash tieBreak(Bid bid) {
    return Hash.sha256(bid.jobId().bytes(), bid.provider().bytes());
  }

  static void run(State state, Job job, long height, Params params, List<LedgerEvent> events) {
    List<Bid> ranked = ranked(state, MarketStore.bids(state, job.id()), height, params.audit());
    Job closed = job.withBidding(0, job.auctionRound());
    MarketStore.putJob(state, job, closed);
    List<Integer> open = job.isBatch() ? unassignedUnits(state, job) : List.of();
    int needed = job.isBatch() ? open.size() : 1;
    int next = 0;
    List<Address> winners = new ArrayList<>();
    for (Bid bid : ranked) {
      if (next >= needed || !BidRules.stillEligible(state, job, bid)) {
        Settlement.returnBid(state, bid, events);
        continue;
      }
      int take = job.isBatch() ? Math.min(bid.maxUnits(), needed - next) : 1;
      openLease(
          state,
          bid,
          job.isBatch() ? open.subList(next, next + take) : List.of(),
          height,
          params,
          events);
      next += take;
      winners.add(bid.provider());
    }
    int left = needed - next;
    // Rounds count consecutive auctions that placed no work at all: a round that placed some has
    // made progress, so only a job nobody will take closes for want of bids.
    int round = job.auctionRound() + 1;
    int failedRounds = winners.isEmpty() ? round : 0;
    events.add(
        new AuctionClosed(
            job.id(), round, ranked.size(), winners, job.isBatch() ? left : 0, left == 0));
    Job after = MarketStore.requireJob(state, job.id());
    if (left == 0) {
      MarketStore.putJob(state, after, after.withBidding(0, 0));
    } else if (failedRounds >= params.market().maxAuctionRounds()) {
      Settlement.finishJob(
          state, job.id(), JobStatus.CLOSED, CloseReason.NO_BIDS, height, params, events);
    } else {
      Settlement.reopenBidding(
          state, after, failedRounds, job.isBatch() ? left : 0, height, params, events);
    }
  }

  /** The job's units with no record yet, ascending: the work this auction hands out. */
  private static List<Integer> unassignedUnits(State state, Job job) {
    BitSet assigned = new BitSet(job.units());
    for (UnitState unit : MarketStore.units(state, job.id())) {
      assigned.set(unit.unit());
    }
    List<Integer> open = new ArrayList<>();
    for (int u = assigned.nextClearBit(0); u < job.units(); u = assigned.nextClearBit(u + 1)) {
      open.add(u);
    }
    return open;
  }

  private static void openLease(
      State state,
      Bid bid,
      List<Integer> units,
      long height,
      Params params,
      List<LedgerEvent> events) {
    MarketStore.deleteBid(state, bid);
    Job job = MarketStore.requireJob(state, bid.jobId());
    Hash id = JobIds.leaseId(job.id(), bid.provider());
    long rate =
        job.isBatch()
            ? 0
            : Prices.ratePerBlock(
                bid.price(), bid.gpuCount(), params.market().nominalBlockMillis());
    Lease lease =
        new Lease(
            id,
            new Lease.Terms(
                job.id(),
                bid.provider(),
                bid.price(),
                bid.gpuModel(),
                bid.gpuCount(),
                bid.collateral(),
                rate,
                bid.slaStake(),
                height,
                units.size()),
            Lease.Progress.active(),
            // A service is swept for exhaustion only once billing starts, at its first heartbeat.
            new Lease.Payments(height, 0, 0, 0),
            new Lease.Pulse(
                height, Math.addExact(height, params.liveness().heartbeatGraceBlocks()), 0));
    MarketStore.putLease(state, null, lease);
    for (int unit : units) {
      MarketStore.putUnit(state, job.id(), UnitState.assigned(unit, id));
    }
    if (bid.gpuCount() > 0) {
      MarketStore.addGpusInUse(state, bid.provider(), bid.gpuModel(), bid.gpuCount());
    }
    MarketStore.putJob(state, job, job.withLeases(job.activeLeases() + 1));
    events.add(
        new LeaseOpened(
            id,
            job.id(),
            bid.provider(),
            bid.price(),
            bid.gpuModel(),
            bid.gpuCount(),
            units.size(),
            units.isEmpty() ? OptionalInt.empty() : OptionalInt.of(units.get(0)),
            rate,
            bid.collateral()));
  }
}
