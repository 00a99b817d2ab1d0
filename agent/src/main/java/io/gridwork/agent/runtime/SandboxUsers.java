package io.gridwork.agent.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real, unprivileged user ids for sandboxes when the agent runs as root. Inside its user namespace
 * a unit is uid 1000 either way, but to the kernel it is the user that started bwrap: root, to whom
 * the process-count limit does not apply. So an agent running as root starts each sandbox through
 * {@code setpriv} as a user id of its own from {@link #FIRST} on, which no account uses: the
 * process limit then binds, and counts only that unit's processes. An agent that is not root runs
 * its sandboxes as itself, and all its units share one count.
 *
 * <p>Safe to share between threads; {@link #acquire} and {@link #release} are synchronized.
 */
final class SandboxUsers {
  private static final Logger LOG = LoggerFactory.getLogger(SandboxUsers.class);

  /** The first id handed out, far above the ids of accounts and of container id ranges. */
  static final int FIRST = 1_900_000_000;

  /** How many sandboxes can run at once as users of their own. */
  static final int COUNT = 65_536;

  /** One user id a sandbox runs as, with the same number as its group id. */
  record User(int id) {}

  private final boolean root;
  private final BitSet inUse = new BitSet(COUNT);

  SandboxUsers(boolean root) {
    this.root = root;
  }

  /** Users of their own for sandboxes if this process runs as root, none otherwise. */
  static SandboxUsers forThisProcess() {
    try {
      return new SandboxUsers(
          ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the agent's own user id", e);
    }
  }

  /** A user no running sandbox has, or empty when sandboxes run as the agent's own user. */
  synchronized Optional<User> acquire() {
    if (!root) {
      return Optional.empty();
    }
    int free = inUse.nextClearBit(0);
    if (free >= COUNT) {
      throw new IllegalStateException(COUNT + " sandboxes already run, each as a user of its own");
    }
    inUse.set(free);
    return Optional.of(new User(FIRST + free));
  }

  /** Hands {@code user} back once nothing runs as it any more. */
  synchronized void release(User user) {
    inUse.clear(user.id() - FIRST);
  }

  /** The words that start the rest of a command line as {@code user}, with no other groups. */
  static List<String> runAs(User user) {
    return List.of(
        "setpriv",
        "--reuid=" + user.id(),
        "--regid=" + user.id(),
        "--clear-groups",
        "--inh-caps=-all",
        "--");
  }

  /**
   * Makes {@code dirs}, and all in them, owned by {@code user}, so that the unit can write there;
   * the agent, as root, can still read and delete whatever the unit leaves.
   */
  static void handOver(User user, List<Path> dirs) {
    for (Path dir : dirs) {
      try (Stream<Path> paths = Files.walk(dir)) {
        for (Path path : paths.toList()) {
          Files.setAttribute(path, "unix:uid", user.id(), LinkOption.NOFOLLOW_LINKS);
          Files.setAttribute(path, "unix:gid", user.id(), LinkOption.NOFOLLOW_LINKS);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot give " + dir + " to the sandbox's user", e);
      }
    }
  }

  /**
   * bwrap opens what it binds as the sandbox's user, so every directory above {@code path} must let
   * others pass through. Search permission is added where it is missing (never read permission:
   * nobody can list those directories who could not before), and said in the log.
   */
  static void makeReachable(Path path) {
    for (Path dir = path.toAbsolutePath().normalize().getParent();
        dir != null;
        dir = dir.getParent()) {
      try {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(dir);
        if (permissions.add(PosixFilePermission.OTHERS_EXECUTE)) {
          Files.setPosixFilePermissions(dir, permissions);
          LOG.info("gave others search permission on {} so sandboxes can reach {}", dir, path);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot let sandboxes pass through " + dir + " to reach " + path, e);
      }
    }
  }
}
