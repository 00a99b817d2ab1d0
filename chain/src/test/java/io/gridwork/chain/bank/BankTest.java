package io.gridwork.chain.bank;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwork.chain.state.MemoryState;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.protocol.error.BankError;
import io.gridwork.testkit.TestKeys;
import org.junit.jupiter.api.Test;

class BankTest {
  private final KeyPair alice = TestKeys.key("alice");

  @Test
  void absentAccountReadsAsEmptyWithNonceZero() {
    assertThat(Bank.account(new MemoryState(), alice.address()))
        .isEqualTo(new Account(alice.address(), 0, 0));
  }

  @Test
  void creditThatWouldOverflowIsAnInvalidAmountAndChangesNothing() {
    MemoryState state = new MemoryState();
    Bank.putAccount(state, new Account(alice.address(), Long.MAX_VALUE - 5, 3));

    var rejection = Bank.credit(state, alice.address(), 6);

    assertThat(rejection)
        .hasValueSatisfying(r -> assertThat(r.code()).isEqualTo(BankError.INVALID_AMOUNT));
    assertThat(Bank.account(state, alice.address()).balance()).isEqualTo(Long.MAX_VALUE - 5);
  }

  @Test
  void emptyAccountWithNonceZeroIsNotStored() {
    MemoryState state = new MemoryState();
    Bank.putAccount(state, new Account(alice.address(), 5, 0));

    Bank.putAccount(state, new Account(alice.address(), 0, 0));

    assertThat(state.size()).isZero();
  }
}
