package io.gridwork.agent.pricing;

import static io.gridwork.agent.pricing.PricingPolicyTest.CONFIG;
import static io.gridwork.agent.pricing.PricingPolicyTest.RTX_4090;
import static io.gridwork.agent.pricing.PricingPolicyTest.TWO_4090S;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Prices orders through real script processes. */
class PriceScriptTest {
  @TempDir Path tmp;

  private static final Order.Service ORDER = new Order.Service("job-1", RTX_4090, 1, 500_000);

  private QuoteResult quoteWith(String body, Duration limit) throws IOException {
    Path script = tmp.resolve("price.sh");
    Files.writeString(script, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    PricingConfig config = CONFIG.withScript(new PriceScript(List.of(script.toString()), limit));
    return new PricingPolicy(TWO_4090S, config).quote(ORDER);
  }

  private QuoteResult quoteWith(String body) throws IOException {
    return quoteWith(body, Duration.ofSeconds(10));
  }

  private static String problem(QuoteResult result) {
    return ((QuoteResult.Quote) result).scriptProblem().orElseThrow();
  }

  @Test
  void scriptPriceIsBid() throws IOException {
    QuoteResult result = quoteWith("cat > /dev/null; echo 250000");

    assertThat(result)
        .isEqualTo(
            new QuoteResult.Quote(250_000, 108_000, QuoteResult.Source.SCRIPT, Optional.empty()));
  }

  @Test
  void scriptReadsTheOrderAsJsonOnStdin() throws IOException {
    Path seen = tmp.resolve("order.json");

    quoteWith("cat > '" + seen + "'; echo 250000");

    assertThat(seen)
        .content()
        .isEqualTo(
            "{\"kind\":\"service\",\"jobId\":\"job-1\",\"gpuModel\":\"NVIDIA GeForce RTX 4090\","
                + "\"gpus\":1,\"maxPricePerGpuHour\":500000,\"priceUnit\":\"ugrid per GPU-hour\","
                + "\"floor\":108000,\"tablePrice\":390000}");
  }

  @Test
  void scriptAskingBelowTheFloorIsRaisedToIt() throws IOException {
    QuoteResult result = quoteWith("echo 5");

    assertThat(result)
        .isEqualTo(
            new QuoteResult.Quote(108_000, 108_000, QuoteResult.Source.FLOOR, Optional.empty()));
  }

  @Test
  void garbageOutputFallsBackToTheTableWithTheReason() throws IOException {
    QuoteResult result = quoteWith("echo 'cheap!'");

    assertThat(result).extracting(r -> ((QuoteResult.Quote) r).price()).isEqualTo(390_000L);
    assertThat(problem(result)).endsWith("printed 'cheap!', not a whole number of ugrid");
  }

  @Test
  void negativePriceFallsBackToTheTable() throws IOException {
    QuoteResult result = quoteWith("echo -3");

    assertThat(problem(result)).endsWith("printed -3; a price must be positive");
  }

  @Test
  void failingScriptFallsBackToTheTableWithItsError() throws IOException {
    QuoteResult result = quoteWith("echo 'no market data' >&2; exit 3");

    assertThat(result)
        .extracting(r -> ((QuoteResult.Quote) r).source())
        .isEqualTo(QuoteResult.Source.TABLE);
    assertThat(problem(result)).endsWith("exited with status 3: no market data");
  }

  @Test
  void hangingScriptIsKilledWithItsChildrenAtTheLimit() throws IOException {
    Path pidFile = tmp.resolve("child.pid");

    QuoteResult result =
        quoteWith("sleep 600 & echo $! > '" + pidFile + "'; wait", Duration.ofMillis(500));

    assertThat(problem(result)).endsWith("did not answer within 500 ms and was killed");
    long child = Long.parseLong(Files.readString(pidFile).strip());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> ProcessHandle.of(child).map(p -> !p.isAlive()).orElse(true));
  }

  @Test
  void missingScriptFallsBackToTheTable() {
    PricingConfig config =
        CONFIG.withScript(
            new PriceScript(List.of(tmp.resolve("absent").toString()), Duration.ofSeconds(5)));

    QuoteResult result = new PricingPolicy(TWO_4090S, config).quote(ORDER);

    assertThat(problem(result)).contains("could not start");
  }
}
