package io.gridwork.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gridwork.api.ChainParams;
import io.gridwork.client.GridworkClient;
import io.gridwork.client.GridworkClientException;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.protocol.event.JobCreated;
import io.gridwork.protocol.event.LedgerEvent;
import io.gridwork.protocol.spec.InputRef;
import io.gridwork.protocol.spec.JobSpec;
import io.gridwork.protocol.tx.CreateJob;
import io.gridwork.protocol.tx.JobIds;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Posts the jobs of a spec or SDL file: checks the file and its input files before anything is
 * signed, sends one CreateJob per job, then uploads the inputs, which the node accepts only from
 * the buyer of a job that is already in a block.
 */
@Command(
    name = "submit",
    description = {
      "Post a job spec (or every job of an Akash SDL file) and move its deposit to escrow.",
      "Input files named in the spec are read from --inputs and uploaded once the job exists."
    })
final class JobSubmitCommand extends SigningCommand {
  @Parameters(paramLabel = "FILE", description = "A job spec (YAML) or an Akash SDL file.")
  Path file;

  @Option(
      names = "--inputs",
      paramLabel = "DIR",
      description = "directory holding the input files the spec names (by file name)")
  Path inputs;

  @Override
  int execute() {
    SpecFile loaded = SpecFile.load(file);
    if (!loaded.valid()) {
      loaded.verdict().print(output.format, out());
      throw new CommandFailure(
          "nothing was sent: fix the problems above in " + file + " and submit again");
    }
    Map<JobSpec, List<Path>> inputFiles = new LinkedHashMap<>();
    for (JobSpec spec : loaded.jobs()) {
      inputFiles.put(spec, inputFiles(spec));
    }
    if (noWait && inputFiles.values().stream().anyMatch(files -> !files.isEmpty())) {
      throw new CommandFailure(
          ExitCode.USAGE,
          "--no-wait cannot be used with a spec that has inputs: the node accepts input uploads"
              + " only once the job is in a block; submit without --no-wait");
    }
    GridworkClient client = node.client();
    ChainParams params = client.params();
    Preflight.depositsAtLeastTheMinimum(params, loaded.jobs());
    long deposits = 0;
    for (JobSpec spec : loaded.jobs()) {
      deposits = Math.addExact(deposits, spec.pricing().deposit());
    }
    Preflight.canPay(
        client,
        fromAddress(),
        deposits,
        Math.multiplyExact(chosenFee(params), loaded.jobs().size()),
        loaded.jobs().size() == 1 ? "the deposit" : "the deposits");
    TrustTerms terms = TrustTerms.of(params);
    if (output.format == OutputFormat.TEXT) {
      out().print(summary(loaded.verdict().text()));
      for (JobSpec spec : loaded.jobs()) {
        out().print(terms.text(spec));
      }
      out().flush();
    }
    KeyPair key = unlock();
    TxSubmission submission = new TxSubmission(client);
    long nonce = submission.nextNonce(key);
    ObjectNode json = Json.MAPPER.createObjectNode();
    json.set("validation", loaded.verdict().json());
    ArrayNode jobs = json.putArray("jobs");
    StringBuilder text = new StringBuilder();
    int exit = ExitCode.OK;
    for (JobSpec spec : loaded.jobs()) {
      TxSubmission.Sent sent =
          submission.submitFrom(
              key, new CreateJob(spec), fee == null ? null : fee.ugrid(), nonce, !noWait);
      TxSubmission.Outcome outcome = sent.outcome();
      Hash jobId = JobIds.jobId(key.address(), sent.nonce());
      nonce = sent.nonce() + 1;
      String failure = TxSubmission.failure(outcome);
      Fields fields = new Fields();
      // A refused or rejected CreateJob made no job: its would-be id names nothing.
      if (failure == null) {
        fields.put("job", jobId.toHex());
      }
      fields.put("name", spec.name());
      fields.json().set("terms", terms.json(spec));
      fields.put("tx", outcome.hash().toHex());
      switch (outcome) {
        case TxSubmission.Refused r -> fields.put("status", "refused").put("code", r.code().name());
        case TxSubmission.Submitted s -> fields.put("status", "pending");
        case TxSubmission.Committed c -> {
          fields.put("status", c.commit().ok() ? "created" : "rejected");
          fields.put("height", c.commit().height()).put("code", c.commit().code());
          if (c.commit().ok()) {
            created(fields, c.commit().events(), spec);
            upload(client, key, jobId, spec, inputFiles.get(spec), fields);
          }
        }
      }
      if (failure != null) {
        fields.put("error", failure);
        exit = ExitCode.FAILED;
        // A job later in an SDL file would take the nonce of the failed one: stop here.
        jobs.add(fields.json());
        text.append(fields.text()).append('\n');
        break;
      }
      nextSteps(fields, jobId, from, outcome instanceof TxSubmission.Submitted);
      jobs.add(fields.json());
      text.append(fields.text()).append('\n');
    }
    new Report(text.toString(), json).print(output.format, out());
    if (exit != ExitCode.OK) {
      err().println("error: a job was not created; see 'error' above");
      err().flush();
    }
    return exit;
  }

