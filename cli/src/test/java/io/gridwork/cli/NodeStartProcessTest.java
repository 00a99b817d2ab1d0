package io.gridwork.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@code gridwork node start} as a real process and stops it the way Ctrl-C does. */
class NodeStartProcessTest {
  @TempDir Path home;

  @Test
  void nodeStartServesTheApiAndStopsCleanlyOnSigterm() throws Exception {
    assertThat(new Cli().run("node", "init", "--home", home.toString()).exitCode()).isZero();
    Path stderr = home.resolve("stderr.log");
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                GridworkCli.class.getName(),
                "node",
                "start",
                "--home",
                home.toString(),
                "--port",
                "0")
            .redirectError(stderr.toFile())
            .start();
    try {
      AtomicReference<String> url = new AtomicReference<>();
      Thread.ofVirtual()
          .start(
              () -> {
                try (BufferedReader out =
                    new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                  Pattern api = Pattern.compile("API (http://\\S+),");
                  for (String line = out.readLine(); line != null; line = out.readLine()) {
                    Matcher m = api.matcher(line);
                    if (m.find()) {
                      url.set(m.group(1));
                    }
                  }
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
      await().atMost(Duration.ofSeconds(30)).until(() -> url.get() != null);

      Cli.Result status = new Cli().run("query", "status", "--node", url.get());
      assertThat(status.exitCode()).as(status.err()).isZero();

      process.destroy();
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(Files.readString(stderr)).contains("node stopped");
    } finally {
      process.destroyForcibly();
    }
  }
}
