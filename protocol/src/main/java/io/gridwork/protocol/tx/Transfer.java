package io.gridwork.protocol.tx;

import io.gridwork.protocol.Address;
import java.util.Objects;

/** Moves {@code amount} ugrid from the sender to {@code to}. */
public record Transfer(Address to, long amount) implements TxBody {
  public Transfer {
    Objects.requireNonNull(to, "to");
  }

  @Override
  public TxKind kind() {
    return TxKind.TRANSFER;
  }
}
