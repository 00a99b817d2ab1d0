package io.gridwork.client;

import io.gridwork.protocol.Address;
import java.util.List;
import java.util.Map;

/** A registered GPU provider; amounts in ugrid. {@code status} is ACTIVE or INACTIVE. */
public record ProviderInfo(
    Address address,
    List<Gpu> gpus,
    String region,
    String tier,
    Map<String, String> attributes,
    long stake,
    long unbonding,
    long registeredAtHeight,
    String status) {
  public ProviderInfo {
    gpus = List.copyOf(gpus);
    attributes = Map.copyOf(attributes);
  }

  /** A group of identical GPUs. */
  public record Gpu(String model, int vramMib, int count) {}
}
