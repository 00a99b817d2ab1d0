package io.gridwork.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.gridwork.api.BidInfo;
import io.gridwork.api.JobInfo;
import io.gridwork.client.GridworkClient;
import io.gridwork.protocol.Address;
import io.gridwork.protocol.Amount;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.event.EscrowDeposited;
import io.gridwork.protocol.event.EscrowRefunded;
import io.gridwork.protocol.event.LedgerEvent;
import io.gridwork.protocol.market.JobStatus;
import io.gridwork.protocol.tx.CloseJob;
import io.gridwork.protocol.tx.DepositMore;
import io.gridwork.protocol.tx.TxBody;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

/** {@code gridwork job ...}: what a buyer does with jobs, from checking a spec to its outputs. */
@Command(
    name = "job",
    description = "Post GPU jobs, follow them, and fetch their outputs.",
    subcommands = {
      JobCommand.Validate.class,
      JobSubmitCommand.class,
      JobStatusCommand.class,
      JobCommand.Bids.class,
      JobCommand.ListJobs.class,
      JobLogsCommand.class,
      JobResultsCommand.class,
      JobExplainCommand.class,
      JobCommand.Close.class,
      JobCommand.Deposit.class
    })
final class JobCommand extends CommandGroup {

  /**
   * Checks a job spec, or an Akash SDL v2 deploy file, without a node: prints the Gridwork spec it
   * becomes, or every reason it cannot.
   */
  @Command(
      name = "validate",
      description = {
        "Check a Gridwork job spec or an Akash SDL v2 file offline.",
        "Prints the Gridwork spec it becomes, or every reason it cannot; exit 1 when invalid."
      })
  static final class Validate extends GridworkCommand {
    @Parameters(paramLabel = "FILE", description = "A job spec (YAML) or an Akash SDL file.")
    Path file;

    @Mixin OutputOption output;

    @Override
    int execute() {
      SpecFile loaded = SpecFile.load(file);
      loaded.withTerms(TrustTerms.defaults()).print(output.format, out());
      return loaded.valid() ? ExitCode.OK : ExitCode.FAILED;
    }
  }

  @Command(
      name = "bids",
      description =
          "The bids of a job's current auction round in auction order: price, provider score and"
              + " effective price.")
  static final class Bids extends JobLookup {
    @Override
    int execute() {
      GridworkClient client = node.client();
      JobInfo job = job(client);
      List<BidInfo> bids = client.bids(jobId);
      Map<Address, Integer> scores = new TreeMap<>();
      for (BidInfo b : bids) {
        client
            .provider(b.provider())
            .ifPresent(p -> scores.put(b.provider(), p.reputation().score()));
      }
      return print(JobViews.bids(job, bids, scores));
    }
  }

  @Command(
      name = "list",
      description = {
        "A buyer's jobs (--buyer), or without --buyer the jobs taking bids, newest first.",
        "Done and closed jobs are listed per buyer."
      })
  static final class ListJobs extends GridworkCommand {
    @Option(
        names = "--buyer",
        paramLabel = "KEY|ADDRESS",
        description = "whose jobs: a local key name or a grid1… address")
    String buyer;

    @Option(
        names = "--status",
        paramLabel = "STATUS",
        converter = StatusConverter.class,
        description = "only jobs in this state: open, active, done or closed")
    JobStatus status;

    @Mixin HomeOption home;
    @Mixin NodeOption node;
    @Mixin OutputOption output;

