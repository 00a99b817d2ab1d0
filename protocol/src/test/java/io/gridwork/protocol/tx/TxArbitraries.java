package io.gridwork.protocol.tx;

import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.crypto.PublicKey;
import io.gridwork.protocol.spec.GpuRequest;
import io.gridwork.protocol.spec.JobSpec;
import io.gridwork.protocol.spec.Limits;
import io.gridwork.protocol.spec.Placement;
import io.gridwork.protocol.spec.Pricing;
import io.gridwork.protocol.spec.ProcessWorkload;
import io.gridwork.protocol.spec.Resources;
import io.gridwork.protocol.spec.SlaTier;
import java.util.List;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/** Generators for every transaction kind within the codec's limits, edge values included. */
final class TxArbitraries {
  private TxArbitraries() {}

  /**
   * Strings of at most {@code maxBytes} UTF-8 bytes mixing ASCII, the rest of the BMP and astral
   * code points (never lone surrogates, which have no UTF-8 form), so multi-byte lengths and the
   * UTF-16 versus UTF-8 ordering of map keys are both exercised.
   */
  static Arbitrary<String> text(int maxBytes) {
    Arbitrary<Integer> codePoint =
        Arbitraries.frequencyOf(
            Tuple.of(6, Arbitraries.integers().between(0, 0x7f)),
            Tuple.of(
                2,
                Arbitraries.integers().between(0x80, 0xffff).filter(TxArbitraries::notSurrogate)),
            Tuple.of(2, Arbitraries.integers().between(0x10000, 0x10ffff)));
    Arbitrary<String> mixed =
        codePoint
            .list()
            .ofMaxSize(maxBytes)
            .map(
                cps -> {
                  StringBuilder sb = new StringBuilder();
                  int bytes = 0;
                  for (int cp : cps) {
                    int size = utf8Length(cp);
                    if (bytes + size > maxBytes) {
                      break;
                    }
                    sb.appendCodePoint(cp);
                    bytes += size;
                  }
                  return sb.toString();
                });
    Arbitrary<String> longestAscii = Arbitraries.strings().ascii().ofLength(maxBytes);
    return Arbitraries.frequencyOf(Tuple.of(9, mixed), Tuple.of(1, longestAscii));
  }

  private static int utf8Length(int cp) {
    return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }

  private static boolean notSurrogate(int cp) {
    return cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE;
  }

  static Arbitrary<Long> nonNegativeLong() {
    return Arbitraries.longs().greaterOrEqual(0);
  }

  static Arbitrary<byte[]> bytes(int length) {
    return Arbitraries.bytes().array(byte[].class).ofSize(length);
  }

  static Arbitrary<Address> address() {
    return bytes(Address.LENGTH).map(Address::new);
  }

  static Arbitrary<PublicKey> publicKey() {
    return bytes(PublicKey.LENGTH).map(PublicKey::new);
  }

  static Arbitrary<Transfer> transfer() {
    return Combinators.combine(address(), nonNegativeLong()).as(Transfer::new);
  }

  static Arbitrary<GpuInventory> gpu() {
    return Combinators.combine(
            text(TxCodec.MAX_GPU_MODEL_BYTES),
            Arbitraries.integers().greaterOrEqual(0),
            Arbitraries.integers().greaterOrEqual(0))
        .as(GpuInventory::new);
  }

  static Arbitrary<RegisterProvider> registerProvider() {
    return Combinators.combine(
            gpu().list().ofMaxSize(TxCodec.MAX_GPU_GROUPS),
            text(TxCodec.MAX_REGION_BYTES),
            text(TxCodec.MAX_TIER_BYTES),
            Arbitraries.maps(
                    text(TxCodec.MAX_ATTRIBUTE_KEY_BYTES), text(TxCodec.MAX_ATTRIBUTE_VALUE_BYTES))
                .ofMaxSize(TxCodec.MAX_ATTRIBUTES)
                .map(TreeMap::new),
            nonNegativeLong())
        .as(RegisterProvider::new);
  }

  static Arbitrary<BondStake> bondStake() {
    return nonNegativeLong().map(BondStake::new);
  }

