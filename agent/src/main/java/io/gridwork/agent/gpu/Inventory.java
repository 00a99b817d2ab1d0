package io.gridwork.agent.gpu;

import io.gridwork.protocol.market.PlacementMismatch;
import io.gridwork.protocol.tx.GpuInventory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The GPUs a provider offers, grouped into identical cards for registration, with the attributes
 * that must travel with them. Simulated cards carry {@code simulated=true} and cannot be mixed with
 * real ones, so a registration never passes a simulation off as hardware.
 */
public record Inventory(
    List<GpuDevice> devices, List<GpuInventory> groups, SortedMap<String, String> attributes) {

  public static final String SIMULATED_ATTRIBUTE = PlacementMismatch.SIMULATED_ATTRIBUTE;

  /**
   * The groups must be exactly those of the devices, and {@code simulated=true} must be present
   * exactly when the devices are simulated, so no construction can misdescribe the cards.
   */
  public Inventory {
    devices = List.copyOf(devices);
    groups = List.copyOf(groups);
    attributes = Collections.unmodifiableSortedMap(new TreeMap<>(attributes));
    long simulated = devices.stream().filter(GpuDevice::simulated).count();
    if (simulated != 0 && simulated != devices.size()) {
      throw new IllegalArgumentException(
          "cannot offer simulated and real GPUs together: the registration would misdescribe one"
              + " of them");
    }
    if (!groups.equals(groupsOf(devices))) {
      throw new IllegalArgumentException("inventory groups " + groups + " do not match its GPUs");
    }
    boolean flagged = "true".equals(attributes.get(SIMULATED_ATTRIBUTE));
    if (flagged != (simulated > 0)) {
      throw new IllegalArgumentException(
          "attribute "
              + SIMULATED_ATTRIBUTE
              + "=true must be present exactly when the GPUs are simulated");
    }
  }

  /** Groups cards with the same model name and memory, ordered by name then memory. */
  public static Inventory of(List<? extends GpuDevice> devices) {
    SortedMap<String, String> attributes = new TreeMap<>();
    if (devices.stream().anyMatch(GpuDevice::simulated)) {
      attributes.put(SIMULATED_ATTRIBUTE, "true");
    }
    return new Inventory(List.copyOf(devices), groupsOf(devices), attributes);
  }

  private static List<GpuInventory> groupsOf(List<? extends GpuDevice> devices) {
    record Key(String name, int memoryMib) {}
    Map<Key, Integer> counts =
        new TreeMap<>(Comparator.comparing(Key::name).thenComparingInt(Key::memoryMib));
    for (GpuDevice device : devices) {
      counts.merge(new Key(device.name(), device.memoryTotalMib()), 1, Integer::sum);
    }
    List<GpuInventory> groups = new ArrayList<>();
    counts.forEach(
        (key, count) -> groups.add(new GpuInventory(key.name(), key.memoryMib(), count)));
    return groups;
  }

  /** A machine with no GPU to offer. */
  public static Inventory cpuOnly() {
    return of(List.of());
  }

  public boolean simulated() {
    return "true".equals(attributes.get(SIMULATED_ATTRIBUTE));
  }

  /**
   * The highest board power limit among the cards of {@code model}, the cost basis for pricing;
   * empty if there is no such card or none reports its limit.
   */
  public OptionalLong powerLimitMilliwatts(String model) {
    return devices.stream()
        .filter(device -> device.name().equals(model))
        .map(GpuDevice::powerLimitMilliwatts)
        .filter(OptionalLong::isPresent)
        .mapToLong(OptionalLong::getAsLong)
        .max();
  }

  public boolean offers(String model) {
    return devices.stream().anyMatch(device -> device.name().equals(model));
  }
}
