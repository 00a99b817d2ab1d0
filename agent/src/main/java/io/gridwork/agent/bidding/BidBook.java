package io.gridwork.agent.bidding;

import io.gridwork.agent.service.ServicePorts;
import io.gridwork.protocol.crypto.Hash;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The agent's own bids waiting for their auction, with the height each auction closes at, the jobs
 * it holds or held a lease of, and how often its bids have been winning lately.
 *
 * <p>Why heights and a win rate: a pending bid needs a card only if it wins, and only from its
 * auction on. Holding a whole card for every pending bid through the bid window (what an agent
 * knowing nothing else must do) lets an agent with 16 cards bid on 16 jobs per window however short
 * its leases are, and every agent running out at the same job means that job draws no bid at all.
 * So a bid here reserves, at its own auction height only, the share of a card it is expected to
 * take: the recent win rate, starting at 1 (one card per bid, the safe guess before any auction)
 * and never below {@link #MIN_WIN_RATE}, which caps the promise at 8 bids per card and height.
 * Winning more than expected costs the buyer nothing: the ledger re-checks capacity when the
 * auction closes and passes the job to the next-cheapest bid.
 *
 * <p>A bid counts as the agent's from when it is sent: one still on its way when its auction closes
 * lands in the next round (or is refused), and bidding again there would only be refused as a
 * duplicate. So it stays until its block says what became of it.
 *
 * <p>A bid on a service also reserves the ports the service exposes, in {@link ServicePorts}, from
 * when it is placed until it is settled without a lease (withdrawn, refused, its auction lost) or
 * its job ends; a bid that wins leaves them to its lease.
 *
 * <p>Thread-safe: the event thread settles bids, the bidding thread places them. Its lock is taken
 * before the ports', never after.
 */
public final class BidBook {
  static final double MIN_WIN_RATE = 1.0 / 8;

  /** How much one auction moves the win rate: about the last 16 auctions count. */
  private static final double WIN_RATE_STEP = 1.0 / 16;

  /** Closing height of a bid placed before a restart: unknown, so it counts at every height. */
  private static final long ANY_HEIGHT = -1;

  /** {@code inFlight} while the bid's transaction is not yet seen in a block. */
  private record Pending(String gpuModel, int gpuCount, long closesAt, boolean inFlight) {}

  private final ServicePorts ports;
  private final Map<Hash, Pending> pending = new HashMap<>();
  private final Set<Hash> leased = new HashSet<>();
  private double winRate = 1.0;

  public BidBook(ServicePorts ports) {
    this.ports = ports;
  }

  /** A bid recorded before a restart; its auction height is not known. */
  public synchronized void restored(Hash job, String gpuModel, int gpuCount) {
    pending.put(job, new Pending(gpuModel, gpuCount, ANY_HEIGHT, false));
  }

  /**
   * A bid is on its way; a service's {@code servicePorts} are reserved for it. Empty when placed,
   * else why a port cannot be reserved, and nothing is recorded.
   */
  synchronized Optional<String> placed(
      Hash job, String gpuModel, int gpuCount, long closesAt, List<Integer> servicePorts) {
    Optional<String> taken = ports.reserve(job, servicePorts);
    if (taken.isEmpty()) {
      pending.put(job, new Pending(gpuModel, gpuCount, closesAt, true));
    }
    return taken;
  }

  /**
   * The bid's transaction is in a block: {@code ok} when the ledger took the bid, which then waits
   * for the auction; otherwise (it came too late, say) it is gone.
   */
  synchronized void committed(Hash job, boolean ok) {
    Pending p = pending.get(job);
    if (p == null) {
      return;
    }
    if (ok) {
      pending.put(job, new Pending(p.gpuModel(), p.gpuCount(), p.closesAt(), false));
    } else {
      pending.remove(job);
      ports.release(job);
    }
  }

  /** The bid was not placed after all (the node refused it): it reserves nothing. */
  synchronized void withdrawn(Hash job) {
    pending.remove(job);
    ports.release(job);
  }

  /**
   * The job's auction closed; {@code won} says whether this agent got a lease in it. A bid still in
   * flight was not in that auction and stays: it lands in the next round, or is refused.
   */
  public synchronized void auctionClosed(Hash job, boolean won) {
    Pending p = pending.get(job);
    if (p == null || p.inFlight()) {
      return;
    }
    pending.remove(job);
    if (!won) {
      ports.release(job);
    }
    winRate = Math.max(MIN_WIN_RATE, winRate + ((won ? 1.0 : 0.0) - winRate) * WIN_RATE_STEP);
  }

  /** This agent holds a lease of the job: the ledger takes no other bid of its own there. */
  public synchronized void leaseWon(Hash job) {
    leased.add(job);
  }

  /** The job finished: nothing about it matters any more. */
  public synchronized void jobEnded(Hash job) {
    pending.remove(job);
    leased.remove(job);
    ports.release(job);
  }

  /**
   * True when this agent has a bid in the job's auction, or one on its way that will land in it, or
   * holds or held a lease of the job: the ledger takes one bid per provider and job.
   */
  synchronized boolean involved(Hash job) {
    return pending.containsKey(job) || leased.contains(job);
  }

  /**
   * Cards of {@code model} expected to be taken by this agent's bids in the auction at a height.
   */
  public synchronized int reserved(String model, long closesAt) {
    int gpus = 0;
    for (Pending p : pending.values()) {
      if (p.gpuModel().equals(model) && (p.closesAt() == closesAt || p.closesAt() == ANY_HEIGHT)) {
        gpus += p.gpuCount();
      }
    }
    return (int) Math.ceil(gpus * winRate);
  }

  synchronized double winRate() {
    return winRate;
  }
}
