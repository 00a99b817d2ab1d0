package io.gridwork.cli;

import io.gridwork.protocol.Amount;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.spec.SlaTier;
import io.gridwork.protocol.tx.BondStake;
import io.gridwork.protocol.tx.CloseLease;
import io.gridwork.protocol.tx.GpuInventory;
import io.gridwork.protocol.tx.RegisterProvider;
import io.gridwork.protocol.tx.UnbondStake;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

/** {@code gridwork provider ...}: offer GPUs to the network and manage the stake behind them. */
@Command(
    name = "provider",
    description = "Register as a GPU provider and manage its stake.",
    subcommands = {
      ProviderCommand.Register.class,
      ProviderCommand.Bond.class,
      ProviderCommand.Unbond.class,
      ProviderCommand.CloseLeaseCommand.class
    })
final class ProviderCommand extends CommandGroup {

  @Command(
      name = "register",
      description = {
        "Register (or update) the --from account as a GPU provider, bonding --stake.",
        "Example: --gpu rtx4090:24576:2 --region eu-west --tier standard --stake 200GRID"
      })
  static final class Register extends SigningCommand {
    @Option(
        names = "--gpu",
        required = true,
        paramLabel = "MODEL:VRAM_MIB:COUNT",
        converter = GpuConverter.class,
        description = "a group of identical GPUs, e.g. rtx4090:24576:2; repeatable")
    List<GpuInventory> gpus = new ArrayList<>();

    @Option(
        names = "--region",
        required = true,
        paramLabel = "REGION",
        description = "where the GPUs are, e.g. eu-west")
    String region;

    @Option(
        names = "--tier",
        required = true,
        paramLabel = "TIER",
        converter = Converters.TierConverter.class,
        description = "service tier: best-effort, standard or premium")
    SlaTier tier;

    @Option(
        names = "--attr",
        paramLabel = "KEY=VALUE",
        description = "a placement attribute, e.g. datacenter=fra1; repeatable")
    Map<String, String> attributes = new TreeMap<>();

    @Option(
        names = "--stake",
        paramLabel = "AMOUNT",
        defaultValue = "0GRID",
        converter = Converters.AmountConverter.class,
        description = "stake to bond now, e.g. 200GRID (default: none, for updates)")
    Amount stake;

    @Override
    int execute() {
      return submit(
          new RegisterProvider(
              gpus, region, tier.wireName(), new TreeMap<>(attributes), stake.ugrid()));
    }
  }

  @Command(name = "bond", description = "Add stake to the --from provider.")
  static final class Bond extends SigningCommand {
    @Option(
        names = "--amount",
        required = true,
        paramLabel = "AMOUNT",
        converter = Converters.AmountConverter.class,
        description = "stake to add, e.g. 50GRID")
    Amount amount;

    @Override
    int execute() {
      return submit(new BondStake(amount.ugrid()));
    }
  }

  @Command(
      name = "unbond",
      description = "Start returning stake to the balance; it arrives after the unbonding period.")
  static final class Unbond extends SigningCommand {
    @Option(
        names = "--amount",
        required = true,
        paramLabel = "AMOUNT",
        converter = Converters.AmountConverter.class,
        description = "stake to unbond, e.g. 50GRID")
    Amount amount;

    @Override
    int execute() {
      return submit(new UnbondStake(amount.ugrid()));
    }
  }

  @Command(
      name = "close-lease",
      description = {
        "Give back a lease the --from provider holds, e.g. to take a service off this machine.",
        "A running agent sees the lease close and stops its units or service; a batch lease's"
            + " unfinished units go back to auction."
      })
  static final class CloseLeaseCommand extends SigningCommand {
    @Parameters(
        index = "0",
        paramLabel = "LEASE",
        converter = Converters.IdConverter.class,
        description = "lease id (64 hex characters), as 'gridwork agent status' lists it")
    Hash leaseId;

    @Override
    int execute() {
      return submit(new CloseLease(leaseId));
    }
  }

  /** Parses {@code MODEL:VRAM_MIB:COUNT}; the model may itself contain colons. */
  static final class GpuConverter implements ITypeConverter<GpuInventory> {
    @Override
    public GpuInventory convert(String value) {
      int last = value.lastIndexOf(':');
      int middle = last <= 0 ? -1 : value.lastIndexOf(':', last - 1);
      if (middle <= 0) {
        throw new TypeConversionException(
            "'" + value + "' is not MODEL:VRAM_MIB:COUNT, e.g. rtx4090:24576:2");
      }
      String model = value.substring(0, middle);
      int vram = positive(value, value.substring(middle + 1, last), "VRAM in MiB");
      int count = positive(value, value.substring(last + 1), "GPU count");
      return new GpuInventory(model, vram, count);
    }

    private static int positive(String value, String part, String what) {
      String digits = part.strip();
      if (!digits.matches("[0-9]{1,9}") || Integer.parseInt(digits) == 0) {
        throw new TypeConversionException(
            "'" + value + "': " + what + " must be a positive whole number, got '" + part + "'");
      }
      return Integer.parseInt(digits);
    }
  }
}
