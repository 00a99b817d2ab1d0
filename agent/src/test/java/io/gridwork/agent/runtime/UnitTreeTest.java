package io.gridwork.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnitTreeTest {
  @TempDir Path tmp;

  @Test
  void deletingATreeRemovesLinksWithoutTouchingWhatTheyName() throws Exception {
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Files.writeString(outside.resolve("keep.txt"), "kept");
    Path root = Files.createDirectories(tmp.resolve("unit/a"));
    Files.createSymbolicLink(root.resolve("dir-link"), outside);
    Files.createSymbolicLink(root.resolve("file-link"), outside.resolve("keep.txt"));

    UnitTree.delete(tmp.resolve("unit"));

    assertThat(tmp.resolve("unit")).doesNotExist();
    assertThat(outside.resolve("keep.txt")).hasContent("kept");
  }

  @Test
  void aTreeNestedFarDeeperThanTheListingLimitIsStillDeleted() throws Exception {
    Path deepest = tmp.resolve("unit");
    for (int i = 0; i < 3 * UnitTree.MAX_DEPTH; i++) {
      deepest = deepest.resolve("d");
    }
    Files.createDirectories(deepest);
    Files.writeString(deepest.resolve("f"), "deep");

    assertThatThrownBy(() -> UnitTree.list(tmp.resolve("unit"), 1_000))
        .isInstanceOfSatisfying(
            UnitTree.TooLargeException.class, e -> assertThat(e.tooDeep()).isTrue());
    UnitTree.empty(tmp.resolve("unit"));

    assertThat(tmp.resolve("unit")).isEmptyDirectory();
  }

  @Test
  void listingStopsAtTheMostEntriesTheCallerTakes() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("unit"));
    for (int i = 0; i < 11; i++) {
      Files.writeString(root.resolve("f" + i), "x");
    }

    assertThat(UnitTree.list(root, 11)).hasSize(11);
    assertThatThrownBy(() -> UnitTree.list(root, 10))
        .isInstanceOfSatisfying(
            UnitTree.TooLargeException.class, e -> assertThat(e.tooDeep()).isFalse());
  }

  @Test
  void aFileReachedThroughALinkedDirectoryIsNeitherSeenNorOpened() throws Exception {
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Files.writeString(outside.resolve("secret"), "host secret");
    Path root = Files.createDirectories(tmp.resolve("unit"));
    Files.createSymbolicLink(root.resolve("linked"), outside);

    assertThat(UnitTree.stat(root, "linked/secret")).isEqualTo(Optional.empty());
    assertThatThrownBy(() -> UnitTree.openFile(root, "linked/secret"))
        .isInstanceOf(UnitTree.NotAPlainEntryException.class);
    assertThatThrownBy(() -> UnitTree.openFile(root, "linked"))
        .isInstanceOf(UnitTree.NotAPlainEntryException.class);
    assertThat(UnitTree.list(root, 10))
        .singleElement()
        .satisfies(e -> assertThat(e.kind()).isEqualTo(UnitTree.Kind.OTHER));
  }

  @Test
  void aPlainFileIsReadThroughItsDirectories() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("unit"));
    Files.createDirectories(root.resolve("a/b"));
    Files.writeString(root.resolve("a/b/c.txt"), "hello");

    try (InputStream in = UnitTree.openFile(root, "a/b/c.txt")) {
      assertThat(in.readAllBytes()).asString().isEqualTo("hello");
    }
    assertThat(UnitTree.stat(root, "a/b/c.txt").orElseThrow().size()).isEqualTo(5);
  }
}
