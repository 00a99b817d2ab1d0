package io.gridwork.agent.pricing;

import java.util.Objects;

/**
 * An open job as the pricing policy sees it. Service prices are ugrid per GPU-hour; batch prices
 * are ugrid per unit, which is how batch jobs are paid.
 */
public sealed interface Order permits Order.Service, Order.Batch {
  String jobId();

  /** The GPU model name the job asks for, as nvidia-smi prints it. */
  String gpuModel();

  /** GPUs one lease (service) or one unit (batch) needs. */
  int gpus();

  /** The most the job pays, in the order's own price unit. */
  long ceiling();

  /** A long-running process paid per block while it is alive. */
  record Service(String jobId, String gpuModel, int gpus, long maxPricePerGpuHour)
      implements Order {
    public Service {
      Objects.requireNonNull(jobId, "jobId");
      Objects.requireNonNull(gpuModel, "gpuModel");
      positive("gpus", gpus);
      positive("maxPricePerGpuHour", maxPricePerGpuHour);
    }

    @Override
    public long ceiling() {
      return maxPricePerGpuHour;
    }
  }

  /**
   * Independent units paid one by one.
   *
   * @param estimatedUnitSeconds the job's estimate of one unit's running time, which turns per
   *     GPU-hour costs into per-unit prices
   */
  record Batch(
      String jobId,
      String gpuModel,
      int gpus,
      long units,
      long estimatedUnitSeconds,
      long maxPricePerUnit)
      implements Order {
    public Batch {
      Objects.requireNonNull(jobId, "jobId");
      Objects.requireNonNull(gpuModel, "gpuModel");
      positive("gpus", gpus);
      positive("units", units);
      positive("estimatedUnitSeconds", estimatedUnitSeconds);
      positive("maxPricePerUnit", maxPricePerUnit);
    }

    @Override
    public long ceiling() {
      return maxPricePerUnit;
    }
  }

  private static void positive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }
}
