package io.gridwork.agent.runtime;

/** Turns bwrap's terse setup errors into a reason an operator can act on. */
final class SandboxFailures {
  private SandboxFailures() {}

  static String notInstalled(String bwrap, String error) {
    return "cannot run "
        + bwrap
        + " ("
        + error
        + "): install bubblewrap (Debian/Ubuntu: apt-get install bubblewrap)";
  }

  static String explain(String bwrapError) {
    boolean denied =
        bwrapError.contains("Operation not permitted")
            || bwrapError.contains("Permission denied")
            || bwrapError.contains("No permissions to create")
            || bwrapError.contains("uid map");
    if (denied) {
      return bwrapError
          + ": this host does not allow unprivileged user namespaces (check the sysctls"
          + " kernel.unprivileged_userns_clone and user.max_user_namespaces, AppArmor's"
          + " restrict_unprivileged_userns, or the container's seccomp profile)";
    }
    return bwrapError;
  }
}
