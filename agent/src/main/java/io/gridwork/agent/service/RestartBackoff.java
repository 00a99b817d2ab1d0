package io.gridwork.agent.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * How long a failed service waits before it is started again, so that a service crashing at once is
 * not restarted in a tight loop and one that ran well for a while comes back quickly: 1 s, doubling
 * up to {@link #MAX}, back to 1 s once an instance stayed live for {@link #MAX}, as the clock says.
 * Used by one service runner's thread only.
 */
final class RestartBackoff {
  static final Duration FIRST = Duration.ofSeconds(1);
  static final Duration MAX = Duration.ofSeconds(60);

  private final Clock clock;
  private Duration next = FIRST;
  private Instant liveSince;

  /** Sticky for one instance: failing checks after a long live stretch still reset the wait. */
  private boolean stayedLive;

  RestartBackoff(Clock clock) {
    this.clock = clock;
  }

  /** A new instance of the service started; it is not live yet. */
  void started() {
    liveSince = null;
    stayedLive = false;
  }

  /** The instance is about to be checked: notes whether it has been live for {@link #MAX}. */
  void checking() {
    stayedLive |= liveSince != null && !clock.instant().isBefore(liveSince.plus(MAX));
  }

  /** The instance became live now. */
  void live() {
    liveSince = clock.instant();
  }

  /** The instance failed a check: its live stretch ends. */
  void failedCheck() {
    liveSince = null;
  }

  /** The instance ended and must be started again: how long to wait first. */
  Duration restart() {
    Duration wait = stayedLive ? FIRST : next;
    next = wait.multipliedBy(2).compareTo(MAX) > 0 ? MAX : wait.multipliedBy(2);
    return wait;
  }
}
