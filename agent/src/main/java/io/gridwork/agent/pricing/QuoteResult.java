package io.gridwork.agent.pricing;

import java.util.Objects;
import java.util.Optional;

/** The pricing policy's answer to an order: a price to bid, or why not to bid. */
public sealed interface QuoteResult {

  /** Where the quoted price came from. */
  enum Source {
    /** The operator's price script. */
    SCRIPT,
    /** The price table. */
    TABLE,
    /** The electricity floor, because the script or table asked for less. */
    FLOOR
  }

  /**
   * A price to bid, in the order's price unit, never below {@code floor}.
   *
   * @param scriptProblem why the price script's answer was not used, if one is configured and
   *     failed
   */
  record Quote(long price, long floor, Source source, Optional<String> scriptProblem)
      implements QuoteResult {
    public Quote {
      if (price < floor) {
        throw new IllegalArgumentException("price " + price + " is below the floor " + floor);
      }
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(scriptProblem, "scriptProblem");
    }
  }

  /** Why this provider does not bid. */
  enum Reason {
    MODEL_NOT_OFFERED,
    NOT_ENOUGH_GPUS,
    POWER_LIMIT_UNKNOWN,
    NO_PRICE_FOR_MODEL,
    CEILING_BELOW_FLOOR,
    CEILING_BELOW_PRICE
  }

  /** No bid, with a message that says what would change the answer. */
  record Refusal(Reason reason, String message) implements QuoteResult {
    public Refusal {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(message, "message");
    }
  }
}
