package io.gridwork.chain.market;

import io.gridwork.chain.state.Keys;
import io.gridwork.chain.state.ReadableState;
import io.gridwork.chain.state.State;
import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.market.GpuModels;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reads and writes market records together with their secondary indexes, so an index entry is added
 * or removed in the same place its record changes and the two cannot drift apart.
 */
final class MarketStore {
  private static final byte[] EMPTY = new byte[0];

  private MarketStore() {}

  static Optional<Job> job(ReadableState state, Hash id) {
    byte[] value = state.get(Keys.job(id));
    return value == null ? Optional.empty() : Optional.of(MarketCodec.decodeJob(id, value));
  }

  static Job requireJob(ReadableState state, Hash id) {
    return job(state, id)
        .orElseThrow(() -> new IllegalStateException("market record refers to missing job " + id));
  }

  /**
   * Stores {@code job}, keeping the auction index in step with its bidding window: {@code before}
   * is the stored version it replaces, or null for a new job.
   */
  static void putJob(State state, Job before, Job job) {
    if (before == null) {
      state.put(Keys.buyerJob(job.buyer(), job.createdHeight(), job.id()), EMPTY);
    }
    long wasDue = before == null ? 0 : before.biddingClosesAt();
    if (wasDue != job.biddingClosesAt()) {
      if (wasDue > 0) {
        state.delete(Keys.auctionDue(wasDue, job.id()));
      }
      if (job.biddingClosesAt() > 0) {
        state.put(Keys.auctionDue(job.biddingClosesAt(), job.id()), EMPTY);
      }
    }
    state.put(Keys.job(job.id()), MarketCodec.encodeJob(job));
  }

  static Optional<Bid> bid(ReadableState state, Hash jobId, Address provider) {
    byte[] value = state.get(Keys.bid(jobId, provider));
    return value == null
        ? Optional.empty()
        : Optional.of(MarketCodec.decodeBid(jobId, provider, value));
  }

  static void putBid(State state, Bid bid) {
    state.put(Keys.bid(bid.jobId(), bid.provider()), MarketCodec.encodeBid(bid));
  }

  static void deleteBid(State state, Bid bid) {
    state.delete(Keys.bid(bid.jobId(), bid.provider()));
  }

  /** The job's bids in this round, ordered by provider address. */
  static List<Bid> bids(ReadableState state, Hash jobId) {
    List<Bid> out = new ArrayList<>();
    state.scan(
        Keys.bidsOf(jobId),
        (key, value) -> {
          out.add(MarketCodec.decodeBid(jobId, Keys.bidProvider(key), value));
          return true;
        });
    return out;
  }

  static Optional<Lease> lease(ReadableState state, Hash id) {
    byte[] value = state.get(Keys.lease(id));
    return value == null ? Optional.empty() : Optional.of(MarketCodec.decodeLease(id, value));
  }

  static Lease requireLease(ReadableState state, Hash id) {
    return lease(state, id)
        .orElseThrow(
            () -> new IllegalStateException("market record refers to missing lease " + id));
  }

  /**
   * Stores {@code lease}, keeping the exhaustion and heartbeat indexes in step: {@code before} is
   * the stored version it replaces, or null for a new lease (which also gets its job and provider
   * entries).
   */
  static void putLease(State state, Lease before, Lease lease) {
    if (before == null) {
      state.put(Keys.jobLease(lease.jobId(), lease.id()), EMPTY);
      state.put(Keys.providerLease(lease.provider(), lease.id()), EMPTY);
    }
    long wasExhausted = before == null ? 0 : before.exhaustionHeight();
    if (wasExhausted != lease.exhaustionHeight()) {
      if (wasExhausted > 0) {
        state.delete(Keys.escrowExhaustion(wasExhausted, lease.id()));
      }
      if (lease.exhaustionHeight() > 0) {
        state.put(Keys.escrowExhaustion(lease.exhaustionHeight(), lease.id()), EMPTY);
      }
    }
    long wasDue = before == null ? 0 : before.heartbeatDueHeight();
    if (wasDue != lease.heartbeatDueHeight()) {
      if (wasDue > 0) {
        state.delete(Keys.heartbeatDue(wasDue, lease.id()));
      }
      if (lease.heartbeatDueHeight() > 0) {
        state.put(Keys.heartbeatDue(lease.heartbeatDueHeight(), lease.id()), EMPTY);
      }
    }
    state.put(Keys.lease(lease.id()), MarketCodec.encodeLease(lease));
  }

  static List<Lease> leasesOfJob(ReadableState state, Hash jobId) {
    List<Hash> ids = new ArrayList<>();
    state.scan(
        Keys.jobLeasesOf(jobId),
        (key, value) -> {
          ids.add(Keys.trailingId(key));
          return true;
        });
    return load(state, ids);
  }

  static List<Lease> leasesOfProvider(ReadableState state, Address provider) {
    List<Hash> ids = new ArrayList<>();
    state.scan(
        Keys.providerLeasesOf(provider),
        (key, value) -> {
          ids.add(Keys.trailingId(key));
          return true;
        });
    return load(state, ids);
  }

  private static List<Lease> load(ReadableState state, List<Hash> ids) {
    List<Lease> out = new ArrayList<>(ids.size());
    for (Hash id : ids) {
      out.add(
          lease(state, id)
              .orElseThrow(() -> new IllegalStateException("lease index names missing " + id)));
    }
    return out;
  }

