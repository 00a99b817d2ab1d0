package io.gridwork.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyCommandTest {
  @TempDir Path home;

  private final Cli cli = new Cli(Map.of("PASS", "correct horse", "WRONG", "battery staple"));

  private Cli.Result newKey(String name) {
    return cli.run("key", "new", name, "--home", home.toString(), "--passphrase-env", "PASS");
  }

  @Test
  void newKeyIsStoredEncryptedWithOwnerOnlyPermissions() throws Exception {
    Cli.Result result = newKey("alice");

    assertThat(result.exitCode()).isZero();
    Path file = home.resolve("keys/alice.json");
    assertThat(result.out()).contains("alice").contains("grid1").contains(file.toString());
    assertThat(Files.getPosixFilePermissions(file))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    assertThat(Files.readString(file)).doesNotContain("correct horse");
  }

  @Test
  void savingAKeyLeavesOnlyTheKeyFileBehind() throws Exception {
    newKey("alice");
    Cli.Result again = newKey("alice");

    assertThat(again.exitCode()).isNotZero();
    try (var files = Files.list(home.resolve("keys"))) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("alice.json");
    }
  }

  @Test
  void listShowsEveryKeyWithItsAddress() {
    newKey("alice");
    newKey("bob");

    Cli.Result result = cli.run("key", "list", "--home", home.toString());

    assertThat(result.exitCode()).isZero();
    assertThat(result.out().lines()).hasSize(3);
    assertThat(result.out()).contains("alice").contains("bob");
  }

  @Test
  void showPrintsTheSameAddressAsNewInJson() throws Exception {
    JsonNode created =
        Json.MAPPER.readTree(
            cli.run(
                    "key",
                    "new",
                    "carol",
                    "--home",
                    home.toString(),
                    "--passphrase-env",
                    "PASS",
                    "-o",
                    "json")
                .out());

    Cli.Result shown = cli.run("key", "show", "carol", "--home", home.toString(), "-o", "json");

    assertThat(shown.exitCode()).isZero();
    JsonNode json = Json.MAPPER.readTree(shown.out());
    assertThat(json.get("address").asText()).isEqualTo(created.get("address").asText());
    assertThat(json.get("address").asText()).startsWith("grid1");
  }

  @Test
  void passphraseCanComeFromTheFirstLineOfAFile() throws Exception {
    Path passFile = home.resolve("pass.txt");
    Files.writeString(passFile, "from a file\nignored second line\n");

    Cli.Result result =
        cli.run(
            "key", "new", "dave", "--home", home.toString(), "--passphrase-file", "" + passFile);

    assertThat(result.exitCode()).isZero();
  }

  @Test
  void importingASeedGivesTheSameAddressEveryTime() throws Exception {
    Path seed = home.resolve("seed.hex");
    Files.writeString(seed, "11".repeat(32) + "\n");

    Cli.Result first = importSeed("one", home.resolve("a"), seed);
    Cli.Result second = importSeed("two", home.resolve("b"), seed);

    assertThat(first.exitCode()).isZero();
    assertThat(addressIn(first.out())).isEqualTo(addressIn(second.out()));
  }

  @Test
  void aSeedFileThatIsNotHexIsAUsageError() throws Exception {
    Path seed = home.resolve("seed.hex");
    Files.writeString(seed, "not a seed");

    Cli.Result result =
        cli.run(
            "key",
            "import",
            "x",
            "--home",
            home.toString(),
            "--seed-hex-file",
            seed.toString(),
            "--passphrase-env",
            "PASS");

    assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(result.err()).contains("64 hex characters");
  }

  @Test
  void aMissingSeedFileIsSaidToNotExist() {
    Path seed = home.resolve("no-such.seed");

    Cli.Result result =
        cli.run(
            "key",
            "import",
            "x",
            "--home",
            home.toString(),
            "--seed-hex-file",
            seed.toString(),
            "--passphrase-env",
            "PASS");

    assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(result.err()).contains("cannot read seed file " + seed + ": it does not exist");
  }

  @Test
  void aMissingPassphraseFileIsSaidToNotExist() {
    Path file = home.resolve("no-such-passphrase");

    Cli.Result result =
        cli.run("key", "new", "x", "--home", home.toString(), "--passphrase-file", file.toString());

    assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(result.err())
        .contains("cannot read passphrase file " + file + ": it does not exist");
  }

  @Test
  void creatingAKeyTwiceIsRefused() {
    newKey("alice");

    Cli.Result again = newKey("alice");

    assertThat(again.exitCode()).isEqualTo(ExitCode.FAILED);
    assertThat(again.err()).contains("already exists");
  }

  @Test
  void showingAnUnknownKeySaysHowToListAndCreateKeys() {
    Cli.Result result = cli.run("key", "show", "nobody", "--home", home.toString());

    assertThat(result.exitCode()).isEqualTo(ExitCode.FAILED);
    assertThat(result.err()).contains("no key named 'nobody'").contains("gridwork key list");
  }

  @Test
  void anUnsetPassphraseVariableIsNamedInTheError() {
    Cli.Result result =
        cli.run("key", "new", "eve", "--home", home.toString(), "--passphrase-env", "UNSET_VAR");

    assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(result.err()).contains("UNSET_VAR");
  }

  @Test
  void keyNamesThatCouldEscapeTheKeyDirectoryAreRejected() {
    Cli.Result result = newKey("../evil");

    assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(result.err()).contains("invalid key name");
  }

  private static String addressIn(String out) {
    return out.lines()
        .filter(l -> l.startsWith("address:"))
        .findFirst()
        .orElseThrow()
        .substring("address:".length())
        .strip();
  }

  private Cli.Result importSeed(String name, Path keyHome, Path seed) {
    return cli.run(
        "key",
        "import",
        name,
        "--home",
        keyHome.toString(),
        "--seed-hex-file",
        seed.toString(),
        "--passphrase-env",
        "PASS");
  }
}
