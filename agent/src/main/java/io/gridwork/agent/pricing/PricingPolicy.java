package io.gridwork.agent.pricing;

import io.gridwork.agent.gpu.Inventory;
import io.gridwork.protocol.tx.GpuInventory;
import java.math.BigInteger;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what this provider bids for an order: the script's price if one is configured and answers
 * sensibly, else the table's, but never less than the electricity floor (power limit × electricity
 * price × margin), and no bid at all when the job's ceiling is below that.
 *
 * <p>All money is whole ugrid; divisions round up so rounding never takes the provider under its
 * cost. Immutable and safe to share; the script runs on the calling thread.
 */
public final class PricingPolicy {
  private static final Logger LOG = LoggerFactory.getLogger(PricingPolicy.class);

  private static final BigInteger SECONDS_PER_HOUR = BigInteger.valueOf(3600);

  /** Milliwatts to kilowatts (10^6) times basis points (10^4). */
  private static final BigInteger MILLIWATT_BPS_PER_KILOWATT = BigInteger.TEN.pow(10);

  private final Inventory inventory;
  private final PricingConfig config;
  private final Optional<ScriptPricer> script;

  public PricingPolicy(Inventory inventory, PricingConfig config) {
    this.inventory = inventory;
    this.config = config;
    this.script = config.script().map(ScriptPricer::new);
  }

  public QuoteResult quote(Order order) {
    String model = order.gpuModel();
    int available =
        inventory.groups().stream()
            .filter(group -> group.model().equals(model))
            .mapToInt(GpuInventory::count)
            .sum();
    if (available == 0) {
      return refuse(QuoteResult.Reason.MODEL_NOT_OFFERED, "this provider offers no " + model);
    }
    if (order.gpus() > available) {
      return refuse(
          QuoteResult.Reason.NOT_ENOUGH_GPUS,
          "the job needs "
              + order.gpus()
              + " "
              + model
              + " at once, this provider has "
              + available);
    }
    OptionalLong powerMilliwatts = inventory.powerLimitMilliwatts(model);
    if (powerMilliwatts.isEmpty()) {
      return refuse(
          QuoteResult.Reason.POWER_LIMIT_UNKNOWN,
          model + " cards report no power limit, so the electricity floor is unknown");
    }
    long floor = floor(order, powerMilliwatts.getAsLong());
    String unit = priceUnit(order);
    if (order.ceiling() < floor) {
      return refuse(
          QuoteResult.Reason.CEILING_BELOW_FLOOR,
          "the job pays at most "
              + order.ceiling()
              + " "
              + unit
              + ", "
              + (floor - order.ceiling())
              + " below this provider's electricity floor of "
              + floor);
    }
    OptionalLong tablePrice = tablePrice(order);
    Optional<String> scriptProblem = Optional.empty();
    if (script.isPresent()) {
      switch (script.get().price(order, floor, tablePrice)) {
        case ScriptPricer.Answer.Price price -> {
          return bid(order, price.price(), floor, QuoteResult.Source.SCRIPT, scriptProblem);
        }
        case ScriptPricer.Answer.Problem problem -> {
          LOG.warn("{}; pricing job {} from the table instead", problem.reason(), order.jobId());
          scriptProblem = Optional.of(problem.reason());
        }
      }
    }
    if (tablePrice.isEmpty()) {
      return refuse(
          QuoteResult.Reason.NO_PRICE_FOR_MODEL,
          "the price table has no price for "
              + model
              + scriptProblem.map(p -> " (" + p + ")").orElse(""));
    }
    return bid(order, tablePrice.getAsLong(), floor, QuoteResult.Source.TABLE, scriptProblem);
  }

  /** Raises an ask under the floor to the floor, then checks it against the job's ceiling. */
  private static QuoteResult bid(
      Order order,
      long ask,
      long floor,
      QuoteResult.Source source,
      Optional<String> scriptProblem) {
    long price = Math.max(ask, floor);
    if (price > order.ceiling()) {
      return refuse(
          QuoteResult.Reason.CEILING_BELOW_PRICE,
          "the job pays at most "
              + order.ceiling()
              + " "
              + priceUnit(order)
              + ", "
              + (price - order.ceiling())
              + " below this provider's price of "
              + price);
    }
    QuoteResult.Source actual = ask < floor ? QuoteResult.Source.FLOOR : source;
    return new QuoteResult.Quote(price, floor, actual, scriptProblem);
  }

  /**
   * Electricity cost with margin for what the order buys: per GPU-hour for a service, per unit
   * (GPUs × estimated seconds) for batch.
   */
  private long floor(Order order, long powerMilliwatts) {
    BigInteger perGpuHourScaled =
        BigInteger.valueOf(powerMilliwatts)
            .multiply(BigInteger.valueOf(config.electricityPerKwh()))
            .multiply(BigInteger.valueOf(config.marginBps()));
    return switch (order) {
      case Order.Service service -> ceilDiv(perGpuHourScaled, MILLIWATT_BPS_PER_KILOWATT);
      case Order.Batch batch ->
          ceilDiv(
              perGpuHourScaled
                  .multiply(BigInteger.valueOf(batch.gpus()))
                  .multiply(BigInteger.valueOf(batch.estimatedUnitSeconds())),
              MILLIWATT_BPS_PER_KILOWATT.multiply(SECONDS_PER_HOUR));
    };
  }

  /** The table's price in the order's unit. */
  private OptionalLong tablePrice(Order order) {
    Long perGpuHour = config.pricePerGpuHour().get(order.gpuModel());
    if (perGpuHour == null) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(
        switch (order) {
          case Order.Service service -> perGpuHour;
          case Order.Batch batch ->
              ceilDiv(
                  BigInteger.valueOf(perGpuHour)
                      .multiply(BigInteger.valueOf(batch.gpus()))
                      .multiply(BigInteger.valueOf(batch.estimatedUnitSeconds())),
                  SECONDS_PER_HOUR);
        });
  }

  private static String priceUnit(Order order) {
    return switch (order) {
      case Order.Service service -> "ugrid per GPU-hour";
      case Order.Batch batch -> "ugrid per unit";
    };
  }

  /** Throws ArithmeticException past a long: no real order comes near that. */
  private static long ceilDiv(BigInteger numerator, BigInteger denominator) {
    BigInteger[] quotientAndRemainder = numerator.divideAndRemainder(denominator);
    BigInteger quotient = quotientAndRemainder[0];
    if (quotientAndRemainder[1].signum() > 0) {
      quotient = quotient.add(BigInteger.ONE);
    }
    return quotient.longValueExact();
  }

  private static QuoteResult refuse(QuoteResult.Reason reason, String message) {
    return new QuoteResult.Refusal(reason, message);
  }
}