  /** The unit's assignment with its latest checkpoint, if the unit is assigned. */
  static Optional<UnitState> unit(ReadableState state, Hash jobId, int unit) {
    byte[] value = state.get(Keys.unit(jobId, unit));
    return value == null
        ? Optional.empty()
        : Optional.of(
            MarketCodec.decodeUnit(unit, value)
                .withCheckpoint(checkpoint(state, jobId, unit).orElse(null)));
  }

  static void putUnit(State state, Hash jobId, UnitState unit) {
    state.put(Keys.unit(jobId, unit.unit()), MarketCodec.encodeUnit(unit));
  }

  static void deleteUnit(State state, Hash jobId, int unit) {
    state.delete(Keys.unit(jobId, unit));
  }

  /** The job's assigned units in ascending order, each with its latest checkpoint. */
  static List<UnitState> units(ReadableState state, Hash jobId) {
    SortedMap<Integer, UnitCheckpoint> checkpoints = checkpoints(state, jobId);
    List<UnitState> out = new ArrayList<>();
    state.scan(
        Keys.unitsOf(jobId),
        (key, value) -> {
          int unit = Keys.unitNumber(key);
          out.add(MarketCodec.decodeUnit(unit, value).withCheckpoint(checkpoints.get(unit)));
          return true;
        });
    return out;
  }

  static Optional<UnitCheckpoint> checkpoint(ReadableState state, Hash jobId, int unit) {
    byte[] value = state.get(Keys.checkpoint(jobId, unit));
    return value == null ? Optional.empty() : Optional.of(MarketCodec.decodeCheckpoint(value));
  }

  /** Every checkpoint of the job's units, assigned or not, by unit. */
  static SortedMap<Integer, UnitCheckpoint> checkpoints(ReadableState state, Hash jobId) {
    SortedMap<Integer, UnitCheckpoint> out = new TreeMap<>();
    state.scan(
        Keys.checkpointsOf(jobId),
        (key, value) -> {
          out.put(Keys.unitNumber(key), MarketCodec.decodeCheckpoint(value));
          return true;
        });
    return out;
  }

  static void putCheckpoint(State state, Hash jobId, int unit, UnitCheckpoint checkpoint) {
    state.put(Keys.checkpoint(jobId, unit), MarketCodec.encodeCheckpoint(checkpoint));
  }

  static void deleteCheckpoint(State state, Hash jobId, int unit) {
    state.delete(Keys.checkpoint(jobId, unit));
  }

  /** Adds unit {@code unit} of the job to the height-ordered unit index {@code table}. */
  static void scheduleUnit(State state, byte table, long height, Hash jobId, int unit) {
    state.put(Keys.unitDue(table, height, jobId, unit), EMPTY);
  }

  /** Removes an entry {@link #scheduleUnit} added; removing one already taken is harmless. */
  static void unscheduleUnit(State state, byte table, long height, Hash jobId, int unit) {
    state.delete(Keys.unitDue(table, height, jobId, unit));
  }

  /**
   * Removes and returns every entry of the unit index {@code table} due at or before {@code
   * height}, in index order (height, then job, then unit).
   */
  static List<UnitRef> takeDueUnits(State state, byte table, long height) {
    List<byte[]> keys = new ArrayList<>();
    state.scan(
        Keys.table(table),
        (key, value) -> {
          if (Keys.dueHeight(key) > height) {
            return false;
          }
          keys.add(key);
          return true;
        });
    List<UnitRef> due = new ArrayList<>(keys.size());
    for (byte[] key : keys) {
      state.delete(key);
      due.add(new UnitRef(Keys.dueJob(key), Keys.dueUnit(key)));
    }
    return due;
  }

  /** The provider's GPUs in active leases, by normalised model name. */
  static SortedMap<String, Integer> gpusInUse(ReadableState state, Address provider) {
    byte[] value = state.get(Keys.gpusInUse(provider));
    return value == null ? new TreeMap<>() : MarketCodec.decodeGpusInUse(value);
  }

  /** Adds {@code delta} GPUs of {@code model} to what the provider has in use. */
  static void addGpusInUse(State state, Address provider, String model, int delta) {
    SortedMap<String, Integer> inUse = gpusInUse(state, provider);
    String key = GpuModels.normalize(model);
    int count = Math.addExact(inUse.getOrDefault(key, 0), delta);
    if (count < 0) {
      throw new IllegalStateException(provider + " would have " + count + " GPUs of " + key);
    }
    if (count == 0) {
      inUse.remove(key);
    } else {
      inUse.put(key, count);
    }
    if (inUse.isEmpty()) {
      state.delete(Keys.gpusInUse(provider));
    } else {
      state.put(Keys.gpusInUse(provider), MarketCodec.encodeGpusInUse(inUse));
    }
  }

  /** Ids in an index keyed by height then id, for every height up to {@code height}. */
  static List<Hash> dueUpTo(ReadableState state, byte table, long height) {
    List<Hash> due = new ArrayList<>();
    state.scan(
        Keys.table(table),
        (key, value) -> {
          if (Keys.dueHeight(key) > height) {
            return false;
          }
          due.add(Keys.trailingId(key));
          return true;
        });
    return due;
  }
}
