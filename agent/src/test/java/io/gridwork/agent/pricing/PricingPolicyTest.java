package io.gridwork.agent.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridwork.agent.gpu.Inventory;
import io.gridwork.agent.gpu.NvidiaSmi;
import io.gridwork.agent.gpu.SimulatedGpus;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class PricingPolicyTest {
  static final String RTX_4090 = "NVIDIA GeForce RTX 4090";

  /** Two 450 W cards, electricity at 0.2 GRID per kWh, +20%: a floor of 108,000 per GPU-hour. */
  static final Inventory TWO_4090S = Inventory.of(SimulatedGpus.parse("rtx4090:2"));

  static final PricingConfig CONFIG =
      new PricingConfig(Map.of(RTX_4090, 390_000L), 200_000, 12_000);

  private static QuoteResult quote(PricingConfig config, Order order) {
    return new PricingPolicy(TWO_4090S, config).quote(order);
  }

  private static Order.Service service(long maxPricePerGpuHour) {
    return new Order.Service("job-1", RTX_4090, 1, maxPricePerGpuHour);
  }

  @Test
  void serviceIsQuotedFromTheTable() {
    QuoteResult result = quote(CONFIG, service(500_000));

    assertThat(result)
        .isEqualTo(
            new QuoteResult.Quote(390_000, 108_000, QuoteResult.Source.TABLE, Optional.empty()));
  }

  @Test
  void batchIsQuotedPerUnitFromItsGpusAndEstimatedSeconds() {
    Order.Batch batch = new Order.Batch("job-2", RTX_4090, 2, 100, 90, 50_000);

    QuoteResult result = quote(CONFIG, batch);

    assertThat(result)
        .isEqualTo(
            new QuoteResult.Quote(19_500, 5_400, QuoteResult.Source.TABLE, Optional.empty()));
  }

  @Test
  void floorRoundsUpSoRoundingNeverCostsTheProvider() {
    Inventory t4 = Inventory.of(SimulatedGpus.parse("t4:1"));
    PricingConfig config = new PricingConfig(Map.of("Tesla T4", 1L), 200_000, 12_000);

    QuoteResult result =
        new PricingPolicy(t4, config).quote(new Order.Batch("job-3", "Tesla T4", 1, 1, 1, 1_000));

    assertThat(result)
        .isEqualTo(new QuoteResult.Quote(5, 5, QuoteResult.Source.FLOOR, Optional.empty()));
  }

  @Test
  void tablePriceBelowTheElectricityFloorIsRaisedToIt() {
    PricingConfig expensivePower = new PricingConfig(Map.of(RTX_4090, 100_000L), 400_000, 12_000);

    QuoteResult result = quote(expensivePower, service(500_000));

    assertThat(result)
        .isEqualTo(
            new QuoteResult.Quote(216_000, 216_000, QuoteResult.Source.FLOOR, Optional.empty()));
  }

  @Test
  void ceilingBelowTheFloorIsRefusedSayingByHowMuch() {
    QuoteResult result = quote(CONFIG, service(100_000));

    assertThat(result)
        .isEqualTo(
            new QuoteResult.Refusal(
                QuoteResult.Reason.CEILING_BELOW_FLOOR,
                "the job pays at most 100000 ugrid per GPU-hour, 8000 below this provider's"
                    + " electricity floor of 108000"));
  }

  @Test
  void ceilingBetweenFloorAndPriceIsRefusedSayingByHowMuch() {
    QuoteResult result = quote(CONFIG, service(200_000));

    assertThat(result)
        .isEqualTo(
            new QuoteResult.Refusal(
                QuoteResult.Reason.CEILING_BELOW_PRICE,
                "the job pays at most 200000 ugrid per GPU-hour, 190000 below this provider's"
                    + " price of 390000"));
  }

  @Test
  void modelThisProviderDoesNotHaveIsRefused() {
    QuoteResult result =
        quote(CONFIG, new Order.Service("job-4", "NVIDIA H100 80GB HBM3", 1, 9_000_000));

    assertThat(result)
        .extracting(r -> ((QuoteResult.Refusal) r).reason())
        .isEqualTo(QuoteResult.Reason.MODEL_NOT_OFFERED);
  }

  @Test
  void orderNeedingMoreGpusThanWeHaveIsRefused() {
    QuoteResult result = quote(CONFIG, new Order.Service("job-5", RTX_4090, 3, 9_000_000));

    assertThat(result)
        .isEqualTo(
            new QuoteResult.Refusal(
                QuoteResult.Reason.NOT_ENOUGH_GPUS,
                "the job needs 3 NVIDIA GeForce RTX 4090 at once, this provider has 2"));
  }

  @Test
  void cardsWithoutAPowerLimitAreNotPricedBlind() {
    NvidiaSmi.Parse.Parsed parsed =
        (NvidiaSmi.Parse.Parsed)
            NvidiaSmi.parse(
                "0, GPU-1, Tesla K80, 11441, 0, 0, [N/A], [N/A], 30, 0:04:00.0, 470.82.01, 3.7\n");
    PricingConfig config = new PricingConfig(Map.of("Tesla K80", 50_000L), 200_000, 12_000);

    QuoteResult result =
        new PricingPolicy(Inventory.of(parsed.gpus()), config)
            .quote(new Order.Service("job-6", "Tesla K80", 1, 9_000_000));

    assertThat(result)
        .extracting(r -> ((QuoteResult.Refusal) r).reason())
        .isEqualTo(QuoteResult.Reason.POWER_LIMIT_UNKNOWN);
  }

  @Test
  void modelMissingFromTheTableIsRefused() {
    PricingConfig noPrices = new PricingConfig(Map.of(), 200_000, 12_000);

    QuoteResult result = quote(noPrices, service(500_000));

    assertThat(result)
        .isEqualTo(
            new QuoteResult.Refusal(
                QuoteResult.Reason.NO_PRICE_FOR_MODEL,
                "the price table has no price for NVIDIA GeForce RTX 4090"));
  }

  @Test
  void marginBelowBreakEvenIsRefused() {
    assertThatThrownBy(() -> new PricingConfig(Map.of(), 200_000, 9_999))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("below the electricity cost");
  }

  @Property(tries = 200)
  void everyQuoteLiesBetweenTheFloorAndTheCeiling(
      @ForAll @LongRange(min = 1, max = 10_000_000) long tablePrice,
      @ForAll @LongRange(min = 0, max = 2_000_000) long electricityPerKwh,
      @ForAll @IntRange(min = 10_000, max = 30_000) int marginBps,
      @ForAll @LongRange(min = 1, max = 10_000_000) long ceiling) {
    PricingConfig config =
        new PricingConfig(Map.of(RTX_4090, tablePrice), electricityPerKwh, marginBps);

    QuoteResult result = quote(config, service(ceiling));

    if (result instanceof QuoteResult.Quote quote) {
      assertThat(quote.price()).isBetween(quote.floor(), ceiling);
    }
  }
}
