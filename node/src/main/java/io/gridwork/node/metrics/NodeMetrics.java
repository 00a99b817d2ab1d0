package io.gridwork.node.metrics;

import io.gridwork.protocol.error.RejectCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/** The node's Prometheus metrics: chain height, mempool size, block timing and rejections. */
public final class NodeMetrics {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AtomicLong height = new AtomicLong();
  private final Counter txsCommitted;
  private final Timer blockTime;
  private final DistributionSummary blockTxs;
  private final Map<RejectCode, Counter> rejected = new EnumMap<>(RejectCode.class);

  public NodeMetrics(long initialHeight, IntSupplier mempoolSize) {
    height.set(initialHeight);
    Gauge.builder("gridwork.height", height, AtomicLong::get)
        .description("Height of the latest committed block")
        .register(registry);
    Gauge.builder("gridwork.mempool.size", mempoolSize, s -> s.getAsInt())
        .description("Pending transactions")
        .register(registry);
    txsCommitted =
        Counter.builder("gridwork.txs.committed")
            .description("Transactions included in committed blocks")
            .register(registry);
    blockTime =
        Timer.builder("gridwork.block.time")
            .description("Time to execute and durably persist a block")
            .register(registry);
    blockTxs =
        DistributionSummary.builder("gridwork.block.txs")
            .description("Transactions per block")
            .register(registry);
    for (RejectCode code : RejectCode.values()) {
      rejected.put(
          code,
          Counter.builder("gridwork.txs.rejected")
              .description("Transactions refused at admission, by reason")
              .tag("code", code.name())
              .register(registry));
    }
  }

  public void blockCommitted(long blockHeight, int txCount, Duration executeAndPersist) {
    height.set(blockHeight);
    txsCommitted.increment(txCount);
    blockTime.record(executeAndPersist);
    blockTxs.record(txCount);
  }

  public void rejected(RejectCode code) {
    rejected.get(code).increment();
  }

  /** The Prometheus text exposition of all metrics. */
  public String scrape() {
    return registry.scrape();
  }
}
