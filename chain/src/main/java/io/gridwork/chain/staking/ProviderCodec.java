package io.gridwork.chain.staking;

import io.gridwork.protocol.Address;
import io.gridwork.protocol.codec.CanonicalReader;
import io.gridwork.protocol.codec.CanonicalWriter;
import io.gridwork.protocol.codec.MalformedDataException;
import io.gridwork.protocol.market.ProviderStatus;
import io.gridwork.protocol.spec.SlaTier;
import io.gridwork.protocol.tx.GpuInventory;
import io.gridwork.protocol.tx.TxCodec;
import java.util.ArrayList;
import java.util.List;

/** The stored form of a {@link Provider}; the owner lives in the key, not the value. */
final class ProviderCodec {
  // Stored status bytes are part of the state root, so they are fixed here, not enum ordinals.
  private static final int ACTIVE = 0;
  private static final int INACTIVE = 1;

  private ProviderCodec() {}

  static byte[] encode(Provider p) {
    CanonicalWriter w = new CanonicalWriter(128);
    w.u16(p.gpus().size());
    for (GpuInventory g : p.gpus()) {
      w.string(g.model()).i32(g.vramMib()).i32(g.count());
    }
    w.string(p.region())
        .string(p.tier().wireName())
        .stringMap(p.attributes())
        .i64(p.stake())
        .i64(p.unbonding())
        .i64(p.registeredAtHeight())
        .u8(
            switch (p.status()) {
              case ACTIVE -> ACTIVE;
              case INACTIVE -> INACTIVE;
            });
    return w.toByteArray();
  }

  static Provider decode(Address owner, byte[] value) {
    CanonicalReader r = new CanonicalReader(value);
    int groups = r.u16("gpu group count");
    List<GpuInventory> gpus = new ArrayList<>(groups);
    for (int i = 0; i < groups; i++) {
      gpus.add(
          new GpuInventory(
              r.string(TxCodec.MAX_GPU_MODEL_BYTES, "gpu model"),
              r.i32("gpu vram"),
              r.i32("gpu count")));
    }
    String region = r.string(TxCodec.MAX_REGION_BYTES, "region");
    String tierName = r.string(TxCodec.MAX_TIER_BYTES, "tier");
    SlaTier tier =
        SlaTier.ofWireName(tierName)
            .orElseThrow(() -> new MalformedDataException("unknown provider tier " + tierName));
    var attributes =
        r.stringMap(
            TxCodec.MAX_ATTRIBUTES,
            TxCodec.MAX_ATTRIBUTE_KEY_BYTES,
            TxCodec.MAX_ATTRIBUTE_VALUE_BYTES,
            "attributes");
    long stake = r.nonNegative("stake");
    long unbonding = r.nonNegative("unbonding");
    long registeredAt = r.nonNegative("registered height");
    ProviderStatus status =
        switch (r.u8("status")) {
          case ACTIVE -> ProviderStatus.ACTIVE;
          case INACTIVE -> ProviderStatus.INACTIVE;
          default -> throw new MalformedDataException("unknown provider status");
        };
    r.expectEnd("provider");
    return new Provider(
        owner, gpus, region, tier, attributes, stake, unbonding, registeredAt, status);
  }
}
