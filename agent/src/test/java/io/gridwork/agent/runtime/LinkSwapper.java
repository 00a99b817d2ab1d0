package io.gridwork.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

/**
 * The unit side of the link-swap attack, as a Python program run inside the sandbox: it makes a
 * directory {@code x} holding a decoy file named like the host file it is after, and a link {@code
 * y} to the host directory holding that file, then exchanges the two names with {@code
 * renameat2(RENAME_EXCHANGE)} as fast as it can, so a reader that looked at {@code x} as a
 * directory opens {@code x/<name>} through the link.
 */
public final class LinkSwapper {
  /** Fails, naming the package, when the sandbox or the swapping units cannot run here. */
  static void requireTools() {
    assertThat(Executables.exists("bwrap"))
        .as("bwrap is not installed (apt-get install bubblewrap): the sandbox cannot be tested")
        .isTrue();
    assertThat(Executables.exists("python3"))
        .as("python3 is not installed: the units that swap links and pipes cannot run")
        .isTrue();
  }

  private static final String PROGRAM =
      """
      import ctypes, os, sys, time
      d, target, name = sys.argv[1], sys.argv[2], sys.argv[3]
      size, seconds = int(sys.argv[4]), float(sys.argv[5])
      libc = ctypes.CDLL(None, use_errno=True)
      x, y = os.path.join(d, "x"), os.path.join(d, "y")
      os.makedirs(x, exist_ok=True)
      with open(os.path.join(x, name), "wb") as f:
          f.write(b"0" * size)
      os.symlink(target, y)
      def exchange():
          if libc.renameat2(-100, x.encode(), -100, y.encode(), 2) != 0:
              sys.exit("renameat2 failed: " + os.strerror(ctypes.get_errno()))
      swaps = 0
      end = time.monotonic() + seconds
      while time.monotonic() < end:
          exchange()
          swaps += 1
      if os.path.islink(x):
          exchange()
      print("swaps", swaps, flush=True)
      """;

  /**
   * Exchanges a plain file {@code f} with a named pipe {@code p}, until {@code f} is plain again.
   */
  private static final String PIPES =
      """
      import ctypes, os, sys, time
      d, seconds = sys.argv[1], float(sys.argv[2])
      libc = ctypes.CDLL(None, use_errno=True)
      f, p = os.path.join(d, "f"), os.path.join(d, "p")
      with open(f, "wb") as out:
          out.write(b"plain")
      os.mkfifo(p)
      def exchange():
          if libc.renameat2(-100, f.encode(), -100, p.encode(), 2) != 0:
              sys.exit("renameat2 failed: " + os.strerror(ctypes.get_errno()))
      swaps = 0
      end = time.monotonic() + seconds
      while time.monotonic() < end:
          exchange()
          swaps += 1
      if not os.path.isfile(f):
          exchange()
      print("swaps", swaps, flush=True)
      """;

  private LinkSwapper() {}

  /**
   * The command that exchanges a plain file and a named pipe in {@code dir} for {@code seconds}.
   */
  public static List<String> pipeCommand(String dir, double seconds) {
    return List.of("python3", "-c", PIPES, dir, Double.toString(seconds));
  }

  /**
   * The command that runs the exchange loop in {@code dir} for {@code seconds}, aimed at the host
   * file {@code name} of {@code size} bytes in {@code targetDir}; it ends with {@code x} a
   * directory again.
   */
  public static List<String> command(
      String dir, String targetDir, String name, long size, double seconds) {
    return List.of(
        "python3",
        "-c",
        PROGRAM,
        dir,
        targetDir,
        name,
        Long.toString(size),
        Double.toString(seconds));
  }

  /** The same loop as a shell line, quoted for {@code sh -c}. */
  public static String shell(String dir, String targetDir, String name, long size, double seconds) {
    StringBuilder line = new StringBuilder();
    for (String word : command(dir, targetDir, name, size, seconds)) {
      line.append('\'').append(word.replace("'", "'\\''")).append("' ");
    }
    return line.toString().strip();
  }
}
