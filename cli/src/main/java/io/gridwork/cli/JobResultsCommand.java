package io.gridwork.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gridwork.api.JobInfo;
import io.gridwork.api.UnitInfo;
import io.gridwork.client.GridworkClient;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.protocol.spec.JobSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Fetches the outputs of a batch job's finished units from the node's blob store, each checked
 * against the hash its provider reported on the ledger. The node hands a job's blobs only to its
 * buyer (and the providers and auditors working on it), so each request is signed with the buyer's
 * key.
 *
 * <p>A unit reports one output hash. With one declared output it is that file's SHA-256 (and its
 * blob id). With any other number it is the SHA-256 of the unit's manifest, a blob of lines {@code
 * <sha256 hex> <name>} (the {@code sha256sum} format) naming every output file, each its own blob.
 */
@Command(
    name = "results",
    description = {
      "Download the outputs of a job's finished units into --out DIR.",
      "Each file is checked against the hash reported on the ledger; files already there with the"
          + " right hash are kept. Says which units are not done yet.",
      "Downloads are signed with the buyer's key (--from); the node deletes a job's outputs a"
          + " while after it ends (7 days by default), so fetch them before then."
    })
final class JobResultsCommand extends JobLookup {
  private static final String UNIT = "${UNIT}";

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "where to write the outputs (created if missing)")
  Path dir;

  @Option(
      names = "--from",
      required = true,
      paramLabel = "KEY",
      description = "the buyer's key in the key store: the node serves outputs to it alone")
  String from;

  @Mixin HomeOption home;
  @Mixin PassphraseOptions passphrase;

  private KeyPair key;

  /** What became of one output file. */
  private record Fetched(int unit, String file, Hash sha256, String status) {}

  @Override
  int execute() {
    key = SigningCommand.unlock(home, passphrase, from);
    GridworkClient client = node.client();
    JobInfo job = job(client);
    JobSpec spec = job.spec();
    if (!"batch".equals(job.kind()) || spec == null || !spec.isBatch()) {
      throw new CommandFailure(
          "job "
              + jobId
              + " is a service: it has no units with outputs on the ledger; a service publishes"
              + " its results itself");
    }
    if (spec.outputs().isEmpty()) {
      throw new CommandFailure(
          "job " + jobId + " declares no outputs, so there is nothing to fetch");
    }
    List<Fetched> fetched = new ArrayList<>();
    List<Integer> notDone = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (UnitInfo unit : client.units(jobId)) {
      if (unit.state() != UnitInfo.State.DONE) {
        notDone.add(unit.unit());
        continue;
      }
      if (spec.outputs().size() == 1) {
        Path target = target(dir, spec.outputs().getFirst(), unit.unit());
        fetched.add(fetch(client, unit.unit(), unit.outputHash(), target, missing));
      } else {
        fetchManifest(client, unit, fetched, missing);
      }
    }
    return report(job, fetched, notDone, missing);
  }

  private void fetchManifest(
      GridworkClient client, UnitInfo unit, List<Fetched> fetched, List<String> missing) {
    Path unitDir = dir.resolve("unit-" + unit.unit());
    Path manifest = unitDir.resolve("SHA256SUMS");
    Fetched list = fetch(client, unit.unit(), unit.outputHash(), manifest, missing);
    fetched.add(list);
    if (list.status().equals("missing")) {
      return;
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(manifest, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CommandFailure("cannot read " + manifest + ": " + e.getMessage());
    }
    for (String line : lines) {
      int split = line.indexOf("  ");
      Hash hash;
      try {
        hash = Hash.fromHex(split < 0 ? "" : line.substring(0, split));
      } catch (IllegalArgumentException e) {
        throw new CommandFailure(
            "the output manifest of unit "
                + unit.unit()
                + " has a line that is not '<sha256>  <name>': "
                + line);
      }
      Path target = within(unitDir, line.substring(split + 2));
      fetched.add(fetch(client, unit.unit(), hash, target, missing));
    }
  }

  /**
   * Where a single output goes: its name with the unit number for {@code ${UNIT}}, in DIR; a name
   * without {@code ${UNIT}} would be the same for every unit, so it goes in DIR/unit-N/.
   */
  static Path target(Path dir, String output, int unit) {
    if (output.contains(UNIT)) {
      return within(dir, output.replace(UNIT, Integer.toString(unit)));
    }
    return within(dir.resolve("unit-" + unit), output);
  }

  /** {@code name} under {@code dir}, refusing names that would climb out of it. */
  private static Path within(Path dir, String name) {
    Path target = dir.resolve(name).normalize();
    if (name.isEmpty() || !target.startsWith(dir.normalize()) || target.equals(dir.normalize())) {
      throw new CommandFailure(
          "refusing output name '" + name + "': it would be written outside " + dir);
    }
    return target;
  }

  private Fetched fetch(
      GridworkClient client, int unit, Hash hash, Path target, List<String> missing) {
    String file = target.toString();
    if (Files.isRegularFile(target) && JobSubmitCommand.sha256(target).equals(hash)) {
      return new Fetched(unit, file, hash, "present");
    }
    if (!client.downloadBlob(jobId, key, hash, target)) {
      missing.add("unit " + unit + " (" + hash + ")");
      return new Fetched(unit, file, hash, "missing");
    }
    return new Fetched(unit, file, hash, "downloaded");
  }

  private int report(
      JobInfo job, List<Fetched> fetched, List<Integer> notDone, List<String> missing) {
    ObjectNode json = Json.MAPPER.createObjectNode().put("job", job.id().toHex());
    json.put("out", dir.toString());
    ArrayNode files = json.putArray("files");
    Table table = new Table("UNIT", "STATUS", "FILE");
    int written = 0;
    for (Fetched f : fetched) {
      files
          .addObject()
          .put("unit", f.unit())
          .put("file", f.file())
          .put("sha256", f.sha256().toHex())
          .put("status", f.status());
      table.row(Integer.toString(f.unit()), f.status(), f.file());
      if (!f.status().equals("missing")) {
        written++;
      }
    }
    ArrayNode pending = json.putArray("unitsNotDone");
    notDone.forEach(pending::add);
    StringBuilder text = new StringBuilder();
    if (!table.isEmpty()) {
      text.append(table.render());
    }
    text.append(written).append(" file(s) in ").append(dir).append(".\n");
    if (!notDone.isEmpty()) {
      text.append(notDone.size())
          .append(" unit(s) not done yet: ")
          .append(ranges(notDone))
          .append(". Run this again when they are; gridwork job status ")
          .append(job.id())
          .append(" --watch follows them.\n");
    }
    print(new Report(text.toString(), json));
    if (!missing.isEmpty()) {
      throw new CommandFailure(
          "the node has no blob for "
              + String.join(", ", missing)
              + (job.status().finished()
                  ? ": the job has ended, and the node deletes an ended job's blobs after its"
                      + " retention period (blobRetentionSeconds, 7 days by default); otherwise the"
                      + " provider reported the output but did not upload it"
                  : ": the provider reported the output but did not upload it (or the node lost"
                      + " it)"));
    }
    return ExitCode.OK;
  }

  /** 0-3, 7, 9-10: unit numbers as short ranges. */
  static String ranges(List<Integer> units) {
    StringBuilder sb = new StringBuilder();
    int i = 0;
    while (i < units.size()) {
      int j = i;
      while (j + 1 < units.size() && units.get(j + 1) == units.get(j) + 1) {
        j++;
      }
      if (!sb.isEmpty()) {
        sb.append(", ");
      }
      sb.append(units.get(i));
      if (j > i) {
        sb.append('-').append(units.get(j));
      }
      i = j + 1;
    }
    return sb.toString();
  }
}
