package io.gridwork.cli;

import static io.gridwork.cli.DevnetAccounts.BUYER;
import static io.gridwork.cli.DevnetAccounts.address;
import static io.gridwork.cli.DevnetAccounts.key;
import static io.gridwork.cli.DevnetAccounts.name;

import io.gridwork.api.ChainParams;
import io.gridwork.api.JobInfo;
import io.gridwork.api.LeaseInfo;
import io.gridwork.chain.genesis.MarketParams;
import io.gridwork.client.GridworkClient;
import io.gridwork.protocol.Amount;
import io.gridwork.protocol.crypto.Hash;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the devnet prints once its job is done: who earned what and what the buyer paid, then the
 * commands that inspect the devnet and sign as its buyer from another terminal.
 */
final class DevnetSummary {
  private final GridworkClient client;
  private final String url;
  private final PrintWriter out;

  DevnetSummary(GridworkClient client, String url, PrintWriter out) {
    this.client = client;
    this.url = url;
    this.out = out;
  }

  /** The job's costs and earnings per provider, with the GPU time {@code progress} saw. */
  void costs(
      JobInfo job,
      double jobSeconds,
      DevnetProgress progress,
      DevnetAudits audits,
      long blockIntervalMillis) {
    List<LeaseInfo> leases = client.leases(job.id());
    Map<String, long[]> perProvider = new TreeMap<>();
    long paid = 0;
    long fees = 0;
    double gpuSeconds = 0;
    for (LeaseInfo lease : leases) {
      long fee = (long) lease.unitsDone() * networkFee(lease.price());
      long[] row = perProvider.computeIfAbsent(name(lease.provider()), n -> new long[3]);
      row[0] += lease.unitsDone();
      row[1] += lease.paid();
      row[2] += lease.paid() - fee;
      paid += lease.paid();
      fees += fee;
      gpuSeconds += progress.gpuSeconds(lease);
    }
    out.println();
    out.printf("Job done in %.1f s: %d frames%n", jobSeconds, job.units().done());
    Table table =
        new Table("PROVIDER", "FRAMES", "BUYER PAID", "NETWORK FEE", "VERIFICATION FEE", "EARNED");
    for (Map.Entry<String, long[]> row : perProvider.entrySet()) {
      long[] v = row.getValue();
      long verificationFee = audits.verificationFee(row.getKey());
      table.row(
          row.getKey(),
          Long.toString(v[0]),
          Amount.format(v[1]),
          Amount.format(v[1] - v[2]),
          Amount.format(verificationFee),
          Amount.format(v[2] - verificationFee));
    }
    out.print(table.render());
    long refund = job.deposited() - paid;
    int done = job.units().done();
    long perFrame = paid / done;
    // GPU time is each lease's GPUs times the wall time from its opening to its last frame, as
    // seen here: what a buyer renting the cards by the hour would have paid for.
    double gpuHours = gpuSeconds / 3600;
    out.printf(
        "Network fee (%d bps, to the fee pool): %s%n",
        DevnetGenesis.NETWORK_FEE_BPS, Amount.format(fees));
    ChainParams.Audit audit = client.params().audit();
    audits.summary(done, audit.challengeWindowBlocks(), blockIntervalMillis).forEach(out::println);
    out.printf(
        "Buyer %s: deposited %s, paid %s, refunded %s%n",
        BUYER, Amount.format(job.deposited()), Amount.format(paid), Amount.format(refund));
    out.printf(
        Locale.ROOT,
        "Price: %s per frame; %.2f GRID per GPU-hour equivalent (%.0f GPU-seconds leased)%n",
        Amount.format(perFrame),
        paid / 1e6 / gpuHours,
        gpuSeconds);
  }

  /** Commands to try against the running devnet; writes the demo keys' seeds for them. */
  void tryIt(Hash jobId, Path dataDir) throws IOException {
    Path seeds = dataDir.resolve("demo-keys");
    if (!Files.isDirectory(seeds)) {
      Files.createDirectories(
          seeds,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    for (String name : DevnetAccounts.NAMES) {
      Files.writeString(
          seeds.resolve(name + ".seed"), HexFormat.of().formatHex(key(name).seed()) + "\n");
    }
    String node = " --node " + url;
    String job = jobId.toHex();
    out.println("Inspect it from another terminal:");
    out.println("  gridwork job status " + job + node);
    out.println("  gridwork job bids " + job + node);
    out.println("  gridwork query providers" + node);
    out.println("  gridwork query account " + address(BUYER) + node);
    out.println("  gridwork agent status --home " + dataDir.resolve("agents").resolve("eu-4090"));
    out.println("Sign as the buyer by importing its key:");
    out.println(
        "  gridwork key import " + BUYER + " --seed-hex-file " + seeds.resolve(BUYER + ".seed"));
    out.println("  gridwork job submit examples/render.yaml --from " + BUYER + node);
    out.println("  gridwork job results " + job + " --out frames --from " + BUYER + node);
  }

  private static long networkFee(long amount) {
    int bps = DevnetGenesis.NETWORK_FEE_BPS;
    return amount / MarketParams.BPS * bps + amount % MarketParams.BPS * bps / MarketParams.BPS;
  }
}
