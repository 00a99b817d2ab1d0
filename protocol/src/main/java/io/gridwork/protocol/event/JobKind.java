package io.gridwork.protocol.event;

/** Whether a job is a batch of units or a long-running service. */
public enum JobKind {
  BATCH("batch"),
  SERVICE("service");

  private final String wireName;

  JobKind(String wireName) {
    this.wireName = wireName;
  }

  /** The spelling in events, e.g. {@code batch}. */
  public String wireName() {
    return wireName;
  }

  static JobKind ofWireName(String name) {
    for (JobKind kind : values()) {
      if (kind.wireName.equals(name)) {
        return kind;
      }
    }
    throw new IllegalArgumentException("a job kind is batch or service");
  }
}
