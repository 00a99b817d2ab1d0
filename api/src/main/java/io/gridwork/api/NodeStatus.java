package io.gridwork.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.gridwork.protocol.Amount;
import io.gridwork.protocol.crypto.Hash;

/**
 * The node's head and mempool size, as {@code GET /v1/status} reports them, with the ugrid in the
 * verification pool that pays auditors (reservations for audits under way not included).
 */
@JsonPropertyOrder({
  "chainId",
  "height",
  "latestBlockHash",
  "stateRoot",
  "latestBlockTimeMillis",
  "mempoolSize",
  "verificationPool",
  "verificationPoolText"
})
public record NodeStatus(
    String chainId,
    long height,
    Hash latestBlockHash,
    Hash stateRoot,
    long latestBlockTimeMillis,
    int mempoolSize,
    long verificationPool) {

  @JsonProperty
  public String verificationPoolText() {
    return Amount.format(verificationPool);
  }
}
