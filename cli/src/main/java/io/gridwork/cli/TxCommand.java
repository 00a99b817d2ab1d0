package io.gridwork.cli;

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
        paramLabel = "ADDRESS",
        converter = Converters.AddressConverter.class,
        description = "recipient address, grid1…")
    Address to;

    @Option(
        names = "--amount",
        required = true,
        paramLabel = "AMOUNT",
        converter = Converters.AmountConverter.class,
        description = "amount with a unit, e.g. 1.5GRID or 1500000ugrid")
    Amount amount;

    @Override
    int execute() {
      return submit(new Transfer(to, amount.ugrid()));
    }
  }

  /** The same as {@code query tx}, where people look for it after sending. */
  @Command(
      name = "status",
      description = "A transaction by hash: pending, or its block and result (as query tx).")
  static final class Status extends QueryCommand.Tx {}
}
