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

/**
 * A job file as {@code job validate} and {@code job submit} read it: a Gridwork spec or an Akash
 * SDL file, the jobs it becomes and the verdict to show, so both commands judge a file the same
 * way.
 */
record SpecFile(Path file, boolean valid, List<JobSpec> jobs, Report verdict) {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  SpecFile {
    jobs = List.copyOf(jobs);
  }

  /** Reads and checks {@code file}; an unreadable file is a usage error. */
  static SpecFile load(Path file) {
    return parse(file, read(file));
  }

  /** Checks {@code text}, naming it {@code file} in the verdict. */
  static SpecFile parse(Path file, String text) {
    return isAkashSdl(text) ? sdl(file, AkashSdl.translate(text)) : spec(file, text);
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

  private static SpecFile spec(Path file, String text) {
    ObjectNode json = Json.MAPPER.createObjectNode().put("format", "gridwork");
    StringBuilder out = new StringBuilder();
    return switch (JobSpecYaml.parse(text)) {
      case SpecResult.Valid valid -> {
        JobSpec spec = valid.spec();
        json.put("valid", true);
        json.putArray("jobs").add(JobSpecYaml.write(spec));
        out.append(file).append(": valid Gridwork job spec (").append(describe(spec));
        out.append(")\n\n").append(JobSpecYaml.write(spec));
        yield new SpecFile(file, true, List.of(spec), new Report(out.toString(), json));
      }
      case SpecResult.Invalid invalid -> {
        json.put("valid", false);
        errors(invalid.errors(), json.putArray("errors"), out);
        int count = invalid.errors().size();
        out.insert(
            0,
            file
                + ": not a valid job spec ("
                + count
                + (count == 1 ? " error" : " errors")
                + ")\n");
        yield new SpecFile(file, false, List.of(), new Report(out.toString(), json));
      }
    };
  }

  private static SpecFile sdl(Path file, SdlImport imported) {
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
    return new SpecFile(
        file, imported.accepted(), imported.jobs(), new Report(out.toString(), json));
  }

  private static void errors(List<SpecError> errors, ArrayNode json, StringBuilder out) {
    for (SpecError e : errors) {
      json.addObject().put("path", e.path()).put("message", e.message());
      // An error of the whole document (broken YAML) has no path to name.
      out.append("  ");
      if (!e.path().isEmpty()) {
        out.append(e.path()).append(": ");
      }
      out.append(e.message()).append('\n');
    }
  }

  /**
   * The verdict followed by what protects each job under {@code terms}: whether it is re-executed,
   * what that costs and delays, and what its SLA promises ({@code terms} in JSON, one per job).
   */
  Report withTerms(TrustTerms terms) {
    if (!valid) {
      return verdict;
    }
    StringBuilder text = new StringBuilder(verdict.text());
    ObjectNode json = ((ObjectNode) verdict.json()).deepCopy();
    ArrayNode all = json.putArray("terms");
    for (JobSpec spec : jobs) {
      text.append("\n").append(spec.name()).append(":\n").append(terms.text(spec));
      all.add(terms.json(spec));
    }
    return new Report(text.toString(), json);
  }

  /** One line about a spec, e.g. "render, batch of 24 units, 1 GPU per run". */
  static String describe(JobSpec spec) {
    String kind = spec.isBatch() ? "batch of " + spec.units() + " units" : "service";
    int gpus = spec.resources().gpu().count();
    return spec.name() + ", " + kind + ", " + (gpus == 0 ? "CPU only" : gpus + " GPU per run");
  }
}
