package io.gridwork.cli;

import io.gridwork.client.GridworkClient;
import io.gridwork.protocol.Address;
import io.gridwork.protocol.Amount;
import io.gridwork.protocol.tx.Transfer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gridwork tx ...}: transactions that move tokens. */
@Command(
    name = "tx",
    description = "Sign and submit transactions.",
    subcommands = {TxCommand.Send.class, TxCommand.Status.class})
final class TxCommand extends CommandGroup {

  @Command(name = "send", description = "Transfer GRID to another account.")
  static final class Send extends SigningCommand {
    @Option(
        names = "--to",
        required = true,
        paramLabel = "ADDRESS|KEY",
        description = "recipient: an address (grid1…) or the name of a key in the key store")
    String to;

    @Option(
        names = "--amount",
        required = true,
        paramLabel = "AMOUNT",
        converter = Converters.AmountConverter.class,
        description = "amount with a unit, e.g. 1.5GRID or 1500000ugrid")
    Amount amount;

    @Override
    int execute() {
      Address recipient = Accounts.resolve(to, new KeyStore(home.resolve()));
      GridworkClient client = node.client();
      Preflight.canPay(
          client, fromAddress(), amount.ugrid(), chosenFee(client.params()), "the transfer");
      return submit(new Transfer(recipient, amount.ugrid()));
    }
  }

  /** The same as {@code query tx}, where people look for it after sending. */
  @Command(
      name = "status",
      description = "A transaction by hash: pending, or its block and result (as query tx).")
  static final class Status extends QueryCommand.Tx {}
}
