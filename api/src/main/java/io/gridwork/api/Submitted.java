package io.gridwork.api;

import io.gridwork.protocol.crypto.Hash;
import java.util.List;

/** What the node answers to transactions it was sent: one admitted, or each entry of a batch. */
public final class Submitted {
  private Submitted() {}

  /** {@code POST /v1/txs} admitted the transaction; {@code status} is {@code pending}. */
  public record Accepted(Hash hash, String status) {}

  /**
   * One entry of a batch: admitted, or refused with a stable {@code code} and a {@code message};
   * {@code hash} is null only when the entry could not be decoded.
   */
  public record Entry(Hash hash, boolean accepted, String code, String message) {}

  /** {@code POST /v1/txs/batch}: the entries' answers, in the order they were sent. */
  public record Batch(List<Entry> results) {}
}
