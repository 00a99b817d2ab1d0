package io.gridwork.cli;

import io.gridwork.client.BlockEvent;
import io.gridwork.client.EventInfo;
import io.gridwork.protocol.Amount;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What verification did to the devnet's render job, read from the node's event stream: a line per
 * audit verdict as it happens, and the totals for the summary (frames audited, verdicts, what
 * auditors earned, the verification fee the buyer's payments carried).
 *
 * <p>Threads: the event stream's thread records blocks; the devnet's main thread takes the lines
 * and reads the totals. Every method is synchronized.
 */
final class DevnetAudits {
  private final Function<String, String> names;
  private final List<String> pending = new ArrayList<>();
  private final Set<Integer> audited = new TreeSet<>();
  private final Map<String, Long> auditorEarnings = new TreeMap<>();
  private final Map<String, Long> verificationFees = new TreeMap<>();
  private final Map<Integer, String> providerOfUnit = new TreeMap<>();
  private String jobHex;
  private long lastHeight;
  private int passed;
  private int disputed;
  private int timedOut;
  private int skipped;
  private int inconclusive;
  private int slashes;

  /** {@code names} turns an address (as the events write it) into a demo account's name. */
  DevnetAudits(Function<String, String> names) {
    this.names = names;
  }

  /** From now on, only the events of this job count. */
  synchronized void follow(String jobHex) {
    this.jobHex = jobHex;
  }

  synchronized void record(BlockEvent block) {
    for (BlockEvent.TxEvents tx : block.txs()) {
      tx.events().forEach(this::record);
    }
    block.blockEvents().forEach(this::record);
    lastHeight = block.height();
  }

  /** The height of the last block recorded. */
  synchronized long lastHeight() {
    return lastHeight;
  }

  /** The verdict lines recorded since the last call. */
  synchronized List<String> takeLines() {
    List<String> lines = List.copyOf(pending);
    pending.clear();
    return lines;
  }

  private void record(EventInfo event) {
    Map<String, String> a = event.attributes();
    if (jobHex == null || !jobHex.equals(a.get("job"))) {
      return;
    }
    String frame = "frame " + a.get("unit");
    switch (event.type()) {
      case "audit_assigned" -> {
        int unit = Integer.parseInt(a.get("unit"));
        audited.add(unit);
        providerOfUnit.put(unit, name(a.get("provider")));
      }
      case "audit_passed" -> {
        passed++;
        long reward = Long.parseLong(a.get("reward"));
        auditorEarnings.merge(name(a.get("auditor")), reward, Long::sum);
        pending.add(
            "  audit "
                + frame
                + ": "
                + name(a.get("auditor"))
                + " re-rendered it, same output as "
                + providerOf(a)
                + "; auditor paid "
                + Amount.format(reward));
      }
      case "audit_disputed" -> {
        disputed++;
        pending.add(
            "  audit "
                + frame
                + ": "
                + name(a.get("auditor"))
                + " got a DIFFERENT output from "
                + providerOf(a)
                + "'s; a third provider breaks the tie");
      }
      case "audit_timed_out" -> {
        timedOut++;
        pending.add(
            "  audit "
                + frame
                + ": "
                + name(a.get("auditor"))
                + " did not answer in time; no verdict, another auditor is asked");
      }
      case "audit_skipped" -> {
        skipped++;
        pending.add("  audit " + frame + ": skipped (" + a.get("reason") + ")");
      }
      case "audit_inconclusive" -> {
        inconclusive++;
        pending.add("  audit " + frame + ": inconclusive, nobody slashed, frame accepted");
      }
      case "slashed" -> {
        slashes++;
        pending.add(
            "  slashed "
                + name(a.get("provider"))
                + " "
                + Amount.format(Long.parseLong(a.get("amount")))
                + " for "
                + a.get("reason")
                + " on "
                + frame);
      }
      case "unit_completed" ->
          verificationFees.merge(
              name(a.get("provider")),
              Long.parseLong(a.getOrDefault("verificationFee", "0")),
              Long::sum);
      default -> {}
    }
  }

  private String providerOf(Map<String, String> attributes) {
    return providerOfUnit.getOrDefault(Integer.parseInt(attributes.get("unit")), "the provider");
  }

  private String name(String address) {
    return names.apply(address);
  }

  /** The verification fee taken from the provider's frames, in ugrid. */
  synchronized long verificationFee(String provider) {
    return verificationFees.getOrDefault(provider, 0L);
  }

  /** The summary's verification lines. */
  synchronized List<String> summary(int frames, long windowBlocks, long blockMillis) {
    List<String> lines = new ArrayList<>();
    long fee = verificationFees.values().stream().mapToLong(Long::longValue).sum();
    lines.add(
        "Verification: "
            + audited.size()
            + " of "
            + frames
            + " frames re-rendered by another provider: "
            + passed
            + " matched, "
            + disputed
            + " disputed, "
            + inconclusive
            + " inconclusive, "
            + timedOut
            + " auditor time-outs, "
            + skipped
            + " skipped, "
            + slashes
            + " slashes");
    StringBuilder earned = new StringBuilder();
    long total = 0;
    for (Map.Entry<String, Long> e : auditorEarnings.entrySet()) {
      earned.append(earned.isEmpty() ? " (" : ", ");
      earned.append(e.getKey()).append(' ').append(Amount.format(e.getValue()));
      total += e.getValue();
    }
    if (!earned.isEmpty()) {
      earned.append(')');
    }
    lines.add(
        "Auditors earned "
            + Amount.format(total)
            + earned
            + " from the verification pool; the frames paid "
            + Amount.format(fee)
            + " of verification fee into it");
    lines.add(
        "Challenge window: each frame's payment was held "
            + windowBlocks
            + " blocks ("
            + windowBlocks * blockMillis
            + " ms) after its result, longer while its audit ran");
    return lines;
  }
}
