package io.gridwork.agent.daemon;

import io.gridwork.agent.runtime.ContainerRunner;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks {@code docker info} whether a Docker engine answers, at start and then every interval, so an
 * engine started after the agent is used and one that stops makes the agent stop bidding on
 * container jobs. Probing is cheap and the answer can change at any time (an engine restarting, its
 * socket's permissions changing), which is why it is not asked once.
 *
 * <p>One virtual thread probes; any thread may read {@link #problem()}. {@code onChange} runs on
 * the probing thread (and on the starting one for the first answer).
 */
final class ContainerEngineWatch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ContainerEngineWatch.class);

  private final ContainerRunner runner;
  private final Duration interval;
  private final Consumer<ContainerRunner.EngineStatus> onChange;
  private volatile ContainerRunner.EngineStatus status;
  private volatile boolean closed;
  private Thread thread;

  private ContainerEngineWatch(
      ContainerRunner runner, Duration interval, Consumer<ContainerRunner.EngineStatus> onChange) {
    this.runner = runner;
    this.interval = interval;
    this.onChange = onChange;
  }

  /** Probes once now, then keeps probing every {@code interval} until closed. */
  static ContainerEngineWatch start(
      ContainerRunner runner, Duration interval, Consumer<ContainerRunner.EngineStatus> onChange) {
    ContainerEngineWatch watch = new ContainerEngineWatch(runner, interval, onChange);
    watch.probe();
    watch.thread = Thread.ofVirtual().name("container-engine-probe").start(watch::keepProbing);
    return watch;
  }

  /** Why container jobs cannot run here now, or empty while an engine answers. */
  Optional<String> problem() {
    ContainerRunner.EngineStatus now = status;
    return now.answers() ? Optional.empty() : Optional.of(now.detail());
  }

  private void keepProbing() {
    while (!closed) {
      try {
        Thread.sleep(interval);
      } catch (InterruptedException e) {
        return;
      }
      if (!closed) {
        try {
          probe();
        } catch (RuntimeException e) {
          if (!closed) {
            LOG.error("probing the container engine failed: {}", e.getMessage(), e);
          }
        }
      }
    }
  }

  private void probe() {
    ContainerRunner.EngineStatus seen = runner.probe();
    ContainerRunner.EngineStatus before = status;
    if (seen.equals(before)) {
      return;
    }
    status = seen;
    if (seen.answers()) {
      LOG.info("{}: container-image jobs are bid on", seen.detail());
    } else {
      LOG.info("container-image jobs are not bid on: {}", seen.detail());
    }
    onChange.accept(seen);
  }

  @Override
  public void close() {
    closed = true;
    if (thread != null) {
      thread.interrupt();
    }
  }
}
