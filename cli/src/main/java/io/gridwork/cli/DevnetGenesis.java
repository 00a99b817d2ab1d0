package io.gridwork.cli;

import io.gridwork.chain.genesis.AuditParams;
import io.gridwork.chain.genesis.Genesis;
import io.gridwork.chain.genesis.GenesisJson;
import io.gridwork.chain.genesis.MarketParams;
import io.gridwork.chain.genesis.Params;
import io.gridwork.localnet.LocalNetwork;
import io.gridwork.node.NodeConfig;
import io.gridwork.protocol.Amount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The devnet's chain: a genesis that funds the demo accounts and suits a demo on one machine, kept
 * in the data directory so a kept devnet resumes the same chain.
 */
final class DevnetGenesis {
  static final String CHAIN_ID = "gridwork-devnet";
  static final long DEMO_BALANCE = Amount.grid(1_000_000).ugrid();
  static final int NETWORK_FEE_BPS = 100;

  /** Seeds the verification pool, which pays auditors before any verification fee has come in. */
  static final long VERIFICATION_POOL = Amount.grid(100).ugrid();

  /**
   * The devnet's audit rate for a new provider. The ledger's default, every unit, would re-render
   * every frame of the demo on a second provider's simulated GPU, that is on the same two cores,
   * and double the run; a quarter keeps audits visible in every run of 24 frames.
   */
  static final long DEVNET_AUDIT_RATE_START_PPM = 250_000;

  /** An auditor gets about this long to fetch and re-render a frame on a busy machine. */
  private static final long AUDIT_TIMEOUT_MILLIS = 30_000;

  /** The genesis to start from, and whether it is one an earlier devnet kept. */
  record Chain(Genesis genesis, boolean resumed) {}

  private DevnetGenesis() {}

  /** The genesis in {@code dataDir}, or a new one written there so a kept devnet can resume. */
  static Chain load(Path dataDir, long blockIntervalMillis) throws IOException {
    Files.createDirectories(dataDir);
    Path file = dataDir.resolve(NodeConfig.GENESIS_FILE);
    if (Files.exists(file)) {
      Genesis existing = NodeCommand.Start.loadGenesis(file);
      // The demo signs as the devnet's accounts, which only a devnet genesis funds.
      if (!CHAIN_ID.equals(existing.chainId())) {
        throw new CommandFailure(
            dataDir
                + " holds chain '"
                + existing.chainId()
                + "', not a devnet; give --data-dir an empty directory or one an earlier devnet"
                + " kept, or run that chain with 'gridwork node start --home "
                + dataDir
                + "'");
      }
      return new Chain(existing, true);
    }
    LocalNetwork.Builder network =
        LocalNetwork.builder(dataDir)
            .chainId(CHAIN_ID)
            .params(params(blockIntervalMillis))
            .verificationPool(VERIFICATION_POOL);
    DevnetAccounts.NAMES.forEach(name -> network.fund(DevnetAccounts.address(name), DEMO_BALANCE));
    Genesis genesis = network.genesis();
    Files.writeString(file, GenesisJson.write(genesis));
    return new Chain(genesis, false);
  }

  private static Params params(long blockIntervalMillis) {
    // A bid window of about two seconds gives agents time to see a job and bid; per-hour prices
    // are turned into per-block rates at the devnet's real block time.
    long bidWindowBlocks = Math.max(2, 2_000 / blockIntervalMillis);
    MarketParams market =
        new MarketParams(
            bidWindowBlocks,
            64,
            3,
            Amount.grid(1).ugrid(),
            NETWORK_FEE_BPS,
            Amount.grid(1).ugrid(),
            blockIntervalMillis);
    AuditParams d = AuditParams.defaults();
    AuditParams audit =
        new AuditParams(
            d.challengeWindowBlocks(),
            DEVNET_AUDIT_RATE_START_PPM,
            d.auditRateFloorPpm(),
            d.auditHalfLifeUnits(),
            Math.max(d.auditTimeoutBlocks(), AUDIT_TIMEOUT_MILLIS / blockIntervalMillis),
            d.maxAuditAttempts(),
            d.verificationFeeBps(),
            d.slashFractionBps(),
            d.slashBuyerShareBps(),
            d.reputationAgeFullBlocks());
    return Params.defaults().withMarket(market).withAudit(audit);
  }
}
