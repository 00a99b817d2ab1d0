package io.gridwork.chain.market;

/** Whether a lease still runs; a closed lease records why in its close reason. */
public enum LeaseStatus {
  ACTIVE(0),
  CLOSED(1);

  // Stored codes are part of the state root, so they are fixed here, not enum ordinals.
  private final int code;

  LeaseStatus(int code) {
    this.code = code;
  }

  int code() {
    return code;
  }

  static LeaseStatus ofCode(int code) {
    for (LeaseStatus s : values()) {
      if (s.code == code) {
        return s;
      }
    }
    throw new IllegalStateException("unknown lease status " + code);
  }
}
