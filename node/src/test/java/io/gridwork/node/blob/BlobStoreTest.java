package io.gridwork.node.blob;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwork.protocol.crypto.Hash;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The blob store on a real directory, below the HTTP layer. */
class BlobStoreTest {
  private static final Hash JOB = Hash.sha256(new byte[] {1});

  @TempDir Path dir;

  @Test
  void openingRemovesUploadsAPreviousProcessLeftUnfinished() throws IOException {
    BlobStore.open(dir, 1_000, 10_000);
    Path leftover = Files.writeString(dir.resolve("tmp").resolve("upload-1.part"), "half");

    BlobStore.open(dir, 1_000, 10_000);

    assertThat(leftover).doesNotExist();
  }

  @Test
  void aStoredBlobSurvivesReopeningWithItsJobTotal() {
    byte[] body = "inputs".getBytes();
    BlobStore first = BlobStore.open(dir, 1_000, 10_000);
    first.put(JOB, Hash.sha256(body), new ByteArrayInputStream(body), body.length);

    BlobStore reopened = BlobStore.open(dir, 1_000, 10_000);

    assertThat(reopened.find(Hash.sha256(body)))
        .get()
        .extracting(BlobStore.Blob::size)
        .isEqualTo((long) body.length);
    assertThat(reopened.jobBytes(JOB)).isEqualTo(body.length);
  }

  @Test
  void aBodyShorterThanItsDeclaredLengthIsIncompleteAndNotStored() {
    byte[] body = "short".getBytes();
    BlobStore store = BlobStore.open(dir, 1_000, 10_000);

    BlobStore.PutResult result =
        store.put(JOB, Hash.sha256(body), new ByteArrayInputStream(body), 100);

    assertThat(result).isInstanceOf(BlobStore.PutResult.Incomplete.class);
    assertThat(store.find(Hash.sha256(body))).isEmpty();
    assertThat(store.jobBytes(JOB)).isZero();
  }

  @Test
  void readingStopsAsSoonAsTheBlobLimitIsCrossed() {
    BlobStore store = BlobStore.open(dir, 1_000, 10_000);
    CountingEndlessStream endless = new CountingEndlessStream();

    BlobStore.PutResult result = store.put(JOB, Hash.sha256(new byte[] {2}), endless, -1);

    assertThat(result).isInstanceOf(BlobStore.PutResult.TooLarge.class);
    assertThat(endless.read).isLessThan(1_000 + 64 * 1024 + 1);
  }

  @Test
  void forgettingAJobDeletesOnlyTheBlobsNoOtherJobLists() {
    Hash other = Hash.sha256(new byte[] {3});
    byte[] shared = "shared".getBytes();
    byte[] own = "own".getBytes();
    BlobStore store = BlobStore.open(dir, 1_000, 10_000);
    store.put(JOB, Hash.sha256(shared), new ByteArrayInputStream(shared), shared.length);
    store.put(other, Hash.sha256(shared), new ByteArrayInputStream(shared), shared.length);
    store.put(JOB, Hash.sha256(own), new ByteArrayInputStream(own), own.length);

    BlobStore.Forgotten forgotten = store.forget(Set.of(JOB));

    assertThat(forgotten).isEqualTo(new BlobStore.Forgotten(1, 1, own.length));
    assertThat(store.find(Hash.sha256(own))).isEmpty();
    assertThat(store.find(other, Hash.sha256(shared))).isPresent();
    assertThat(store.find(JOB, Hash.sha256(shared))).isEmpty();
    assertThat(store.jobs()).containsExactly(other);
  }

  @Test
  void aBlobIsFoundOnlyThroughAJobThatStoredIt() {
    byte[] body = "mine".getBytes();
    BlobStore store = BlobStore.open(dir, 1_000, 10_000);
    store.put(JOB, Hash.sha256(body), new ByteArrayInputStream(body), body.length);

    assertThat(store.find(JOB, Hash.sha256(body))).isPresent();
    assertThat(store.find(Hash.sha256(new byte[] {4}), Hash.sha256(body))).isEmpty();
  }

  /** An endless body that counts what was read from it. */
  private static final class CountingEndlessStream extends InputStream {
    long read;

    @Override
    public int read() {
      read++;
      return 0;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      read += len;
      return len;
    }
  }
}