  /** The verdict without the translated YAML: its first line and any notes on the translation. */
  private static String summary(String verdict) {
    StringBuilder sb = new StringBuilder();
    for (String line : verdict.split("\n")) {
      if (line.isEmpty() || line.equals("---")) {
        break;
      }
      sb.append(line).append('\n');
    }
    return sb.toString();
  }

  /**
   * The local files of the spec's inputs, each checked against its size and SHA-256, so that a
   * wrong file stops the command before anything is paid for.
   */
  private List<Path> inputFiles(JobSpec spec) {
    List<Path> files = new ArrayList<>();
    if (spec.inputs().isEmpty()) {
      return files;
    }
    if (inputs == null) {
      throw new CommandFailure(
          ExitCode.USAGE,
          "job "
              + spec.name()
              + " reads "
              + spec.inputs().size()
              + " input file(s) ("
              + String.join(", ", spec.inputs().stream().map(InputRef::name).toList())
              + "); say where they are with --inputs DIR");
    }
    for (InputRef input : spec.inputs()) {
      Path path = inputs.resolve(input.name());
      if (!Files.isRegularFile(path)) {
        throw new CommandFailure(
            ExitCode.USAGE,
            "input " + input.name() + " of job " + spec.name() + " is not in " + inputs);
      }
      Hash actual = sha256(path);
      if (!actual.equals(input.sha256())) {
        throw new CommandFailure(
            "nothing was sent: "
                + path
                + " has SHA-256 "
                + actual
                + " but the spec's inputs name "
                + input.name()
                + " with "
                + input.sha256()
                + "; put the right file there or update sha256 in the spec");
      }
      files.add(path);
    }
    return files;
  }

  private static void created(Fields fields, List<LedgerEvent> events, JobSpec spec) {
    for (LedgerEvent e : events) {
      if (e instanceof JobCreated created) {
        fields.amount("escrow", created.deposit());
        fields.put("biddingClosesAt", created.biddingClosesAt());
        return;
      }
    }
    fields.amount("escrow", spec.pricing().deposit());
  }

  private static void upload(
      GridworkClient client,
      KeyPair key,
      Hash jobId,
      JobSpec spec,
      List<Path> files,
      Fields fields) {
    ArrayNode uploaded = Json.MAPPER.createArrayNode();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      InputRef input = spec.inputs().get(i);
      try {
        client.uploadBlob(jobId, key, files.get(i));
      } catch (GridworkClientException e) {
        throw new CommandFailure(
            "job "
                + jobId
                + " was created, but uploading its input "
                + input.name()
                + " failed: "
                + e.getMessage()
                + "; providers cannot run it without its inputs, so close it to get the escrow"
                + " back: gridwork job close "
                + jobId
                + " --from KEY");
      }
      uploaded.addObject().put("name", input.name()).put("sha256", input.sha256().toHex());
      names.add(input.name() + " (" + input.sizeBytes() + " bytes)");
    }
    if (!files.isEmpty()) {
      fields.put("inputsUploaded", String.join(", ", names), uploaded);
    }
  }

  private static void nextSteps(Fields fields, Hash jobId, String key, boolean pending) {
    String id = jobId.toHex();
    if (pending) {
      fields.note("Submitted; the job exists once its transaction is in a block.");
    }
    String[][] steps = {
      {"gridwork job status " + id + " --watch", "follow the auction and the units"},
      {"gridwork job bids " + id, "the offers so far"},
      {"gridwork job explain " + id, "why there are no bids, if there are none"},
      {
        "gridwork job results " + id + " --out DIR --from " + key,
        "fetch the outputs of finished units"
      }
    };
    int width = 0;
    for (String[] step : steps) {
      width = Math.max(width, step[0].length());
    }
    fields.note("Next:");
    for (String[] step : steps) {
      fields.note("  " + step[0] + " ".repeat(width - step[0].length() + 2) + "# " + step[1]);
    }
  }

  static Hash sha256(Path file) {
    MessageDigest digest = Hash.digest();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[64 * 1024];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new CommandFailure(ExitCode.USAGE, "cannot read " + file + ": " + e.getMessage());
    }
    return new Hash(digest.digest());
  }
}
