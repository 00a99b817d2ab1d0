package io.gridwork.node.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class StateCacheTest {
  private static final byte[] KEY = {1, 2, 3};
  private static final byte[] OLD = {10};
  private static final byte[] NEW = {20};

  private static TreeMap<byte[], byte[]> writes(byte[] key, byte[] value) {
    TreeMap<byte[], byte[]> w = new TreeMap<>(Arrays::compareUnsigned);
    w.put(key, value);
    return w;
  }

  private static StateCache.Miss miss(StateCache cache, byte[] key) {
    return (StateCache.Miss) cache.lookup(key);
  }

  @Test
  void whatADatabaseReadReturnedIsServedFromMemoryNextTime() {
    StateCache cache = new StateCache(10);

    cache.remember(KEY, OLD, miss(cache, KEY));

    assertThat(cache.lookup(KEY))
        .isInstanceOfSatisfying(
            StateCache.Hit.class, hit -> assertThat(hit.value()).containsExactly(OLD));
  }

  @Test
  void aValueReadBeforeACommitIsNotRememberedAfterIt() {
    StateCache cache = new StateCache(10);
    StateCache.Miss before = miss(cache, KEY);
    cache.beginCommit();
    cache.endCommit(writes(new byte[] {9}, NEW));

    cache.remember(KEY, OLD, before);

    assertThat(cache.lookup(KEY)).isInstanceOf(StateCache.Miss.class);
  }

  @Test
  void aValueReadWhileACommitIsWrittenIsNotRemembered() {
    StateCache cache = new StateCache(10);
    cache.beginCommit();

    cache.remember(KEY, OLD, miss(cache, KEY));

    assertThat(cache.lookup(KEY)).isInstanceOf(StateCache.Miss.class);
  }

  @Test
  void nothingIsServedFromMemoryWhileACommitIsWritten() {
    StateCache cache = new StateCache(10);
    cache.remember(KEY, null, miss(cache, KEY));

    cache.beginCommit();

    assertThat(cache.lookup(KEY)).isInstanceOf(StateCache.Miss.class);
    cache.endCommit(writes(KEY, NEW));
    assertThat(cache.lookup(KEY))
        .isInstanceOfSatisfying(
            StateCache.Hit.class, hit -> assertThat(hit.value()).containsExactly(NEW));
  }

  @Test
  void aCommitWritesItsValuesThroughAndItsDeletesAsAbsent() {
    StateCache cache = new StateCache(10);
    cache.remember(KEY, OLD, miss(cache, KEY));
    byte[] deleted = {4};
    TreeMap<byte[], byte[]> w = writes(KEY, NEW);
    w.put(deleted, null);

    cache.beginCommit();
    cache.endCommit(w);

    assertThat(cache.lookup(KEY))
        .isInstanceOfSatisfying(
            StateCache.Hit.class, hit -> assertThat(hit.value()).containsExactly(NEW));
    assertThat(cache.lookup(deleted))
        .isInstanceOfSatisfying(StateCache.Hit.class, hit -> assertThat(hit.value()).isNull());
  }

  @Test
  void aFailedCommitForgetsEverything() {
    StateCache cache = new StateCache(10);
    cache.remember(KEY, OLD, miss(cache, KEY));
    cache.beginCommit();

    cache.abortCommit();

    assertThat(cache.lookup(KEY)).isInstanceOf(StateCache.Miss.class);
  }

  @Test
  void aFullCacheStartsOverInsteadOfGrowing() {
    StateCache cache = new StateCache(2);
    cache.remember(new byte[] {1}, OLD, miss(cache, new byte[] {1}));
    cache.remember(new byte[] {2}, OLD, miss(cache, new byte[] {2}));

    cache.remember(new byte[] {3}, OLD, miss(cache, new byte[] {3}));

    assertThat(cache.lookup(new byte[] {1})).isInstanceOf(StateCache.Miss.class);
    assertThat(cache.lookup(new byte[] {3})).isInstanceOf(StateCache.Hit.class);
  }

  @Test
  void aServedValueIsACopy() {
    StateCache cache = new StateCache(10);
    cache.remember(KEY, OLD, miss(cache, KEY));

    ((StateCache.Hit) cache.lookup(KEY)).value()[0] = 0;

    assertThat(((StateCache.Hit) cache.lookup(KEY)).value()).containsExactly(OLD);
  }
}
