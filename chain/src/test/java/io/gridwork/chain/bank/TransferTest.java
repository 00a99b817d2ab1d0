package io.gridwork.chain.bank;

import static io.gridwork.chain.TestChain.FEE;
import static io.gridwork.chain.TestChain.GRID;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridwork.chain.TestChain;
import io.gridwork.chain.exec.TxResult;
import io.gridwork.chain.genesis.Params;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.protocol.event.Transferred;
import io.gridwork.testkit.TestKeys;
import org.junit.jupiter.api.Test;

class TransferTest {
  private final KeyPair alice = TestKeys.key("alice");
  private final KeyPair bob = TestKeys.key("bob");
  private final TestChain chain = TestChain.funded(10 * GRID, alice);

  @Test
  void transferMovesTheAmountAndTheFee() {
    TxResult result = chain.run(chain.txs.transfer(alice, bob.address(), 3 * GRID));

    assertThat(result.ok()).isTrue();
    assertThat(chain.balance(alice)).isEqualTo(7 * GRID - FEE);
    assertThat(chain.balance(bob)).isEqualTo(3 * GRID);
  }

  @Test
  void transferEmitsAnEventNamingBothSidesAndTheAmount() {
    TxResult result = chain.run(chain.txs.transfer(alice, bob.address(), 3 * GRID));

    assertThat(result.events()).contains(new Transferred(alice.address(), bob.address(), 3 * GRID));
  }

  @Test
  void selfTransferCostsOnlyTheFee() {
    TxResult result = chain.run(chain.txs.transfer(alice, alice.address(), 3 * GRID));

    assertThat(result.ok()).isTrue();
    assertThat(chain.balance(alice)).isEqualTo(10 * GRID - FEE);
  }

  @Test
  void zeroAmountIsAnInvalidAmount() {
    TxResult result = chain.run(chain.txs.transfer(alice, bob.address(), 0));

    assertThat(result.code()).isEqualTo("INVALID_AMOUNT");
    assertThat(chain.balance(alice)).isEqualTo(10 * GRID - FEE);
  }

  @Test
  void insufficientFundsMessageShowsBalanceAndWhatWasNeeded() {
    Params cheap = new Params(1, TestChain.PARAMS.minProviderStake(), 3);
    TestChain small = new TestChain(TestChain.genesis(cheap, 1_200_000, alice));

    TxResult result = small.run(small.txs.withFee(1).transfer(alice, bob.address(), 5 * GRID));

    assertThat(result.code()).isEqualTo("INSUFFICIENT_FUNDS");
    assertThat(result.message())
        .isEqualTo(
            "insufficient funds: balance 1.2GRID, needs 5.000001GRID"
                + " (amount 5GRID + fee 0.000001GRID)");
  }

  @Test
  void transferOfTheLargestAmountIsInsufficientFundsNotAnOverflow() {
    TxResult result = chain.run(chain.txs.transfer(alice, bob.address(), Long.MAX_VALUE));

    assertThat(result.code()).isEqualTo("INSUFFICIENT_FUNDS");
    assertThat(result.message()).contains("needs more than can exist");
    assertThat(chain.balance(bob)).isZero();
  }

  @Test
  void aBalanceTheSenderEmptiesKeepsItsNonce() {
    TestChain exact = TestChain.funded(GRID + FEE, alice);

    exact.run(exact.txs.transfer(alice, bob.address(), GRID));

    assertThat(exact.account(alice)).isEqualTo(new Account(alice.address(), 0, 1));
  }
}
