package io.gridwork.cli;

import io.gridwork.api.JobInfo;
import io.gridwork.client.GridworkClient;
import io.gridwork.protocol.crypto.Hash;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** A command about one job, named by its id on the command line, read through a node. */
abstract class JobLookup extends GridworkCommand {
  @Parameters(
      index = "0",
      paramLabel = "JOB",
      converter = Converters.IdConverter.class,
      description = "job id (64 hex characters), as printed by gridwork job submit")
  Hash jobId;

  @Mixin NodeOption node;
  @Mixin OutputOption output;

  /** The job, or a failure that says how to find the right id. */
  JobInfo job(GridworkClient client) {
    return client
        .job(jobId)
        .orElseThrow(
            () ->
                new CommandFailure(
                    "the node at "
                        + node.resolve()
                        + " knows no job "
                        + jobId
                        + "; list your jobs with: gridwork job list --buyer KEY"));
  }

  int print(Report report) {
    report.print(output.format, out());
    return ExitCode.OK;
  }
}
