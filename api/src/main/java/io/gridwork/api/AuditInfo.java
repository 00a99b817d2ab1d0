package io.gridwork.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.gridwork.protocol.Address;
import io.gridwork.protocol.Amount;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.market.AuditStatus;

/**
 * One auditor's assignment to re-execute a unit: the run it checks (lease, provider and the output
 * the provider reported, {@code expected}), the round (1, or 2 for the tie-break) and attempt,
 * where it stands ({@code status}), the output the auditor reported ({@code output}, null until it
 * answers), the reward reserved for it in ugrid from the verification pool, and the heights it was
 * assigned at and is due by.
 */
@JsonPropertyOrder({
  "jobId",
  "unit",
  "round",
  "attempt",
  "leaseId",
  "provider",
  "auditor",
  "status",
  "expected",
  "output",
  "reward",
  "rewardText",
  "assignedHeight",
  "deadline"
})
public record AuditInfo(
    Hash jobId,
    int unit,
    int round,
    int attempt,
    Hash leaseId,
    Address provider,
    Address auditor,
    AuditStatus status,
    Hash expected,
    Hash output,
    long reward,
    long assignedHeight,
    long deadline) {

  @JsonProperty
  public String rewardText() {
    return Amount.format(reward);
  }

  /** True while the auditor's answer is awaited or its dispute is undecided. */
  public boolean unresolved() {
    return status.unresolved();
  }
}
