# Finds a JDK new enough for Gridwork and exports JAVA_HOME to it. POSIX sh, sourced by ./mvnw,
# ./gridwork and .ci/run so that all three pick the same JDK: $JAVA_HOME when it is new enough,
# then the newest JDK under /usr/lib/jvm, then the java on PATH. A machine's default java may be
# older (JDK 17 on Debian 12) while a newer JDK sits beside it unselected.

GRIDWORK_MIN_JAVA=21

# Prints the major version of the java binary $1 ("1.8.0_392" -> 8, "21.0.2" -> 21, "25" -> 25),
# or nothing when it does not run.
gridwork_java_major() {
  "$1" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1 |
    sed -e 's/^1\.//' -e 's/[^0-9].*$//'
}

# True when $1 is a java home with java (and javac, when $2 is "javac") of at least the minimum.
gridwork_jdk_ok() {
  [ -x "$1/bin/java" ] || return 1
  [ "${2-}" != javac ] || [ -x "$1/bin/javac" ] || return 1
  gridwork_major="$(gridwork_java_major "$1/bin/java")"
  [ -n "$gridwork_major" ] && [ "$gridwork_major" -ge "$GRIDWORK_MIN_JAVA" ]
}

# Exports JAVA_HOME to a JDK $GRIDWORK_MIN_JAVA+; returns 1 when there is none. With "javac" as
# $1, only homes that can compile count.
gridwork_find_jdk() {
  if [ -n "${JAVA_HOME-}" ] && gridwork_jdk_ok "$JAVA_HOME" "${1-}"; then
    export JAVA_HOME
    return 0
  fi
  gridwork_best=""
  gridwork_best_major=0
  for gridwork_dir in $(find /usr/lib/jvm -mindepth 1 -maxdepth 1 -type d 2>/dev/null | sort); do
    if gridwork_jdk_ok "$gridwork_dir" "${1-}" && [ "$gridwork_major" -gt "$gridwork_best_major" ]; then
      gridwork_best="$gridwork_dir"
      gridwork_best_major="$gridwork_major"
    fi
  done
  if [ -n "$gridwork_best" ]; then
    JAVA_HOME="$gridwork_best"
    export JAVA_HOME
    return 0
  fi
  if gridwork_java="$(command -v java)"; then
    gridwork_home="$(dirname "$(dirname "$(readlink -f "$gridwork_java")")")"
    if gridwork_jdk_ok "$gridwork_home" "${1-}"; then
      JAVA_HOME="$gridwork_home"
      export JAVA_HOME
      return 0
    fi
  fi
  return 1
}

# The message for a machine without a suitable JDK.
gridwork_no_jdk() {
  cat >&2 <<EOF
Gridwork needs a Java Development Kit, version $GRIDWORK_MIN_JAVA or newer, and found none
(looked at \$JAVA_HOME, /usr/lib/jvm/* and the java on PATH).
Install one, for example on Debian 13 or Ubuntu 24.04:
    sudo apt-get install openjdk-21-jdk-headless
or any other JDK $GRIDWORK_MIN_JAVA+ (e.g. the Eclipse Temurin 21 packages, also for Debian 12),
then run this again; it finds JDKs under /usr/lib/jvm by itself.
EOF
}
