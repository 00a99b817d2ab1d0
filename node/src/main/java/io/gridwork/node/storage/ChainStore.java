package io.gridwork.node.storage;

import io.gridwork.chain.exec.ChangeSet;
import io.gridwork.chain.exec.TxResult;
import io.gridwork.chain.state.ReadableState;
import io.gridwork.node.block.Block;
import io.gridwork.node.block.BlockCodec;
import io.gridwork.node.block.BlockHeader;
import io.gridwork.node.block.BlockResults;
import io.gridwork.node.block.EncodedBlock;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.tx.SignedTransaction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.HashSkipListMemTableConfig;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The node's durable chain: blocks, their results, a transaction index, the ledger state and the
 * head, in RocksDB column families, with recently used state entries cached in memory. Every block
 * is committed in one synchronous write batch, so after a crash the store holds exactly the blocks
 * that were fully committed and a state that matches the head. One thread (the block producer)
 * writes; any thread may read. Every access holds the read side of {@code open}, and {@link
 * #close()} takes the write side, so no request still running at shutdown can touch the native
 * database after it is freed.
 */
public final class ChainStore implements AutoCloseable {
  private static final byte[] HEAD_KEY = "head".getBytes(StandardCharsets.UTF_8);
  private static final byte[] GENESIS_KEY = "genesis".getBytes(StandardCharsets.UTF_8);
  private static final int BLOOM_BITS_PER_KEY = 10;
  private static final double MEMTABLE_BLOOM_RATIO = 0.05;

  private static final int INDEX_BUCKET_PREFIX_BYTES = 4;
  private static final int INDEX_BUCKETS = 1 << 16;

  /** Accounts and other state entries kept in memory: some ten megabytes at most. */
  private static final int STATE_CACHE_ENTRIES = 1 << 16;

  static {
    RocksDB.loadLibrary();
  }

  private final DBOptions dbOptions;
  private final List<ColumnFamilyOptions> cfOptions;
  private final RocksDB db;
  private final List<ColumnFamilyHandle> handles;
  private final ColumnFamilyHandle blocks;
  private final ColumnFamilyHandle results;
  private final ColumnFamilyHandle txIndex;
  private final ColumnFamilyHandle state;
  private final ColumnFamilyHandle meta;
  private final ReadableState stateView;
  private final StateCache cache = new StateCache(STATE_CACHE_ENTRIES);
  private final ReentrantReadWriteLock open = new ReentrantReadWriteLock();

  // State values are updated in place in the memtable, which iterators read without RocksDB's
  // per-key locks: a scan must not overlap the write of a block, or it could read a value half
  // overwritten. Scans take the read side, the block write the write side.
  private final ReentrantReadWriteLock scans = new ReentrantReadWriteLock();
  private volatile boolean closed;

  private ChainStore(
      DBOptions dbOptions,
      List<ColumnFamilyOptions> cfOptions,
      RocksDB db,
      List<ColumnFamilyHandle> handles) {
    this.dbOptions = dbOptions;
    this.cfOptions = cfOptions;
    this.db = db;
    this.handles = handles;
    this.blocks = handles.get(1);
    this.results = handles.get(2);
    this.txIndex = handles.get(3);
    this.state = handles.get(4);
    this.meta = handles.get(5);
    this.stateView = new RocksState();
  }

  /** Opens or creates the store in {@code dir}. */
  public static ChainStore open(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create database directory " + dir, e);
    }
    ColumnFamilyOptions cfOptions = new ColumnFamilyOptions();
    // Admission looks up every new transaction in the index expecting a miss, and execution reads
    // state keys one by one: bloom filters, in memtables and table files, answer most misses
    // without searching and spare most hits a look into files that cannot hold the key.
    BlockBasedTableConfig bloomTables =
        new BlockBasedTableConfig().setFilterPolicy(new BloomFilter(BLOOM_BITS_PER_KEY));
    // The index is only ever read by whole key, and its keys (transaction ids) are random: a
    // hashed memtable takes each block's inserts without walking a skip list of every id so far.
    ColumnFamilyOptions indexOptions =
        new ColumnFamilyOptions()
            .setTableFormatConfig(bloomTables)
            .setMemtablePrefixBloomSizeRatio(MEMTABLE_BLOOM_RATIO)
            .setMemtableWholeKeyFiltering(true)
            .useFixedLengthPrefixExtractor(INDEX_BUCKET_PREFIX_BYTES)
            .setMemTableConfig(new HashSkipListMemTableConfig().setBucketCount(INDEX_BUCKETS));
    // Every block rewrites the accounts it touches with values of the same size; updating them in
    // place keeps the memtable at one entry per account instead of one per write, which makes
    // each write's skip-list insert much cheaper. Iterators do not lock what they read, so scans
    // are kept apart from block writes (see scans).
    ColumnFamilyOptions stateOptions =
        new ColumnFamilyOptions()
            .setTableFormatConfig(bloomTables)
            .setMemtablePrefixBloomSizeRatio(MEMTABLE_BLOOM_RATIO)
            .setMemtableWholeKeyFiltering(true)
            .setInplaceUpdateSupport(true);
    DBOptions dbOptions =
        new DBOptions()
            .setCreateIfMissing(true)
            .setCreateMissingColumnFamilies(true)
            // Required by in-place updates; there is one writer anyway.
            .setAllowConcurrentMemtableWrite(false);
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions));
    for (String name : List.of("blocks", "results", "txindex", "state", "meta")) {
      ColumnFamilyOptions options =
          switch (name) {
            case "txindex" -> indexOptions;
            case "state" -> stateOptions;
            default -> cfOptions;
          };
      descriptors.add(new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.UTF_8), options));
    }
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try {
      RocksDB db = RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
      return new ChainStore(dbOptions, List.of(cfOptions, indexOptions, stateOptions), db, handles);
    } catch (RocksDBException e) {
      dbOptions.close();
      cfOptions.close();
      indexOptions.close();
      stateOptions.close();
      throw new StorageException("cannot open the chain database in " + dir + ": " + e, e);
    }
  }

  /** The committed ledger state; reads see whole blocks only. */
  public ReadableState state() {
    return stateView;
  }

  /** The head, or empty before genesis has been committed. */
  public Optional<ChainHead> head() {
    byte[] v = get(meta, HEAD_KEY);
    if (v == null) {
      return Optional.empty();
    }
    ByteBuffer b = ByteBuffer.wrap(v);
    long height = b.getLong();
    Hash hash = readHash(b);
    long time = b.getLong();
    Hash root = readHash(b);
    return Optional.of(new ChainHead(height, hash, time, root));
  }

  /** The hash of the genesis block this store was initialised with. */
  public Optional<Hash> genesisHash() {
    byte[] v = get(meta, GENESIS_KEY);
    return v == null ? Optional.empty() : Optional.of(new Hash(v));
  }

  /** Stores the genesis block (height 0) and the genesis state as the first commit. */
  public void commitGenesis(Block genesisBlock, ChangeSet changes) {
    if (genesisBlock.height() != 0) {
      throw new IllegalArgumentException("genesis block must have height 0");
    }
    commit(EncodedBlock.of(genesisBlock, new BlockResults(List.of(), List.of())), changes, true);
  }

  /**
   * Atomically and durably appends {@code block} with its results and its state writes. When this
   * returns, the block survives a crash.
   */
  public void commit(EncodedBlock block, ChangeSet changes) {
    commit(block, changes, false);
  }

  private void commit(EncodedBlock block, ChangeSet changes, boolean genesis) {
    List<Hash> txHashes = block.txHashes();
    byte[] heightKey = heightKey(block.height());
    try (WriteBatch batch = new WriteBatch();
        WriteOptions sync = new WriteOptions().setSync(true)) {
      batch.put(blocks, heightKey, block.encoded());
      batch.put(results, heightKey, block.encodedResults());
      for (int i = 0; i < txHashes.size(); i++) {
        batch.put(
            txIndex,
            txHashes.get(i).bytes(),
            ByteBuffer.allocate(12).putLong(block.height()).putInt(i).array());
      }
      for (Map.Entry<byte[], byte[]> e : changes.writes().entrySet()) {
        if (e.getValue() == null) {
          batch.delete(state, e.getKey());
        } else {
          batch.put(state, e.getKey(), e.getValue());
        }
      }
      BlockHeader h = block.block().header();
      batch.put(
          meta,
          HEAD_KEY,
          ByteBuffer.allocate(8 + 32 + 8 + 32)
              .putLong(h.height())
              .put(block.hash().bytes())
              .putLong(h.timestampMillis())
              .put(h.stateRoot().bytes())
              .array());
      if (genesis) {
        batch.put(meta, GENESIS_KEY, block.hash().bytes());
      }
      cache.beginCommit();
      scans.writeLock().lock();
      try {
        withDb(
            () -> {
              db.write(sync, batch);
              return null;
            });
      } catch (RocksDBException | RuntimeException e) {
        cache.abortCommit();
        throw e;
      } finally {
        scans.writeLock().unlock();
      }
      cache.endCommit(changes.writes());
    } catch (RocksDBException e) {
      throw new StorageException(
          "cannot commit block " + block.height() + " to the chain database: " + e, e);
    }
  }

  public Optional<Block> block(long height) {
    byte[] v = get(blocks, heightKey(height));
    return v == null ? Optional.empty() : Optional.of(BlockCodec.decode(v));
  }

  public Optional<BlockHeader> header(long height) {
    byte[] v = get(blocks, heightKey(height));
    return v == null ? Optional.empty() : Optional.of(BlockCodec.decodeHeader(v));
  }

  public Optional<BlockResults> results(long height) {
    byte[] v = get(results, heightKey(height));
    return v == null ? Optional.empty() : Optional.of(BlockCodec.decodeResults(v));
  }

  public Optional<TxLocation> txLocation(Hash txHash) {
    byte[] key = txHash.bytes();
    // Admission asks this of every new transaction and expects a miss, which the bloom filters
    // confirm in a fraction of what a full read takes even when it finds nothing.
    if (!mayHold(txIndex, key)) {
      return Optional.empty();
    }
    byte[] v = get(txIndex, key);
    if (v == null) {
      return Optional.empty();
    }
    ByteBuffer b = ByteBuffer.wrap(v);
    return Optional.of(new TxLocation(b.getLong(), b.getInt()));
  }

  /** The height of the block holding {@code txHash}, if the chain has it. */
  public OptionalLong blockHeightOf(Hash txHash) {
    Optional<TxLocation> loc = txLocation(txHash);
    return loc.isEmpty() ? OptionalLong.empty() : OptionalLong.of(loc.get().height());
  }

  /** A committed transaction with its result, picked out of its stored block. */
  public Optional<CommittedTx> committedTx(Hash txHash) {
    Optional<TxLocation> loc = txLocation(txHash);
    if (loc.isEmpty()) {
      return Optional.empty();
    }
    byte[] blockKey = heightKey(loc.get().height());
    byte[] blockBytes = get(blocks, blockKey);
    byte[] resultBytes = get(results, blockKey);
    if (blockBytes == null || resultBytes == null) {
      throw new StorageException("tx index points at missing block " + loc.get().height(), null);
    }
    SignedTransaction tx = BlockCodec.txAt(blockBytes, loc.get().index());
    TxResult result = BlockCodec.resultAt(resultBytes, loc.get().index());
    return Optional.of(new CommittedTx(tx, loc.get(), result));
  }

  private byte[] get(ColumnFamilyHandle cf, byte[] key) {
    try {
      return withDb(() -> db.get(cf, key));
    } catch (RocksDBException e) {
      throw new StorageException("cannot read the chain database: " + e, e);
    }
  }

  /** False only when {@code cf} certainly lacks {@code key}. */
  private boolean mayHold(ColumnFamilyHandle cf, byte[] key) {
    try {
      return withDb(() -> db.keyMayExist(cf, key, null));
    } catch (RocksDBException e) {
      throw new StorageException("cannot read the chain database: " + e, e);
    }
  }

  /** A database call that needs the native handle alive. */
  @FunctionalInterface
  private interface DbCall<T> {
    T call() throws RocksDBException;
  }

  private <T> T withDb(DbCall<T> call) throws RocksDBException {
    open.readLock().lock();
    try {
      if (closed) {
        throw closedStore();
      }
      return call.call();
    } finally {
      open.readLock().unlock();
    }
  }

  private static StorageException closedStore() {
    return new StorageException("the chain database is closed (the node is stopping)", null);
  }

  private static Hash readHash(ByteBuffer b) {
    byte[] h = new byte[Hash.LENGTH];
    b.get(h);
    return new Hash(h);
  }

  private static byte[] heightKey(long height) {
    return ByteBuffer.allocate(8).putLong(height).array();
  }

  @Override
  public void close() {
    open.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      for (ColumnFamilyHandle h : handles) {
        h.close();
      }
      db.close();
      dbOptions.close();
      cfOptions.forEach(ColumnFamilyOptions::close);
    } finally {
      open.writeLock().unlock();
    }
  }

  /** The state column family as the chain's read interface. */
  private final class RocksState implements ReadableState {
    @Override
    public byte[] get(byte[] key) {
      return switch (cache.lookup(key)) {
        case StateCache.Hit hit -> {
          // Served from memory, but a closed store still answers as closed.
          if (closed) {
            throw closedStore();
          }
          yield hit.value();
        }
        case StateCache.Miss miss -> {
          byte[] value = ChainStore.this.get(state, key);
          cache.remember(key, value, miss);
          yield value;
        }
      };
    }

    @Override
    public void scan(byte[] prefix, EntryVisitor visitor) {
      scans.readLock().lock();
      try {
        withDb(
            () -> {
              try (ReadOptions opts = new ReadOptions();
                  RocksIterator it = db.newIterator(state, opts)) {
                for (it.seek(prefix); it.isValid(); it.next()) {
                  byte[] key = it.key();
                  if (key.length < prefix.length
                      || !Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length)) {
                    break;
                  }
                  if (!visitor.visit(key, it.value())) {
                    break;
                  }
                }
                it.status();
              }
              return null;
            });
      } catch (RocksDBException e) {
        throw new StorageException("cannot scan the chain state: " + e, e);
      } finally {
        scans.readLock().unlock();
      }
    }
  }
}
