package io.gridwork.protocol.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Damages real documents line by line and checks that the readers answer with errors or refusals,
 * never an exception. A fixed seed keeps failures reproducible; the damaged text is in the message.
 */
class DocumentFuzzTest {
  private static final long SEED = 0x6677_7a7aL;
  private static final int ROUNDS = 400;
  private static final String[] JUNK = {
    "",
    "-",
    ":",
    "null",
    "[",
    "{}",
    "- x",
    "  extra: 1",
    "0",
    "-1",
    "1e999",
    "\"",
    "&a",
    "*a",
    "!!str"
  };

  private final Random random = new Random(SEED);

  private static List<String> documents(Path dir) throws IOException {
    List<String> docs = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        docs.add(Files.readString(p));
      }
    }
    return docs;
  }

  private String damage(String document) {
    List<String> lines = new ArrayList<>(Arrays.asList(document.split("\n", -1)));
    int edits = 1 + random.nextInt(3);
    for (int e = 0; e < edits && !lines.isEmpty(); e++) {
      int at = random.nextInt(lines.size());
      String line = lines.get(at);
      switch (random.nextInt(4)) {
        case 0 -> lines.remove(at);
        case 1 -> lines.add(at, line);
        case 2 -> {
          int colon = line.indexOf(':');
          String junk = JUNK[random.nextInt(JUNK.length)];
          lines.set(at, colon < 0 ? junk : line.substring(0, colon + 1) + " " + junk);
        }
        default -> lines.set(at, " ".repeat(random.nextInt(6)) + line.strip());
      }
    }
    return String.join("\n", lines);
  }

  @Test
  void damagedSdlFilesAreRefusedOrImportedButNeverThrow() throws IOException, URISyntaxException {
    List<String> docs =
        documents(Path.of(DocumentFuzzTest.class.getResource("/akash-sdl").toURI()));
    for (int i = 0; i < ROUNDS; i++) {
      String damaged = damage(docs.get(random.nextInt(docs.size())));
      SdlImport result;
      try {
        result = AkashSdl.translate(damaged);
      } catch (RuntimeException e) {
        throw new AssertionError("translate threw on:\n" + damaged, e);
      }
      assertThat(result.jobs().isEmpty() || result.refusals().isEmpty()).isTrue();
    }
  }

  @Test
  void damagedSpecsAreReportedButNeverThrow() throws IOException {
    List<String> docs = documents(Path.of("..", "examples"));
    for (int i = 0; i < ROUNDS; i++) {
      String damaged = damage(docs.get(random.nextInt(docs.size())));
      SpecResult result;
      try {
        result = JobSpecYaml.parse(damaged);
      } catch (RuntimeException e) {
        throw new AssertionError("parse threw on:\n" + damaged, e);
      }
      if (result instanceof SpecResult.Valid valid) {
        assertThat(JobSpecValidator.validate(valid.spec())).isEmpty();
      } else {
        assertThat(((SpecResult.Invalid) result).errors()).isNotEmpty();
      }
    }
  }
}
