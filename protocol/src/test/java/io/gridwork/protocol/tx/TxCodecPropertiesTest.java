package io.gridwork.protocol.tx;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class TxCodecPropertiesTest {

  @Provide
  Arbitrary<SignedTransaction> transactions() {
    return TxArbitraries.signedTransaction(TxArbitraries.body());
  }

  @Provide
  Arbitrary<SignedTransaction> providerRegistrations() {
    return TxArbitraries.signedTransaction(TxArbitraries.registerProvider());
  }

  @Property(tries = 300)
  void decodingAnEncodedTransactionGivesItBack(@ForAll("transactions") SignedTransaction stx) {
    DecodeResult result = TxCodec.decode(TxCodec.encode(stx));

    assertThat(result).isEqualTo(new DecodeResult.Ok(stx));
  }

  @Property(tries = 300)
  void reEncodingDecodedBytesReproducesThemExactly(@ForAll("transactions") SignedTransaction stx) {
    byte[] bytes = TxCodec.encode(stx);

    DecodeResult.Ok ok = (DecodeResult.Ok) TxCodec.decode(bytes);

    assertThat(TxCodec.encode(ok.tx())).isEqualTo(bytes);
  }

  @Property(tries = 100)
  void providerRegistrationsRoundTripWithAllTheirFields(
      @ForAll("providerRegistrations") SignedTransaction stx) {
    DecodeResult result = TxCodec.decode(TxCodec.encode(stx));

    assertThat(result).isEqualTo(new DecodeResult.Ok(stx));
  }

  @Provide
  Arbitrary<SignedTransaction> marketTransactions() {
    return TxArbitraries.signedTransaction(TxArbitraries.marketBody());
  }

  @Property(tries = 200)
  void marketTransactionsRoundTripWithAllTheirFields(
      @ForAll("marketTransactions") SignedTransaction stx) {
    byte[] bytes = TxCodec.encode(stx);

    assertThat(TxCodec.decode(bytes)).isEqualTo(new DecodeResult.Ok(stx));
    assertThat(TxCodec.encode(((DecodeResult.Ok) TxCodec.decode(bytes)).tx())).isEqualTo(bytes);
  }

  @Property(tries = 300)
  void unsignedEncodingIsTheSignedOneWithoutItsSignature(
      @ForAll("transactions") SignedTransaction stx) {
    byte[] signed = TxCodec.encode(stx);
    byte[] unsigned = TxCodec.encodeUnsigned(stx.tx());

    assertThat(signed).startsWith(unsigned).hasSize(unsigned.length + 64);
  }

  @Property(tries = 300)
  void everyGeneratedTransactionFitsTheSizeLimit(@ForAll("transactions") SignedTransaction stx) {
    assertThat(TxCodec.encode(stx).length).isLessThanOrEqualTo(TxCodec.MAX_TX_BYTES);
  }
}
