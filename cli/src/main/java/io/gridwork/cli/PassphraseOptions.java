package io.gridwork.cli;

import java.io.Console;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Where a key's passphrase comes from: an environment variable, the first line of a file, or (by
 * default) a prompt on the terminal that does not echo. The passphrase is never printed or logged.
 */
final class PassphraseOptions {
  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  @Option(
      names = "--passphrase-env",
      paramLabel = "VAR",
      description = "read the key passphrase from environment variable VAR")
  String env;

  @Option(
      names = "--passphrase-file",
      paramLabel = "FILE",
      description = "read the key passphrase from the first line of FILE")
  Path file;

  /**
   * Returns the passphrase for key {@code keyName}; with {@code confirm} (a new key) a prompt asks
   * twice. The caller should clear the array when done.
   */
  char[] read(String keyName, boolean confirm) {
    if (env != null && file != null) {
      throw new CommandFailure(
          ExitCode.USAGE, "give either --passphrase-env or --passphrase-file, not both");
    }
    char[] passphrase;
    if (env != null) {
      String value = ((GridworkCli) mixee.root().userObject()).environment(env);
      if (value == null) {
        throw new CommandFailure(
            ExitCode.USAGE, "environment variable " + env + " (from --passphrase-env) is not set");
      }
      passphrase = value.toCharArray();
    } else if (file != null) {
      passphrase = firstLine(file);
    } else {
      passphrase = prompt(keyName, confirm);
    }
    if (passphrase.length == 0) {
      throw new CommandFailure(ExitCode.USAGE, "the passphrase for key '" + keyName + "' is empty");
    }
    return passphrase;
  }

  private static char[] firstLine(Path path) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(path);
    } catch (IOException e) {
      throw new CommandFailure(
          ExitCode.USAGE, "cannot read passphrase file " + path + ": " + FileErrors.reason(e));
    }
    int end = 0;
    while (end < bytes.length && bytes[end] != '\n' && bytes[end] != '\r') {
      end++;
    }
    CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(bytes, 0, end));
    Arrays.fill(bytes, (byte) 0);
    char[] passphrase = new char[chars.remaining()];
    chars.get(passphrase);
    Arrays.fill(chars.array(), '\0');
    return passphrase;
  }

  private static char[] prompt(String keyName, boolean confirm) {
    Console console = System.console();
    if (console == null) {
      throw new CommandFailure(
          ExitCode.USAGE,
          "no terminal to ask for the passphrase of key '"
              + keyName
              + "': use --passphrase-env VAR or --passphrase-file FILE");
    }
    char[] first = console.readPassword("Passphrase for key '%s': ", keyName);
    if (first == null) {
      throw new CommandFailure(ExitCode.USAGE, "no passphrase entered");
    }
    if (confirm) {
      char[] second = console.readPassword("Repeat the passphrase: ");
      boolean same = second != null && Arrays.equals(first, second);
      if (second != null) {
        Arrays.fill(second, '\0');
      }
      if (!same) {
        Arrays.fill(first, '\0');
        throw new CommandFailure(ExitCode.USAGE, "the two passphrases differ; nothing was saved");
      }
    }
    return first;
  }
}
