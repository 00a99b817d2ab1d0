package io.gridwork.protocol.spec;

/**
 * The most a buyer pays, in ugrid: per unit for batch jobs, per GPU-hour for services (a CPU-only
 * service counts as one GPU), and the deposit moved to escrow when the job is created. The price
 * that does not apply to the job's kind is 0.
 */
public record Pricing(long maxPricePerUnit, long maxPricePerGpuHour, long deposit) {}
