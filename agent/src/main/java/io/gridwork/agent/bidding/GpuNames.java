package io.gridwork.agent.bidding;

import io.gridwork.agent.daemon.AgentConfig;
import io.gridwork.agent.gpu.Inventory;
import io.gridwork.protocol.tx.GpuInventory;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The loose match between a price-table key and a GPU model name, and the price table it gives; the
 * ledger's own comparison of model names is {@link io.gridwork.protocol.market.GpuModels}.
 */
public final class GpuNames {
  private static final Pattern NOT_ALPHANUMERIC = Pattern.compile("[^a-z0-9]");

  private GpuNames() {}

  /**
   * True when price-table key {@code key} names {@code model}: rtx4090 names "NVIDIA GeForce RTX
   * 4090".
   */
  static boolean priceKeyMatches(String key, String model) {
    String k = compact(key);
    return !k.isEmpty() && compact(model).contains(k);
  }

  private static String compact(String text) {
    return NOT_ALPHANUMERIC.matcher(text.toLowerCase(Locale.ROOT)).replaceAll("");
  }

  /** Every offered model gets the table price whose key names it, else the default price. */
  public static Map<String, Long> priceTable(AgentConfig config, Inventory inventory) {
    Map<String, Long> table = new TreeMap<>();
    for (GpuInventory group : inventory.groups()) {
      long price = config.defaultPrice();
      for (Map.Entry<String, Long> entry : config.prices().entrySet()) {
        if (priceKeyMatches(entry.getKey(), group.model())) {
          price = entry.getValue();
        }
      }
      table.put(group.model(), price);
    }
    return table;
  }
}
