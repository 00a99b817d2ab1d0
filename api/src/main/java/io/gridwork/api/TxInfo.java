package io.gridwork.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.gridwork.protocol.Address;
import io.gridwork.protocol.Amount;
import io.gridwork.protocol.crypto.PublicKey;
import java.util.Map;

/**
 * A transaction as the node shows it: sender, nonce, fee in ugrid, kind label ({@code transfer},
 * {@code register-provider}, …) and the body's fields as JSON values.
 */
@JsonPropertyOrder({
  "sender",
  "senderPublicKey",
  "nonce",
  "fee",
  "feeText",
  "kind",
  "chainId",
  "body"
})
public record TxInfo(
    Address sender,
    PublicKey senderPublicKey,
    long nonce,
    long fee,
    String kind,
    String chainId,
    Map<String, Object> body) {

  @JsonProperty
  public String feeText() {
    return Amount.format(fee);
  }
}
