package io.gridwork.protocol.tx;

import java.util.Objects;

/** A group of identical GPUs a provider offers: model name as reported, memory per card, count. */
public record GpuInventory(String model, int vramMib, int count) {
  public GpuInventory {
    Objects.requireNonNull(model, "model");
  }
}
