package io.gridwork.chain.state;

/**
 * Read access to the ledger's key-value state. Keys and values are canonical bytes; iteration is in
 * ascending unsigned byte order of keys so that every validator visits entries alike.
 */
public interface ReadableState {

  /** The value at {@code key}, or null when absent. */
  byte[] get(byte[] key);

  /**
   * Calls {@code visitor} for every entry whose key starts with {@code prefix}, in ascending
   * unsigned key order, until it returns false.
   */
  void scan(byte[] prefix, EntryVisitor visitor);

  /** Receives entries during a {@link #scan}. */
  @FunctionalInterface
  interface EntryVisitor {
    /** Returns false to stop the scan. */
    boolean visit(byte[] key, byte[] value);
  }
}
