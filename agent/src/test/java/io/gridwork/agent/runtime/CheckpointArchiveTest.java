package io.gridwork.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwork.protocol.crypto.Hash;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointArchiveTest {
  private static final long LIMIT = 1 << 20;

  @TempDir Path tmp;

  private Path tree(String name, Map<String, String> files) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve(name));
    for (Map.Entry<String, String> file : files.entrySet()) {
      Path path = dir.resolve(file.getKey());
      Files.createDirectories(path.getParent());
      Files.writeString(path, file.getValue());
    }
    return dir;
  }

  private CheckpointArchive.PackResult.Packed pack(Path dir, Path archive) {
    return (CheckpointArchive.PackResult.Packed) CheckpointArchive.pack(dir, archive, LIMIT);
  }

  private static Map<String, String> contents(Path dir) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.filter(Files::isRegularFile).toList()) {
        out.put(dir.relativize(p).toString(), Files.readString(p));
      }
    }
    return out;
  }

  @Test
  void unpackingAPackedDirectoryGivesBackItsFiles() throws IOException {
    Map<String, String> files = Map.of("step", "40", "model/weights.bin", "w", "model/opt/m", "");
    Path archive = tmp.resolve("c.tar");
    pack(tree("src", files), archive);

    Path restored = tmp.resolve("restored");
    CheckpointArchive.UnpackResult result = CheckpointArchive.unpack(archive, restored, LIMIT);

    assertThat(result).isEqualTo(new CheckpointArchive.UnpackResult.Unpacked(3));
    assertThat(contents(restored)).isEqualTo(files);
  }

  @Test
  void theSameFilesGiveTheSameHashWhateverTheirTimes() throws IOException {
    Path first = tree("first", Map.of("a", "1", "b/c", "2"));
    Path second = tree("second", Map.of("b/c", "2", "a", "1"));
    Files.setLastModifiedTime(
        second.resolve("a"), FileTime.from(Instant.parse("2001-01-01T00:00:00Z")));

    Hash one = pack(first, tmp.resolve("1.tar")).hash();
    Hash two = pack(second, tmp.resolve("2.tar")).hash();

    assertThat(one).isEqualTo(two);
    assertThat(Hash.sha256(Files.readAllBytes(tmp.resolve("1.tar")))).isEqualTo(one);
  }

  @Test
  void changedContentGivesAnotherHash() throws IOException {
    Hash before = pack(tree("v1", Map.of("step", "1")), tmp.resolve("1.tar")).hash();
    Hash after = pack(tree("v2", Map.of("step", "2")), tmp.resolve("2.tar")).hash();

    assertThat(after).isNotEqualTo(before);
  }

  @Test
  void systemTarListsTheArchive() throws Exception {
    String deep = "d".repeat(90) + "/" + "e".repeat(90) + "/f";
    Path archive = tmp.resolve("c.tar");
    pack(tree("src", Map.of("step", "7", deep, "x")), archive);

    Process tar = new ProcessBuilder("tar", "tf", archive.toString()).start();
    String listing = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(tar.waitFor(30, TimeUnit.SECONDS)).isTrue();

    assertThat(tar.exitValue()).isZero();
    assertThat(listing.lines()).contains("step", deep);
  }

  @Test
  void anExecutableFileStaysExecutable() throws IOException {
    Path src = tree("src", Map.of("resume.sh", "#!/bin/sh\n"));
    src.resolve("resume.sh").toFile().setExecutable(true);
    Path archive = tmp.resolve("c.tar");
    pack(src, archive);

    CheckpointArchive.unpack(archive, tmp.resolve("out"), LIMIT);

    assertThat(Files.isExecutable(tmp.resolve("out/resume.sh"))).isTrue();
  }

  @Test
  void aSymbolicLinkIsLeftOutAndNamed() throws IOException {
    Path src = tree("src", Map.of("step", "1"));
    Files.createSymbolicLink(src.resolve("key"), Path.of("/etc/hostname"));

    CheckpointArchive.PackResult.Packed packed = pack(src, tmp.resolve("c.tar"));
    CheckpointArchive.unpack(tmp.resolve("c.tar"), tmp.resolve("out"), LIMIT);

    assertThat(packed.skipped()).containsExactly("key");
    assertThat(tmp.resolve("out/key")).doesNotExist();
  }

  @Test
  void aDirectoryOverTheLimitIsNotPacked() throws IOException {
    Path src = tree("src", Map.of("big", "x".repeat(100)));

    CheckpointArchive.PackResult result = CheckpointArchive.pack(src, tmp.resolve("c.tar"), 99);

    assertThat(result).isEqualTo(new CheckpointArchive.PackResult.TooLarge(100, 99));
  }

  @Test
  void anArchiveOverTheLimitIsRefused() throws IOException {
    Path archive = tmp.resolve("c.tar");
    pack(tree("src", Map.of("big", "x".repeat(100))), archive);

    assertThat(CheckpointArchive.unpack(archive, tmp.resolve("out"), 99))
        .isInstanceOf(CheckpointArchive.UnpackResult.Refused.class);
  }

  @Test
  void anEntryClimbingOutOfTheDirectoryIsRefused() throws IOException {
    Path archive = tmp.resolve("c.tar");
    pack(tree("src", Map.of("xxxxx", "secret")), archive);
    renameFirstEntry(archive, "../xxx");

    CheckpointArchive.UnpackResult result =
        CheckpointArchive.unpack(archive, tmp.resolve("inner/out"), LIMIT);

    assertThat(result).isInstanceOf(CheckpointArchive.UnpackResult.Refused.class);
    assertThat(tmp.resolve("inner/xxx")).doesNotExist();
  }

  @Test
  void anAbsoluteEntryIsRefused() throws IOException {
    Path archive = tmp.resolve("c.tar");
    pack(tree("src", Map.of("xxxxxxxx", "secret")), archive);
    renameFirstEntry(archive, "/tmp/xx");

    assertThat(CheckpointArchive.unpack(archive, tmp.resolve("out"), LIMIT))
        .isInstanceOf(CheckpointArchive.UnpackResult.Refused.class);
  }

  @Test
  void aDamagedHeaderIsRefused() throws IOException {
    Path archive = tmp.resolve("c.tar");
    pack(tree("src", Map.of("step", "1")), archive);
    byte[] bytes = Files.readAllBytes(archive);
    bytes[0] ^= 1;
    Files.write(archive, bytes);

    assertThat(CheckpointArchive.unpack(archive, tmp.resolve("out"), LIMIT))
        .isEqualTo(
            new CheckpointArchive.UnpackResult.Refused("a header's checksum does not match"));
  }

  @Test
  void aTruncatedArchiveIsRefused() throws IOException {
    Path archive = tmp.resolve("c.tar");
    pack(tree("src", Map.of("step", "x".repeat(2000))), archive);
    byte[] bytes = Files.readAllBytes(archive);
    Files.write(archive, java.util.Arrays.copyOf(bytes, 1024));

    assertThat(CheckpointArchive.unpack(archive, tmp.resolve("out"), LIMIT))
        .isInstanceOf(CheckpointArchive.UnpackResult.Refused.class);
  }

  @Property(tries = 100)
  void anyTreeOfFilesSurvivesPackingAndUnpacking(
      @ForAll @Size(max = 6) List<@AlphaChars @StringLength(min = 1, max = 12) String> names,
      @ForAll @Size(min = 1, max = 6) List<@StringLength(max = 40) String> bodies)
      throws IOException {
    // Files go to the top level or into "sub-dir", a name no generated file can take.
    Map<String, String> files = new TreeMap<>();
    for (int i = 0; i < names.size(); i++) {
      files.put((i % 2 == 0 ? "" : "sub-dir/") + names.get(i), bodies.get(i % bodies.size()));
    }
    Path base = Files.createTempDirectory("checkpoint-property");
    try {
      Path src = Files.createDirectories(base.resolve("src"));
      for (Map.Entry<String, String> f : files.entrySet()) {
        Path p = src.resolve(f.getKey());
        Files.createDirectories(p.getParent());
        Files.writeString(p, f.getValue());
      }

      CheckpointArchive.pack(src, base.resolve("c.tar"), LIMIT);
      CheckpointArchive.unpack(base.resolve("c.tar"), base.resolve("out"), LIMIT);

      assertThat(contents(base.resolve("out"))).isEqualTo(files);
    } finally {
      try (Stream<Path> paths = Files.walk(base)) {
        for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  /** Replaces the first entry's name (no longer than the original) and fixes the checksum. */
  private static void renameFirstEntry(Path archive, String name) throws IOException {
    byte[] bytes = Files.readAllBytes(archive);
    java.util.Arrays.fill(bytes, 0, 100, (byte) 0);
    byte[] raw = name.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(raw, 0, bytes, 0, raw.length);
    long sum = 0;
    for (int i = 0; i < 512; i++) {
      sum += i >= 148 && i < 156 ? ' ' : bytes[i] & 0xff;
    }
    byte[] field = String.format("%06o", sum).getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(field, 0, bytes, 148, 6);
    Files.write(archive, bytes);
  }
}
