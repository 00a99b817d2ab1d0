package io.gridwork.agent.state;

import io.gridwork.api.LeaseInfo;
import io.gridwork.client.GridworkClient;
import io.gridwork.client.GridworkClientException;
import io.gridwork.protocol.Address;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What {@code gridwork agent status} reports: the agent's own record (GPUs, units, decisions) and
 * the ledger's view of its leases and earnings. Earnings are the payments of the leases it won
 * since it first started on this home ({@code startHeight}), not a rolling 24 hours.
 *
 * @param ledger the ledger's figures, empty when the node could not be asked
 * @param ledgerProblem why the ledger's figures are missing
 * @param electricityCost ugrid of electricity for the time units ran, at the cards' power limit
 */
public record AgentStatus(
    AgentState.Snapshot agent,
    Optional<Ledger> ledger,
    Optional<String> ledgerProblem,
    long electricityCost) {

  /** The ledger's figures for this provider; {@code activeLeases} includes suspended ones. */
  public record Ledger(List<LeaseInfo> activeLeases, int leasesWon, long earned) {
    public Ledger {
      activeLeases = List.copyOf(activeLeases);
    }
  }

  private static final BigInteger MILLIWATT_MILLIS_PER_KWH = BigInteger.valueOf(3_600_000_000_000L);

  /** Reads the state in {@code workDir}; empty when no agent ever ran there. */
  public static Optional<AgentStatus> collect(Path workDir, String nodeUrl) {
    return AgentState.read(workDir).map(snapshot -> collect(snapshot, nodeUrl));
  }

  private static AgentStatus collect(AgentState.Snapshot snapshot, String nodeUrl) {
    long cost = electricityCost(snapshot.energyMilliwattMillis(), snapshot.electricityPerKwh());
    Address self = Address.parse(snapshot.address());
    try {
      GridworkClient client = new GridworkClient(nodeUrl);
      List<LeaseInfo> won =
          client.providerLeases(self).stream()
              .filter(l -> l.openedHeight() >= snapshot.startHeight())
              .toList();
      long earned = 0;
      for (LeaseInfo lease : won) {
        earned = Math.addExact(earned, lease.paid());
      }
      return new AgentStatus(
          snapshot,
          Optional.of(new Ledger(client.openLeases(self), won.size(), earned)),
          Optional.empty(),
          cost);
    } catch (GridworkClientException e) {
      return new AgentStatus(snapshot, Optional.empty(), Optional.of(e.getMessage()), cost);
    }
  }

  /** Rounded up, like the pricing floor: the operator's cost is never understated. */
  static long electricityCost(long milliwattMillis, long perKwh) {
    BigInteger[] qr =
        BigInteger.valueOf(milliwattMillis)
            .multiply(BigInteger.valueOf(perKwh))
            .divideAndRemainder(MILLIWATT_MILLIS_PER_KWH);
    return qr[0].add(qr[1].signum() > 0 ? BigInteger.ONE : BigInteger.ZERO).longValueExact();
  }
}
