package io.gridwork.agent.lease;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwork.agent.runtime.CheckpointArchive;
import io.gridwork.client.GridworkClientException;
import io.gridwork.protocol.crypto.Hash;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointWatcherTest {
  @TempDir Path tmp;

  private Path dir;
  private final List<Hash> published = new ArrayList<>();
  private final List<byte[]> archives = new ArrayList<>();
  private boolean nodeDown;

  @BeforeEach
  void setUp() throws IOException {
    dir = Files.createDirectories(tmp.resolve("checkpoint"));
  }

  private CheckpointWatcher watcher(Optional<Hash> alreadyPublished) {
    return new CheckpointWatcher(
        "unit-0",
        dir,
        tmp.resolve("checkpoint.tar"),
        Duration.ofSeconds(1),
        archive -> CheckpointArchive.pack(dir, archive, 1 << 20),
        alreadyPublished,
        (archive, hash) -> {
          if (nodeDown) {
            throw new GridworkClientException("node down", 0, null, null);
          }
          try {
            archives.add(Files.readAllBytes(archive));
          } catch (IOException e) {
            throw new AssertionError(e);
          }
          published.add(hash);
          return true;
        });
  }

  @Test
  void anEmptyDirectoryIsNotPublished() throws Exception {
    assertThat(watcher(Optional.empty()).publishIfChanged()).isFalse();
    assertThat(published).isEmpty();
  }

  @Test
  void aChangedDirectoryIsPublishedOnceWithTheHashOfItsArchive() throws Exception {
    CheckpointWatcher watcher = watcher(Optional.empty());
    Files.writeString(dir.resolve("counter"), "3");

    assertThat(watcher.publishIfChanged()).isTrue();
    assertThat(watcher.publishIfChanged()).isFalse();
    assertThat(published).hasSize(1);
    assertThat(Hash.sha256(archives.getFirst())).isEqualTo(published.getFirst());
  }

  @Test
  void eachChangeIsPublished() throws Exception {
    CheckpointWatcher watcher = watcher(Optional.empty());
    Files.writeString(dir.resolve("counter"), "1");
    watcher.publishIfChanged();
    Files.writeString(dir.resolve("counter"), "22");

    assertThat(watcher.publishIfChanged()).isTrue();
    assertThat(published).hasSize(2).doesNotHaveDuplicates();
  }

  @Test
  void theCheckpointAUnitResumedFromIsNotPublishedAgain() throws Exception {
    Files.writeString(dir.resolve("counter"), "5");
    CheckpointArchive.PackResult.Packed packed =
        (CheckpointArchive.PackResult.Packed)
            CheckpointArchive.pack(dir, tmp.resolve("restored.tar"), 1 << 20);

    assertThat(watcher(Optional.of(packed.hash())).publishIfChanged()).isFalse();
    assertThat(published).isEmpty();
  }

  @Test
  void aPublicationTheNodeDidNotTakeIsRetried() throws Exception {
    CheckpointWatcher watcher = watcher(Optional.empty());
    Files.writeString(dir.resolve("counter"), "1");
    nodeDown = true;
    watcher.publishIfChanged();
    nodeDown = false;

    assertThat(watcher.publishIfChanged()).isTrue();
    assertThat(published).hasSize(1);
  }

  @Test
  void theArchiveFileIsRemovedAfterwards() throws Exception {
    Files.writeString(dir.resolve("counter"), "1");

    watcher(Optional.empty()).publishIfChanged();

    assertThat(tmp.resolve("checkpoint.tar")).doesNotExist();
  }
}
