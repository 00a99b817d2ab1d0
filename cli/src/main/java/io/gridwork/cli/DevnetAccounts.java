package io.gridwork.cli;

import io.gridwork.protocol.Address;
import io.gridwork.protocol.Amount;
import io.gridwork.protocol.crypto.KeyPair;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The devnet's demo accounts, one buyer and three providers with deterministic keys, so every
 * devnet run, its output and its "try it" commands name the same accounts.
 */
final class DevnetAccounts {
  static final String BUYER = "alice";

  /**
   * The devnet's providers. Prices are published 2026 per-GPU-hour figures in USD (Render Network's
   * compute prices for the RTX cards, Akash's list price for the A100 80GB), converted at the
   * devnet's rate of 1 GRID = 1 USD.
   */
  static final List<DemoProvider> PROVIDERS =
      List.of(
          new DemoProvider("eu-4090", "rtx4090", 2, "eu-west", "0.35GRID"),
          new DemoProvider("us-3090", "rtx3090", 2, "us-east", "0.31GRID"),
          new DemoProvider("eu-a100", "a100-80gb", 1, "eu-west", "1.71GRID"));

  static final List<String> NAMES =
      Stream.concat(Stream.of(BUYER), PROVIDERS.stream().map(DemoProvider::name)).toList();

  static final long PROVIDER_STAKE = Amount.grid(200).ugrid();

  private static final Map<Address, String> BY_ADDRESS = new TreeMap<>();

  static {
    NAMES.forEach(name -> BY_ADDRESS.put(address(name), name));
  }

  /** One simulated provider: its account name, GPUs, region and asking price per GPU-hour. */
  record DemoProvider(String name, String model, int gpus, String region, String pricePerGpuHour) {
    /**
     * The agent's price table matches a key contained in the card's full name; "a100-80gb" is not a
     * part of "NVIDIA A100-SXM4-80GB", so the key is the model's family.
     */
    String priceKey() {
      return model.split("-")[0];
    }
  }

  private DevnetAccounts() {}

  /** A demo account: the deterministic key behind a devnet name. Never for real funds. */
  static KeyPair key(String name) {
    return KeyPair.fromLabel("devnet/" + name);
  }

  static Address address(String name) {
    return key(name).address();
  }

  /** The demo account's name for {@code address}, or the address itself for any other. */
  static String name(Address address) {
    return BY_ADDRESS.getOrDefault(address, address.toString());
  }

  static String nameOf(String address) {
    return name(Address.parse(address));
  }
}
