package io.gridwork.agent.daemon;

import io.gridwork.agent.gpu.GpuDevice;
import io.gridwork.agent.gpu.Inventory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which of this machine's cards are pinned to which running lease, so two leases never share a
 * card. Synchronized: leases start and end on different threads.
 */
final class GpuPool {
  private final List<GpuDevice> devices;
  private final Set<Integer> taken = new HashSet<>();

  GpuPool(Inventory inventory) {
    this.devices = inventory.devices();
  }

  /** Cards of {@code model}, whether taken or not. */
  int total(String model) {
    return (int) devices.stream().filter(d -> d.name().equals(model)).count();
  }

  /** Takes {@code count} free cards of {@code model}, or none if that many are not free. */
  synchronized Optional<List<Integer>> take(String model, int count) {
    List<Integer> chosen = new ArrayList<>();
    for (GpuDevice device : devices) {
      if (chosen.size() == count) {
        break;
      }
      if (device.name().equals(model) && !taken.contains(device.index())) {
        chosen.add(device.index());
      }
    }
    if (chosen.size() < count) {
      return Optional.empty();
    }
    taken.addAll(chosen);
    return Optional.of(List.copyOf(chosen));
  }

  synchronized void release(List<Integer> indices) {
    indices.forEach(taken::remove);
  }
}