  static Arbitrary<UnbondStake> unbondStake() {
    return nonNegativeLong().map(UnbondStake::new);
  }

  static Arbitrary<Hash> hash() {
    return bytes(Hash.LENGTH).map(Hash::new);
  }

  static Arbitrary<Integer> nonNegativeInt() {
    return Arbitraries.integers().greaterOrEqual(0);
  }

  /** Specs varying the fields the market reads; the codec checks bounds, not validity. */
  static Arbitrary<JobSpec> spec() {
    Arbitrary<String> label =
        Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(20);
    Arbitrary<Integer> units =
        Arbitraries.frequencyOf(
            Tuple.of(1, Arbitraries.just(null)),
            Tuple.of(3, Arbitraries.integers().between(1, 100_000)));
    Arbitrary<GpuRequest> gpu =
        Combinators.combine(
                Arbitraries.integers().between(0, 64),
                label.list().ofMaxSize(4).uniqueElements(),
                Arbitraries.integers().between(0, 1 << 20))
            .as(GpuRequest::new);
    Arbitrary<Placement> placement =
        Combinators.combine(
                label.list().ofMaxSize(3),
                Arbitraries.of(SlaTier.class).injectNull(0.3),
                Arbitraries.maps(label, label).ofMaxSize(3).map(TreeMap::new),
                Arbitraries.of(true, false))
            .as(Placement::new);
    Arbitrary<Pricing> pricing =
        Combinators.combine(nonNegativeLong(), nonNegativeLong(), nonNegativeLong())
            .as(Pricing::new);
    return Combinators.combine(label, units, gpu, placement, pricing, Arbitraries.of(SlaTier.class))
        .as(
            (name, n, g, place, price, sla) ->
                new JobSpec(
                    name,
                    n,
                    new ProcessWorkload(List.of("run", name), new TreeMap<>()),
                    new Resources(g, 1_000, 512, 0),
                    place,
                    price,
                    List.of(),
                    List.of("out.bin"),
                    Limits.DEFAULT,
                    false,
                    List.of(),
                    n != null,
                    sla));
  }

  static Arbitrary<CreateJob> createJob() {
    return spec().map(CreateJob::new);
  }

  static Arbitrary<PlaceBid> placeBid() {
    return Combinators.combine(
            hash(),
            nonNegativeLong(),
            text(TxCodec.MAX_GPU_MODEL_BYTES),
            nonNegativeInt(),
            nonNegativeInt())
        .as(PlaceBid::new);
  }

  static Arbitrary<TxBody> marketBody() {
    return Arbitraries.oneOf(
        createJob(),
        placeBid(),
        hash().map(CloseJob::new),
        hash().map(CloseLease::new),
        Combinators.combine(hash(), nonNegativeInt(), hash()).as(UnitResult::new),
        hash().map(Heartbeat::new),
        Combinators.combine(hash(), nonNegativeLong()).as(DepositMore::new),
        Combinators.combine(hash(), nonNegativeInt(), hash()).as(AuditResult::new),
        Combinators.combine(hash(), nonNegativeInt(), hash()).as(Checkpoint::new));
  }

  static Arbitrary<TxBody> body() {
    return Arbitraries.oneOf(
        transfer(), registerProvider(), bondStake(), unbondStake(), marketBody());
  }

  static Arbitrary<Transaction> transaction(Arbitrary<? extends TxBody> body) {
    return Combinators.combine(
            text(TxCodec.MAX_CHAIN_ID_BYTES),
            publicKey(),
            nonNegativeLong(),
            nonNegativeLong(),
            body)
        .as(Transaction::new);
  }

  /**
   * Signed transactions whose signature is arbitrary bytes: the codec carries signatures, it does
   * not check them, and arbitrary bytes reach parts of the space real signatures never would.
   */
  static Arbitrary<SignedTransaction> signedTransaction(Arbitrary<? extends TxBody> body) {
    return Combinators.combine(transaction(body), bytes(SignedTransaction.SIGNATURE_LENGTH))
        .as(SignedTransaction::new);
  }
}
