package io.gridwork.agent.pricing;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * An operator's program that prices orders: it reads the order as one JSON object on stdin and
 * prints one whole number of ugrid (per GPU-hour for services, per unit for batch) on stdout. It is
 * killed, with everything it started, when it overruns {@code timeLimit}.
 */
public record PriceScript(List<String> command, Duration timeLimit) {
  public PriceScript {
    command = List.copyOf(command);
    if (command.isEmpty()) {
      throw new IllegalArgumentException("a price script needs a command");
    }
    Objects.requireNonNull(timeLimit, "timeLimit");
    if (timeLimit.isNegative() || timeLimit.isZero()) {
      throw new IllegalArgumentException("a price script needs a positive time limit");
    }
  }
}
