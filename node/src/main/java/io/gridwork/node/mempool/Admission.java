package io.gridwork.node.mempool;

import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.error.RejectCode;
import java.util.Objects;

/** The mempool's answer to a submitted transaction. */
public sealed interface Admission {

  /** The transaction id, when the bytes decoded far enough to have one. */
  Hash hash();

  /** Admitted: it is pending and will be offered to the next blocks. */
  record Accepted(Hash hash) implements Admission {
    public Accepted {
      Objects.requireNonNull(hash, "hash");
    }
  }

  /** Refused, with a stable code and a message saying what to change; {@code hash} may be null. */
  record Rejected(Hash hash, RejectCode code, String message) implements Admission {
    public Rejected {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(message, "message");
    }
  }
}
