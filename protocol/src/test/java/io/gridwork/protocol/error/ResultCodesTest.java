package io.gridwork.protocol.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Result codes are read by clients and scripts; renaming one is a breaking change. */
class ResultCodesTest {

  @Test
  void resultCodesAreTheDocumentedStableSet() {
    Stream<String> codes =
        Stream.of(
                EnvelopeError.values(),
                BankError.values(),
                StakingError.values(),
                MarketError.values())
            .flatMap(Arrays::stream)
            .map(Enum::name);

    assertThat(codes)
        .containsExactly(
            "WRONG_CHAIN_ID",
            "BAD_NONCE",
            "FEE_TOO_LOW",
            "INSUFFICIENT_FUNDS",
            "INVALID_AMOUNT",
            "PROVIDER_NOT_REGISTERED",
            "STAKE_BELOW_MINIMUM",
            "INVALID_PROVIDER",
            "UNBOND_EXCEEDS_STAKE",
            "STAKE_COMMITTED_TO_SLA",
            "INVALID_JOB_SPEC",
            "DEPOSIT_BELOW_MINIMUM",
            "JOB_NOT_FOUND",
            "JOB_FINISHED",
            "BIDDING_CLOSED",
            "NOT_JOB_BUYER",
            "BIDDER_NOT_PROVIDER",
            "BIDDER_INACTIVE",
            "BUYER_CANNOT_BID",
            "DUPLICATE_BID",
            "TOO_MANY_BIDS",
            "BID_ABOVE_MAX_PRICE",
            "INVALID_BID",
            "GPU_MODEL_NOT_OFFERED",
            "GPU_MODEL_NOT_ACCEPTED",
            "VRAM_TOO_SMALL",
            "GPU_COUNT_MISMATCH",
            "INSUFFICIENT_CAPACITY",
            "REGION_MISMATCH",
            "TIER_TOO_LOW",
            "ATTRIBUTE_MISMATCH",
            "SIMULATED_NOT_ALLOWED",
            "LEASE_NOT_FOUND",
            "NOT_LEASE_HOLDER",
            "LEASE_CLOSED",
            "NOT_A_BATCH_JOB",
            "UNIT_NOT_IN_LEASE",
            "UNIT_ALREADY_REPORTED",
            "SLA_STAKE_INSUFFICIENT");
  }

  @Test
  void auditResultCodesAreTheDocumentedStableSet() {
    assertThat(Arrays.stream(AuditError.values()).map(Enum::name))
        .containsExactly("AUDIT_NOT_FOUND", "AUDIT_CLOSED", "NOT_ASSIGNED_AUDITOR");
  }

  @Test
  void mempoolRejectCodesAreTheDocumentedStableSet() {
    assertThat(Arrays.stream(RejectCode.values()).map(Enum::name))
        .containsExactly(
            "MALFORMED",
            "TOO_LARGE",
            "WRONG_CHAIN_ID",
            "BAD_SIGNATURE",
            "UNKNOWN_ACCOUNT",
            "INSUFFICIENT_FEE_FUNDS",
            "FEE_TOO_LOW",
            "NONCE_TOO_LOW",
            "NONCE_TOO_FAR_AHEAD",
            "NONCE_ALREADY_PENDING",
            "DUPLICATE",
            "ALREADY_COMMITTED",
            "MEMPOOL_FULL",
            "TOO_MANY_PENDING");
  }

  @Test
  void aResultCodeIsReadBackIntoItsModulesConstant() {
    assertThat(ErrorCode.ofResult("BID_ABOVE_MAX_PRICE")).isSameAs(MarketError.BID_ABOVE_MAX_PRICE);
    assertThat(ErrorCode.ofResult("INSUFFICIENT_FUNDS")).isSameAs(BankError.INSUFFICIENT_FUNDS);
    assertThat(ErrorCode.ofResult("AUDIT_CLOSED")).isSameAs(AuditError.AUDIT_CLOSED);
  }

  @Test
  void aCodeNamedByBothTheLedgerAndTheMempoolIsReadInItsContext() {
    assertThat(ErrorCode.ofResult("WRONG_CHAIN_ID")).isSameAs(EnvelopeError.WRONG_CHAIN_ID);
    assertThat(ErrorCode.ofRejection("WRONG_CHAIN_ID")).isSameAs(RejectCode.WRONG_CHAIN_ID);
  }

  @Test
  void aCodeFromANewerNodeIsKeptByName() {
    ErrorCode code = ErrorCode.ofResult("SOMETHING_NEW");

    assertThat(code).isEqualTo(new UnknownCode("SOMETHING_NEW"));
    assertThat(code.name()).isEqualTo("SOMETHING_NEW");
    assertThat(code).hasToString("SOMETHING_NEW");
    assertThat(ErrorCode.ofRejection("NONCE_TOO_LOW_SOMEHOW")).isInstanceOf(UnknownCode.class);
  }

  @Test
  void ledgerCodesAreUniqueAcrossModules() {
    Stream<String> codes =
        Stream.of(
                EnvelopeError.values(),
                BankError.values(),
                StakingError.values(),
                MarketError.values(),
                AuditError.values())
            .flatMap(Arrays::stream)
            .map(Enum::name);

    assertThat(codes).doesNotHaveDuplicates();
  }
}
