package io.gridwork.chain.state;

/** Writable ledger state; the block executor is its only writer. */
public interface State extends ReadableState {

  void put(byte[] key, byte[] value);

  void delete(byte[] key);
}
