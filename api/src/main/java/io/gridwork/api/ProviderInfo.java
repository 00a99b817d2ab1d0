package io.gridwork.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.gridwork.protocol.Address;
import io.gridwork.protocol.Amount;
import io.gridwork.protocol.market.ProviderStatus;
import io.gridwork.protocol.spec.SlaTier;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A registered GPU provider with its trust figures; amounts in ugrid. {@code tier} is null for a
 * tier this build does not know (a newer node's). {@code status} is ACTIVE or INACTIVE. {@code
 * auditRatePpm} is the share of its deterministic units the ledger re-executes, {@code
 * slaCommitted} the SLA compensation its open bids and leases have committed from its stake; {@code
 * slashes} repeats how often it was slashed.
 */
@JsonPropertyOrder({
  "address",
  "gpus",
  "region",
  "tier",
  "attributes",
  "stake",
  "stakeText",
  "unbonding",
  "unbondingText",
  "registeredAtHeight",
  "status",
  "reputation",
  "auditRatePpm",
  "slaCommitted",
  "slaCommittedText",
  "slashes"
})
public record ProviderInfo(
    Address address,
    List<Gpu> gpus,
    String region,
    SlaTier tier,
    Map<String, String> attributes,
    long stake,
    long unbonding,
    long registeredAtHeight,
    ProviderStatus status,
    Reputation reputation,
    long auditRatePpm,
    long slaCommitted) {
  public ProviderInfo {
    gpus = List.copyOf(gpus);
    attributes = Collections.unmodifiableSortedMap(new TreeMap<>(attributes));
  }

  @JsonProperty
  public String stakeText() {
    return Amount.format(stake);
  }

  @JsonProperty
  public String unbondingText() {
    return Amount.format(unbonding);
  }

  @JsonProperty
  public String slaCommittedText() {
    return Amount.format(slaCommitted);
  }

  @JsonProperty
  public long slashes() {
    return reputation.slashes();
  }

  /** The tier's wire name, e.g. {@code best-effort}, or {@code unknown}. */
  public String tierName() {
    return tier == null ? "unknown" : tier.wireName();
  }

  /** A group of identical GPUs. */
  public record Gpu(String model, int vramMib, int count) {}

  /**
   * The provider's reputation score (0..1000) at the node's height, the track record it is computed
   * from and the score's {@code parts} as the ledger computed them; {@code auditsAbandoned} counts
   * audits it was assigned as auditor and let time out.
   */
  public record Reputation(
      int score,
      long heartbeatsReceived,
      long heartbeatsExpected,
      long unitsCompleted,
      long unitsAbandoned,
      long auditsPassed,
      long auditsFailed,
      long auditsAbandoned,
      long consecutiveVerified,
      long slashes,
      Parts parts) {}

  /** The four parts of a reputation score. */
  public record Parts(Part uptime, Part completion, Part audits, Part age) {}

  /**
   * One part of a reputation score: the share earned in parts per million, the points that share
   * adds on its own and the points the part weighs of 1000.
   */
  public record Part(long ppm, long points, int weight) {}
}
