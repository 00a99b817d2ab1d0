package io.gridwork.chain.staking;

import io.gridwork.protocol.Address;
import io.gridwork.protocol.market.ProviderStatus;
import io.gridwork.protocol.spec.SlaTier;
import io.gridwork.protocol.tx.GpuInventory;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A registered GPU provider: what it offers, where, the service tier it promises, its bonded stake,
 * the stake it is unbonding, and the height it registered at.
 */
public record Provider(
    Address owner,
    List<GpuInventory> gpus,
    String region,
    SlaTier tier,
    SortedMap<String, String> attributes,
    long stake,
    long unbonding,
    long registeredAtHeight,
    ProviderStatus status) {
  public Provider {
    gpus = List.copyOf(gpus);
    attributes = Collections.unmodifiableSortedMap(new TreeMap<>(attributes));
  }
}
