package io.gridwork.chain.state;

import io.gridwork.protocol.Address;
import java.util.Arrays;

/**
 * The one place that decides where each ledger table lives in the key space, so no two modules can
 * collide and a key's bytes alone say what it holds.
 *
 * <p>Every key starts with one table byte; the parts after it are fixed-width and big-endian, so
 * unsigned byte order of keys is the natural order of their parts (heights ascend, addresses sort
 * as bytes). Values are canonical encodings written by the owning module.
 *
 * <pre>
 * table  key                                   value
 * 0x01   0x01 | address(20)                    account: balance i64, nonce i64
 * 0x02   0x02 | owner address(20)              provider: gpus, region, tier, attributes,
 *                                                        stake, unbonding, registered height, status
 * 0x03   0x03 | release height(8) | owner(20)  unbonding entry: amount i64 (one per owner and height)
 * 0x04   0x04 | 0x01                           params: minFee, minProviderStake, unbondingPeriodBlocks
 * 0x05   0x05 | 0x01                           fee pool: amount i64
 * 0x06   0x06 | 0x01                           chain info: chain id, genesis time, total supply
 * </pre>
 */
public final class Keys {
  public static final byte ACCOUNTS = 0x01;
  public static final byte PROVIDERS = 0x02;
  public static final byte UNBONDING_QUEUE = 0x03;
  public static final byte PARAMS = 0x04;
  public static final byte POOLS = 0x05;
  public static final byte CHAIN_INFO = 0x06;

  private static final byte FEE_POOL = 0x01;
  private static final byte SINGLETON = 0x01;

  private Keys() {}

  /** The prefix shared by every key of {@code table}. */
  public static byte[] table(byte table) {
    return new byte[] {table};
  }

  public static byte[] account(Address address) {
    return withAddress(ACCOUNTS, address);
  }

  public static byte[] provider(Address owner) {
    return withAddress(PROVIDERS, owner);
  }

  public static byte[] unbonding(long releaseHeight, Address owner) {
    byte[] key = new byte[1 + Long.BYTES + Address.LENGTH];
    key[0] = UNBONDING_QUEUE;
    putLong(key, 1, releaseHeight);
    System.arraycopy(owner.bytes(), 0, key, 1 + Long.BYTES, Address.LENGTH);
    return key;
  }

  /** The release height part of an {@link #unbonding} key. */
  public static long unbondingHeight(byte[] key) {
    return getLong(key, 1);
  }

  /** The owner part of an {@link #unbonding} key. */
  public static Address unbondingOwner(byte[] key) {
    return new Address(Arrays.copyOfRange(key, 1 + Long.BYTES, 1 + Long.BYTES + Address.LENGTH));
  }

  /** The address part of an {@link #account} or {@link #provider} key. */
  public static Address address(byte[] key) {
    return new Address(Arrays.copyOfRange(key, 1, 1 + Address.LENGTH));
  }

  public static byte[] params() {
    return new byte[] {PARAMS, SINGLETON};
  }

  public static byte[] feePool() {
    return new byte[] {POOLS, FEE_POOL};
  }

  public static byte[] chainInfo() {
    return new byte[] {CHAIN_INFO, SINGLETON};
  }

  /** True when {@code key} begins with {@code prefix}. */
  public static boolean hasPrefix(byte[] key, byte[] prefix) {
    return key.length >= prefix.length
        && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }

  private static byte[] withAddress(byte table, Address address) {
    byte[] key = new byte[1 + Address.LENGTH];
    key[0] = table;
    System.arraycopy(address.bytes(), 0, key, 1, Address.LENGTH);
    return key;
  }

  private static void putLong(byte[] dst, int offset, long v) {
    for (int i = 0; i < Long.BYTES; i++) {
      dst[offset + i] = (byte) (v >>> (56 - 8 * i));
    }
  }

  private static long getLong(byte[] src, int offset) {
    long v = 0;
    for (int i = 0; i < Long.BYTES; i++) {
      v = (v << 8) | (src[offset + i] & 0xff);
    }
    return v;
  }
}