    @Override
    int execute() {
      GridworkClient client = node.client();
      List<JobInfo> jobs;
      if (buyer != null) {
        Address address = Accounts.resolve(buyer, new KeyStore(home.resolve()));
        jobs = status == null ? client.jobs(address) : client.jobs(address, status);
      } else if (status == null || !status.finished()) {
        jobs =
            client.openJobs().stream().filter(j -> status == null || j.status() == status).toList();
      } else {
        throw new CommandFailure(
            ExitCode.USAGE,
            "finished jobs are listed per buyer: add --buyer KEY|ADDRESS to list "
                + status.name().toLowerCase(Locale.ROOT)
                + " jobs");
      }
      ArrayNode json = Json.MAPPER.createArrayNode();
      Table table = new Table("JOB", "NAME", "KIND", "STATUS", "UNITS DONE", "ESCROW", "CREATED");
      for (JobInfo j : jobs) {
        json.add(JobViews.job(j).json());
        table.row(
            j.id().toHex(),
            j.name(),
            j.kind(),
            j.status().name(),
            j.units() == null ? "-" : j.units().done() + "/" + j.units().total(),
            Amount.format(j.escrow()),
            Long.toString(j.createdHeight()));
      }
      String text =
          table.isEmpty()
              ? (buyer == null ? "No jobs are taking bids.\n" : "No jobs found.\n")
              : table.render();
      new Report(text, json).print(output.format, out());
      return ExitCode.OK;
    }
  }

  /** Accepts {@code open|active|done|closed} in any case. */
  static final class StatusConverter implements ITypeConverter<JobStatus> {
    @Override
    public JobStatus convert(String value) {
      try {
        return JobStatus.valueOf(value.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(
            "unknown job status '" + value + "': use open, active, done or closed");
      }
    }
  }

  /** A transaction the buyer signs about one of its jobs. */
  abstract static class BuyerTx extends SigningCommand {
    @Parameters(
        index = "0",
        paramLabel = "JOB",
        converter = Converters.IdConverter.class,
        description = "job id (64 hex characters)")
    Hash jobId;

    /**
     * Sends {@code body}; once it is in a block, shows as {@code name} the amount that {@code
     * amountOf} finds in the transaction's events (0 when there is none, e.g. no escrow left).
     */
    int send(TxBody body, Function<LedgerEvent, OptionalLong> amountOf, String name) {
      TxSubmission submission = new TxSubmission(node.client());
      TxSubmission.Outcome outcome = send(submission, unlock(), body);
      Fields fields = TxSubmission.describe(outcome);
      fields.put("job", jobId.toHex());
      if (outcome instanceof TxSubmission.Committed c && c.commit().ok()) {
        long amount = 0;
        for (LedgerEvent e : c.commit().events()) {
          OptionalLong found = amountOf.apply(e);
          if (found.isPresent()) {
            amount = found.getAsLong();
          }
        }
        fields.amount(name, amount);
      }
      fields.report().print(output.format, out());
      return finish(outcome);
    }
  }

  @Command(
      name = "close",
      description = "End a job you posted: leases settle for work done, unused escrow comes back.")
  static final class Close extends BuyerTx {
    @Override
    int execute() {
      Preflight.openJob(node.client(), jobId, "closing it");
      return send(
          new CloseJob(jobId),
          e ->
              e instanceof EscrowRefunded r && r.jobId().equals(jobId)
                  ? OptionalLong.of(r.amount())
                  : OptionalLong.empty(),
          "refunded");
    }
  }

  @Command(
      name = "deposit",
      description = "Add to a job's escrow, e.g. to keep a service running longer.")
  static final class Deposit extends BuyerTx {
    @Option(
        names = "--amount",
        required = true,
        paramLabel = "AMOUNT",
        converter = Converters.AmountConverter.class,
        description = "how much to add, e.g. 5GRID")
    Amount amount;

    @Override
    int execute() {
      GridworkClient client = node.client();
      Preflight.openJob(client, jobId, "a deposit");
      Preflight.canPay(
          client, fromAddress(), amount.ugrid(), chosenFee(client.params()), "the deposit");
      return send(
          new DepositMore(jobId, amount.ugrid()),
          e ->
              e instanceof EscrowDeposited d && d.jobId().equals(jobId)
                  ? OptionalLong.of(d.escrow())
                  : OptionalLong.empty(),
          "escrow");
    }
  }
}
