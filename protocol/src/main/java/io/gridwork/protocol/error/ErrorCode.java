package io.gridwork.protocol.error;

import java.util.Arrays;
import java.util.Optional;

/**
 * A stable reason why the ledger or a node refused a transaction, shared by the chain that decides
 * and the clients that react, so both compare the same constants. On the wire a code is its {@link
 * #name()}.
 */
public sealed interface ErrorCode
    permits AuditError,
        BankError,
        EnvelopeError,
        MarketError,
        RejectCode,
        StakingError,
        UnknownCode {

  /** The code as it appears on the wire and in stored results, e.g. {@code BID_ABOVE_MAX_PRICE}. */
  String name();

  /**
   * The code of a transaction's committed result named {@code name}: one of the ledger modules'
   * codes, or an {@link UnknownCode} for a code this build does not know (a newer node's).
   */
  static ErrorCode ofResult(String name) {
    ErrorCode[][] modules = {
      EnvelopeError.values(),
      BankError.values(),
      StakingError.values(),
      MarketError.values(),
      AuditError.values()
    };
    return find(name, modules).orElseGet(() -> new UnknownCode(name));
  }

  /**
   * The code of a node's refusal to admit a transaction named {@code name}: a {@link RejectCode},
   * or an {@link UnknownCode} for one this build does not know.
   */
  static ErrorCode ofRejection(String name) {
    return find(name, RejectCode.values()).orElseGet(() -> new UnknownCode(name));
  }

  private static Optional<ErrorCode> find(String name, ErrorCode[]... modules) {
    return Arrays.stream(modules)
        .flatMap(Arrays::stream)
        .filter(code -> code.name().equals(name))
        .findFirst();
  }
}
