package io.gridwork.client;

import io.gridwork.protocol.Address;
import java.util.List;
import java.util.Map;

/**
 * A registered GPU provider; amounts in ugrid. {@code status} is ACTIVE or INACTIVE. {@code
 * auditRatePpm} is the share of its deterministic units the ledger re-executes, {@code
 * slaCommitted} the SLA compensation its open bids and leases have committed from its stake.
 */
public record ProviderInfo(
    Address address,
    List<Gpu> gpus,
    String region,
    String tier,
    Map<String, String> attributes,
    long stake,
    long unbonding,
    long registeredAtHeight,
    String status,
    Reputation reputation,
    long auditRatePpm,
    long slaCommitted) {
  public ProviderInfo {
    gpus = List.copyOf(gpus);
    attributes = Map.copyOf(attributes);
  }

  /** A group of identical GPUs. */
  public record Gpu(String model, int vramMib, int count) {}

  /**
   * The provider's reputation score (0..1000) at the node's height and the track record it is
   * computed from; {@code auditsAbandoned} counts audits it was assigned as auditor and let time
   * out.
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
      long slashes) {}
}
