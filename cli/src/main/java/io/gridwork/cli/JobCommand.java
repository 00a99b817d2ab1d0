package io.gridwork.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.gridwork.protocol.spec.AkashSdl;
import io.gridwork.protocol.spec.JobSpec;
import io.gridwork.protocol.spec.JobSpecYaml;
import io.gridwork.protocol.spec.SdlImport;
import io.gridwork.protocol.spec.SdlRefusal;
import io.gridwork.protocol.spec.SpecError;
import io.gridwork.protocol.spec.SpecResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** What a buyer does with jobs; for now, checking a spec or an Akash SDL file offline. */
@Command(
    name = "job",
    description = "Work with job specs.",
    subcommands = {JobCommand.Validate.class})
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
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Parameters(paramLabel = "FILE", description = "A job spec (YAML) or an Akash SDL file.")
    Path file;

    @Mixin OutputOption output;

    @Override
    int execute() {
      String text = read(file);
      Report report = isAkashSdl(text) ? sdlReport(AkashSdl.translate(text)) : specReport(text);
      report.print(output.format, out());
      return report.json().path("valid").asBoolean() ? ExitCode.OK : ExitCode.FAILED;
    }

    private static String read(Path file) {
      try {
        return Files.readString(file);
      } catch (NoSuchFileException e) {
        throw new CommandFailure(ExitCode.USAGE, "no such file: " + file);
      } catch (IOException e) {
        throw new CommandFailure(ExitCode.USAGE, "cannot read " + file + ": " + e.getMessage());
      }
    }

    /** An SDL file has top-level {@code services} and {@code profiles} or {@code deployment}. */
    private static boolean isAkashSdl(String text) {
      try {
        JsonNode root = YAML.readTree(text);
        return root != null
            && root.isObject()
            && root.has("services")
            && (root.has("profiles") || root.has("deployment"));
      } catch (IOException e) {
        return false;
      }
    }

    private Report specReport(String text) {
      ObjectNode json = Json.MAPPER.createObjectNode().put("format", "gridwork");
      StringBuilder out = new StringBuilder();
      switch (JobSpecYaml.parse(text)) {
        case SpecResult.Valid valid -> {
          JobSpec spec = valid.spec();
          json.put("valid", true);
          json.putArray("jobs").add(JobSpecYaml.write(spec));
          out.append(file).append(": valid Gridwork job spec (").append(describe(spec));
          out.append(")\n\n").append(JobSpecYaml.write(spec));
        }
        case SpecResult.Invalid invalid -> {
          json.put("valid", false);
          errors(invalid.errors(), json.putArray("errors"), out);
          out.insert(0, file + ": not a valid job spec (" + invalid.errors().size() + " errors)\n");
        }
      }
      return new Report(out.toString(), json);
    }

    private Report sdlReport(SdlImport imported) {
      ObjectNode json = Json.MAPPER.createObjectNode().put("format", "akash-sdl");
      json.put("valid", imported.accepted());
      StringBuilder out = new StringBuilder();
      ArrayNode notes = json.putArray("notes");
      imported.notes().forEach(notes::add);
      ArrayNode refusals = json.putArray("refusals");
      for (SdlRefusal r : imported.refusals()) {
        refusals.addObject().put("feature", r.feature()).put("reason", r.reason());
      }
      ArrayNode jobs = json.putArray("jobs");
      if (imported.accepted()) {
        out.append(file)
            .append(": Akash SDL file, translates to ")
            .append(imported.jobs().size())
            .append(imported.jobs().size() == 1 ? " Gridwork job\n" : " Gridwork jobs\n");
      } else {
        out.append(file).append(": Akash SDL file that Gridwork cannot honour:\n");
        for (SdlRefusal r : imported.refusals()) {
          out.append("  refused ").append(r.feature()).append(": ").append(r.reason()).append('\n');
        }
      }
      for (String note : imported.notes()) {
        out.append("  note: ").append(note).append('\n');
      }
      for (JobSpec spec : imported.jobs()) {
        String yaml = JobSpecYaml.write(spec);
        jobs.add(yaml);
        out.append("\n---\n# ").append(describe(spec)).append('\n').append(yaml);
      }
      return new Report(out.toString(), json);
    }

    private static void errors(List<SpecError> errors, ArrayNode json, StringBuilder out) {
      for (SpecError e : errors) {
        json.addObject().put("path", e.path()).put("message", e.message());
        out.append("  ").append(e.path()).append(": ").append(e.message()).append('\n');
      }
    }

    private static String describe(JobSpec spec) {
      String kind = spec.isBatch() ? "batch of " + spec.units() + " units" : "service";
      int gpus = spec.resources().gpu().count();
      return spec.name() + ", " + kind + ", " + (gpus == 0 ? "CPU only" : gpus + " GPU per run");
    }
  }
}
