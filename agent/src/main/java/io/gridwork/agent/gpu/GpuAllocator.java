package io.gridwork.agent.gpu;

import io.gridwork.api.LeaseInfo;
import io.gridwork.protocol.crypto.Hash;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one owner of this machine's cards, so that leases, services, audits and the agent's pending
 * bids never count on the same card twice: a lease commits the cards it runs on (or waits for
 * them), an audit takes free cards for one run, a bid is promised only cards nobody else holds, and
 * every holder releases what it took when it ends.
 *
 * <p>Threads: the allocator holds all of its state (which card is taken, by which lease or audit,
 * and which leases wait for cards) and every method takes its lock, so any thread may call it: the
 * event thread commits leases and drops ended ones, lease and service threads release their cards
 * when they end, audit threads take and release theirs, and the bidding thread asks what is free.
 * The {@link BidForecast} is read under that lock and must never call back into the allocator.
 */
public final class GpuAllocator {

  /** Cards of a model this agent's pending bids are expected to take in an auction. */
  @FunctionalInterface
  public interface BidForecast {
    int reserved(String model, long closesAt);
  }

  /** Cards taken for one holder: empty indices and model for work that needs no GPU. */
  public record Cards(String model, List<Integer> indices) {
    public static final Cards NONE = new Cards("", List.of());

    public Cards {
      indices = List.copyOf(indices);
    }
  }

  /** What committing a lease's cards came to. */
  public sealed interface Commit {
    /** The lease holds these cards now and may start. */
    record Granted(Cards cards) implements Commit {}

    /** Its cards are held by others; it starts when {@link #release} hands it back. */
    record Waiting() implements Commit {}

    /** The lease holds its cards already: a runner for it exists, so none may start. */
    record AlreadyHeld() implements Commit {}
  }

  private final List<GpuDevice> devices;
  private final BidForecast bids;
  private final Set<Integer> taken = new HashSet<>();
  private final Map<Hash, Cards> leases = new LinkedHashMap<>();
  private final Map<String, Cards> audits = new LinkedHashMap<>();
  private final Map<Hash, LeaseInfo> waiting = new LinkedHashMap<>();

  public GpuAllocator(Inventory inventory, BidForecast bids) {
    this.devices = inventory.devices();
    this.bids = bids;
  }

  /**
   * Cards of {@code model} free for a bid whose auction closes at {@code closesAt}: not held by a
   * lease (running or waiting for its cards) or an audit, and not expected to be taken by this
   * agent's other bids in that auction. An audit may take a card a bid counted on before the
   * auction: the bid is a forecast, and the ledger passes a job whose winner has no free card to
   * the next bid.
   */
  public synchronized int free(String model, long closesAt) {
    int held =
        leases.values().stream().filter(c -> c.model().equals(model)).mapToInt(this::count).sum()
            + audits.values().stream()
                .filter(c -> c.model().equals(model))
                .mapToInt(this::count)
                .sum()
            + waiting.values().stream()
                .filter(l -> l.gpuModel().equals(model))
                .mapToInt(LeaseInfo::gpuCount)
                .sum();
    return total(model) - held - bids.reserved(model, closesAt);
  }

  /**
   * Commits the cards a lease runs on. When they are still held by a lease whose last result is
   * being committed (the ledger frees cards in the block that pays the unit and may lease them
   * again in the same block), the lease waits, and {@link #release} returns it once cards are
   * freed.
   */
  public synchronized Commit commit(LeaseInfo lease) {
    if (leases.containsKey(lease.id())) {
      return new Commit.AlreadyHeld();
    }
    Cards cards = Cards.NONE;
    if (lease.gpuCount() > 0) {
      Optional<List<Integer>> got = take(lease.gpuModel(), lease.gpuCount());
      if (got.isEmpty()) {
        waiting.putIfAbsent(lease.id(), lease);
        return new Commit.Waiting();
      }
      cards = new Cards(lease.gpuModel(), got.get());
    }
    waiting.remove(lease.id());
    leases.put(lease.id(), cards);
    return new Commit.Granted(cards);
  }

  /**
   * Takes {@code count} cards of the first of {@code models} that has that many free for the
   * auction at {@code closesAt}, for the audit {@code key}; empty when none has, or when the audit
   * holds cards already. An audit that needs no GPU takes none and always succeeds.
   */
  public synchronized Optional<Cards> takeForAudit(
      String key, List<String> models, int count, long closesAt) {
    if (count == 0) {
      return Optional.of(Cards.NONE);
    }
    if (audits.containsKey(key)) {
      return Optional.empty();
    }
    for (String model : models) {
      if (free(model, closesAt) < count) {
        continue;
      }
      Optional<List<Integer>> got = take(model, count);
      if (got.isPresent()) {
        Cards cards = new Cards(model, got.get());
        audits.put(key, cards);
        return Optional.of(cards);
      }
    }
    return Optional.empty();
  }

  /**
   * The lease's runner ended: its cards are free again. Returns the leases waiting for cards, to be
   * committed again; releasing a lease that holds nothing returns none and changes nothing.
   */
  public synchronized List<LeaseInfo> release(Hash lease) {
    Cards cards = leases.remove(lease);
    if (cards == null) {
      return List.of();
    }
    cards.indices().forEach(taken::remove);
    return List.copyOf(waiting.values());
  }

  /** The audit's run ended: as {@link #release(Hash)}, for the cards the audit took. */
  public synchronized List<LeaseInfo> releaseAudit(String key) {
    Cards cards = audits.remove(key);
    if (cards == null) {
      return List.of();
    }
    cards.indices().forEach(taken::remove);
    return List.copyOf(waiting.values());
  }

  /** The lease ended before it got its cards: it waits no more. */
  public synchronized void stopWaiting(Hash lease) {
    waiting.remove(lease);
  }

  /** The job finished: none of its leases waits for cards any more. */
  public synchronized void jobEnded(Hash job) {
    waiting.values().removeIf(l -> l.jobId().equals(job));
  }

  /** Whether the lease waits for cards held by others. */
  public synchronized boolean waiting(Hash lease) {
    return waiting.containsKey(lease);
  }

  /** Cards of {@code model}, whether taken or not. */
  public int total(String model) {
    return (int) devices.stream().filter(d -> d.name().equals(model)).count();
  }

  private int count(Cards cards) {
    return cards.indices().size();
  }

  private Optional<List<Integer>> take(String model, int count) {
    List<Integer> chosen = new ArrayList<>();
    for (GpuDevice device : devices) {
      if (chosen.size() == count) {
        break;
      }
      if (device.name().equals(model) && !taken.contains(device.index())) {
        chosen.add(device.index());
      }
    }
    if (chosen.size() < count) {
      return Optional.empty();
    }
    taken.addAll(chosen);
    return Optional.of(List.copyOf(chosen));
  }
}
