package io.gridwork.protocol.tx;

import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Registers the sender as a GPU provider with its inventory and placement attributes, bonding
 * {@code stake} ugrid from its balance. Re-sending it from a registered provider updates inventory
 * and attributes and bonds the extra stake.
 */
public record RegisterProvider(
    List<GpuInventory> gpus,
    String region,
    String tier,
    SortedMap<String, String> attributes,
    long stake)
    implements TxBody {
  public RegisterProvider {
    gpus = List.copyOf(gpus);
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(tier, "tier");
    attributes = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(attributes));
  }

  @Override
  public TxKind kind() {
    return TxKind.REGISTER_PROVIDER;
  }
}
