package io.gridwork.chain.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gridwork.chain.genesis.AuditParams;
import io.gridwork.chain.reputation.ProviderStats;
import io.gridwork.chain.reputation.Reputation;
import io.gridwork.protocol.crypto.Hash;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Simulates providers cheating against the ledger's own sampler and audit rate, with a fresh block
 * hash per report standing in for blocks nobody can predict, and compares how often they are caught
 * with what the audit rate promises. A cheat is caught when one of its wrong units is audited (the
 * audit rounds themselves are tested on a chain elsewhere).
 */
class DetectionRateTest {
  private static final int TRIALS = 2_000;
  private static final double SIGMAS = 4;

  private static Hash hash(String domain, int trial, int unit) {
    return Hash.sha256(
        domain.getBytes(StandardCharsets.US_ASCII),
        ByteBuffer.allocate(2 * Integer.BYTES).putInt(trial).putInt(unit).array());
  }

  private static Sampler.Draw draw(int trial, int unit) {
    return Sampler.draw(hash("block", trial, unit), hash("job", trial, 0), unit);
  }

  private static double tolerance(double p) {
    return SIGMAS * Math.sqrt(p * (1 - p) / TRIALS);
  }

  @Test
  void cheatingOnKUnitsAtAFixedRateIsCaughtAsOftenAsOneMinusTheMissRateToTheK() {
    int k = 20;
    long ratePpm = 50_000;
    int caught = 0;
    for (int trial = 0; trial < TRIALS; trial++) {
      for (int unit = 0; unit < k; unit++) {
        if (draw(trial, unit).audited(ratePpm)) {
          caught++;
          break;
        }
      }
    }

    double expected = 1 - Math.pow(1 - ratePpm / 1e6, k);
    assertThat((double) caught / TRIALS).isCloseTo(expected, within(tolerance(expected)));
  }

  @Test
  void newProviderFalsifyingOneUnitInTenIsCaughtWithinItsFirst200UnitsAlmostSurely() {
    AuditParams params = AuditParams.defaults();
    int units = 200;
    int caught = 0;
    for (int trial = 0; trial < TRIALS; trial++) {
      ProviderStats stats = ProviderStats.ZERO;
      for (int unit = 0; unit < units; unit++) {
        boolean cheats =
            Long.remainderUnsigned(
                    ByteBuffer.wrap(hash("cheat", trial, unit).bytes()).getLong(), 10)
                == 0;
        if (cheats && draw(trial, unit).audited(Reputation.auditRatePpm(stats, params))) {
          caught++;
          break;
        }
        stats = stats.withUnitVerified();
      }
    }

    double missed = 1;
    ProviderStats stats = ProviderStats.ZERO;
    for (int unit = 0; unit < units; unit++) {
      missed *= 1 - 0.1 * Reputation.auditRatePpm(stats, params) / 1e6;
      stats = stats.withUnitVerified();
    }
    double expected = 1 - missed;
    assertThat(expected).isGreaterThan(0.99);
    assertThat((double) caught / TRIALS).isCloseTo(expected, within(tolerance(expected)));
  }
}
