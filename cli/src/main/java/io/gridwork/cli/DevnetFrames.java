package io.gridwork.cli;

import io.gridwork.api.JobInfo;
import io.gridwork.api.UnitInfo;
import io.gridwork.client.GridworkClient;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.protocol.spec.JobSpec;
import io.gridwork.protocol.spec.ProcessWorkload;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;

/**
 * The devnet's proof that the network did the work: it downloads the render job's frames as the
 * buyer and renders the same frames here, outside any sandbox, to compare them byte for byte.
 */
final class DevnetFrames {
  private final GridworkClient client;
  private final PrintWriter err;

  /** How the downloaded frames compare with the same command run here. */
  record Verification(int identical, List<Integer> different) {}

  DevnetFrames(GridworkClient client, PrintWriter err) {
    this.client = client;
    this.err = err;
  }

  /** Downloads every frame of {@code jobId} into {@code frames}, signed for by {@code buyer}. */
  List<Path> download(Hash jobId, KeyPair buyer, Path frames) throws IOException {
    Files.createDirectories(frames);
    JobInfo job = client.job(jobId).orElseThrow();
    String output = job.spec().outputs().getFirst();
    List<Path> written = new ArrayList<>();
    for (UnitInfo unit : client.units(jobId)) {
      Path target = JobResultsCommand.target(frames, output, unit.unit());
      if (!client.downloadBlob(jobId, buyer, unit.outputHash(), target)) {
        throw new CommandFailure(
            "the node has no blob " + unit.outputHash().toHex() + " for frame " + unit.unit());
      }
      written.add(target);
    }
    return written;
  }

  /** Renders each frame of {@code spec} in a directory under {@code scratch} and compares. */
  Verification verify(JobSpec spec, List<Path> written, Path scratch) throws IOException {
    List<String> command =
        spec.workload() instanceof ProcessWorkload process ? process.command() : List.of();
    if (command.size() < 3 || !command.subList(1, 3).equals(List.of("sample", "render"))) {
      throw new CommandFailure(
          "the devnet checks frames by rendering them locally, so its job must run 'gridwork"
              + " sample render', not "
              + String.join(" ", command));
    }
    Path local = Files.createTempDirectory(scratch, "local-render-");
    List<Integer> different = new ArrayList<>();
    int identical = 0;
    try {
      for (int unit = 0; unit < written.size(); unit++) {
        Path remote = written.get(unit);
        String[] args = localArgs(command, unit, local);
        int code =
            new CommandLine(new SampleCommand.Render())
                .setOut(new PrintWriter(Writer.nullWriter()))
                .setErr(err)
                .execute(args);
        if (code != ExitCode.OK) {
          throw new CommandFailure("rendering frame " + unit + " locally failed");
        }
        Path mine = local.resolve(remote.getFileName());
        if (Arrays.equals(Files.readAllBytes(mine), Files.readAllBytes(remote))) {
          identical++;
        } else {
          different.add(unit);
        }
      }
    } finally {
      Devnet.deleteRecursively(local);
    }
    return new Verification(identical, different);
  }

  /** The unit's own arguments after "gridwork sample render", writing into {@code dir}. */
  private static String[] localArgs(List<String> command, int unit, Path dir) {
    List<String> args = new ArrayList<>();
    List<String> rest = command.subList(3, command.size());
    for (int i = 0; i < rest.size(); i++) {
      String arg = rest.get(i).replace("${UNIT}", Integer.toString(unit));
      args.add(arg);
      if (arg.equals("--out") && i + 1 < rest.size()) {
        String file = rest.get(++i).replace("${UNIT}", Integer.toString(unit));
        args.add(dir.resolve(file).toString());
      }
    }
    return args.toArray(String[]::new);
  }
}
