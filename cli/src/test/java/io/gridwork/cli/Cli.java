package io.gridwork.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwork.protocol.crypto.KeyPair;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import picocli.CommandLine;

/** Runs {@code gridwork} in-process with a given environment and captures what it prints. */
final class Cli {
  private final Map<String, String> environment;

  Cli(Map<String, String> environment) {
    this.environment = environment;
  }

  Cli() {
    this(Map.of());
  }

  Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = GridworkCli.commandLine(new GridworkCli(environment));
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exitCode = commandLine.execute(args);
    return new Result(exitCode, out.toString(), err.toString());
  }

  /**
   * Imports {@code key} as {@code name} into the key store of {@code home} with {@code gridwork key
   * import}, encrypted with the passphrase in this environment's {@code PASS}; its seed file is
   * written next to {@code home}.
   */
  void importKey(Path home, String name, KeyPair key) throws IOException {
    Path seed = home.resolveSibling(name + ".seed");
    Files.writeString(seed, HexFormat.of().formatHex(key.seed()));
    Result imported =
        run(
            "key",
            "import",
            name,
            "--home",
            home.toString(),
            "--seed-hex-file",
            seed.toString(),
            "--passphrase-env",
            "PASS");
    assertThat(imported.exitCode()).as(imported.err()).isZero();
  }

  record Result(int exitCode, String out, String err) {}
}
