package io.gridwork.protocol.tx;

import java.util.Optional;

/** Transaction kinds with their stable wire tags and the names used in JSON and the CLI. */
public enum TxKind {
  TRANSFER(1, "transfer"),
  REGISTER_PROVIDER(2, "register-provider"),
  BOND_STAKE(3, "bond-stake"),
  UNBOND_STAKE(4, "unbond-stake"),
  CREATE_JOB(5, "create-job"),
  PLACE_BID(6, "place-bid"),
  CLOSE_JOB(7, "close-job"),
  CLOSE_LEASE(8, "close-lease"),
  UNIT_RESULT(9, "unit-result"),
  HEARTBEAT(10, "heartbeat"),
  DEPOSIT_MORE(11, "deposit-more"),
  AUDIT_RESULT(12, "audit-result"),
  CHECKPOINT(13, "checkpoint");

  private final int tag;
  private final String label;

  TxKind(int tag, String label) {
    this.tag = tag;
    this.label = label;
  }

  public int tag() {
    return tag;
  }

  public String label() {
    return label;
  }

  public static Optional<TxKind> ofTag(int tag) {
    for (TxKind k : values()) {
      if (k.tag == tag) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }
}
