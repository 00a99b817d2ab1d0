package io.gridwork.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.gridwork.protocol.crypto.KeyFileInfo;
import io.gridwork.protocol.crypto.KeyPair;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gridwork key ...}: create, import and look at the signing keys in the key store. */
@Command(
    name = "key",
    description = "Manage signing keys (stored encrypted under <home>/keys).",
    subcommands = {
      KeyCommand.New.class,
      KeyCommand.ListKeys.class,
      KeyCommand.Show.class,
      KeyCommand.Import.class
    })
final class KeyCommand extends CommandGroup {

  static Fields describe(KeyFileInfo info, Path file) {
    return new Fields()
        .put("name", info.name())
        .put("address", info.address().toString())
        .put("publicKey", info.publicKey().toHex())
        .put("file", file.toString());
  }

  /** Shared by {@code new} and {@code import}: encrypts and stores a key, then describes it. */
  abstract static class Store extends GridworkCommand {
    @Mixin HomeOption home;
    @Mixin PassphraseOptions passphrase;
    @Mixin OutputOption output;

    int store(String name, KeyPair key) {
      KeyStore store = new KeyStore(home.resolve());
      KeyStore.checkName(name);
      if (store.exists(name)) {
        throw new CommandFailure(
            "a key named '" + name + "' already exists (" + store.file(name) + ")");
      }
      char[] secret = passphrase.read(name, true);
      Path file;
      try {
        file = store.save(name, key, secret);
      } finally {
        Arrays.fill(secret, '\0');
      }
      describe(store.info(name), file)
          .note("Back up this file and its passphrase: without both, the key cannot be recovered.")
          .report()
          .print(output.format, out());
      return ExitCode.OK;
    }
  }

  @Command(name = "new", description = "Create a new random key and store it encrypted.")
  static final class New extends Store {
    @Parameters(paramLabel = "NAME", description = "name of the key, e.g. alice")
    String name;

    @Override
    int execute() {
      return store(name, KeyPair.generate());
    }
  }

  @Command(
      name = "import",
      description = "Store an existing key given as its 32-byte seed in hex (64 characters).")
  static final class Import extends Store {
    @Parameters(paramLabel = "NAME", description = "name of the key, e.g. alice")
    String name;

    @Option(
        names = "--seed-hex-file",
        required = true,
        paramLabel = "FILE",
        description = "file holding the seed as 64 hex characters")
    Path seedFile;

    @Override
    int execute() {
      byte[] seed = readSeed(seedFile);
      try {
        return store(name, KeyPair.fromSeed(seed));
      } finally {
        Arrays.fill(seed, (byte) 0);
      }
    }

    private static byte[] readSeed(Path file) {
      String text;
      try {
        text = Files.readString(file).strip();
      } catch (IOException e) {
        throw new CommandFailure(
            ExitCode.USAGE, "cannot read seed file " + file + ": " + FileErrors.reason(e));
      }
      if (text.startsWith("0x")) {
        text = text.substring(2);
      }
      if (text.length() != 2 * KeyPair.SEED_LENGTH || !text.matches("[0-9a-fA-F]+")) {
        throw new CommandFailure(
            ExitCode.USAGE,
            "seed file "
                + file
                + " must hold exactly "
                + 2 * KeyPair.SEED_LENGTH
                + " hex characters (a 32-byte Ed25519 seed)");
      }
      return HexFormat.of().parseHex(text);
    }
  }

  @Command(name = "list", description = "List the stored keys with their addresses.")
  static final class ListKeys extends GridworkCommand {
    @Mixin HomeOption home;
    @Mixin OutputOption output;

    @Override
    int execute() {
      KeyStore store = new KeyStore(home.resolve());
      ArrayNode json = Json.MAPPER.createArrayNode();
      Table table = new Table("NAME", "ADDRESS");
      for (KeyStore.Entry entry : store.list()) {
        if (entry.info() != null) {
          json.add(describe(entry.info(), store.file(entry.name())).json());
          table.row(entry.name(), entry.info().address().toString());
        } else {
          json.addObject().put("name", entry.name()).put("problem", entry.problem());
          table.row(entry.name(), "(unreadable: " + entry.problem() + ")");
        }
      }
      String text =
          table.isEmpty()
              ? "No keys in " + store.dir() + ". Create one with: gridwork key new NAME\n"
              : table.render();
      new Report(text, json).print(output.format, out());
      return ExitCode.OK;
    }
  }

  @Command(name = "show", description = "Show a key's address and public key (no passphrase).")
  static final class Show extends GridworkCommand {
    @Parameters(paramLabel = "NAME", description = "name of the key")
    String name;

    @Mixin HomeOption home;
    @Mixin OutputOption output;

    @Override
    int execute() {
      KeyStore store = new KeyStore(home.resolve());
      describe(store.info(name), store.file(name)).report().print(output.format, out());
      return ExitCode.OK;
    }
  }
}
