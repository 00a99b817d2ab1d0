package io.gridwork.protocol.spec;

import io.gridwork.protocol.Amount;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.regex.Pattern;

/**
 * Every rule a job spec must satisfy, in one place, so that the YAML reader, the SDL importer and
 * the ledger all accept exactly the same jobs. Returns every error, not just the first.
 */
public final class JobSpecValidator {
  public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  public static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  public static final Pattern REGION = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
  public static final Pattern ATTRIBUTE_KEY = Pattern.compile("[a-z0-9][a-z0-9._/-]{0,63}");

  public static final int MAX_UNITS = 100_000;
  public static final int MAX_GPUS = 64;
  public static final int MAX_GPU_MODELS = 16;
  public static final int MAX_GPU_MODEL_BYTES = 64;
  public static final int MAX_VRAM_MIB = 1 << 20;
  public static final long MAX_CPU_MILLIS = 1_024_000;
  public static final long MAX_MEMORY_MIB = 16L << 20;
  public static final long MAX_DISK_MIB = 256L << 20;
  public static final int MAX_ARGS = 256;
  public static final int MAX_ARG_BYTES = 8_192;
  public static final int MAX_IMAGE_BYTES = 512;
  public static final int MAX_ENV = 128;
  public static final int MAX_ENV_NAME_BYTES = 256;
  public static final int MAX_ENV_VALUE_BYTES = 4_096;
  public static final int MAX_REGIONS = 16;
  public static final int MAX_ATTRIBUTES = 32;
  public static final int MAX_ATTRIBUTE_VALUE_BYTES = 256;
  public static final int MAX_INPUTS = 256;
  public static final int MAX_OUTPUTS = 256;
  public static final int MAX_FILE_NAME_BYTES = 255;
  public static final long MAX_INPUT_BYTES = 1L << 40;
  public static final long MAX_UNIT_TIMEOUT_SECONDS = 7 * 24 * 3_600;
  public static final long MAX_OUTPUT_BYTES_PER_UNIT = 64L << 30;
  public static final int MAX_EXPOSED_PORTS = 16;

  private final List<SpecError> errors = new ArrayList<>();

  private JobSpecValidator() {}

  /** All the ways {@code spec} breaks the rules; empty when it is a valid job. */
  public static List<SpecError> validate(JobSpec spec) {
    JobSpecValidator v = new JobSpecValidator();
    v.check(spec);
    if (v.errors.isEmpty() && JobSpecCodec.encode(spec).length > JobSpecCodec.MAX_SPEC_BYTES) {
      v.error(
          "",
          "the spec is "
              + JobSpecCodec.encode(spec).length
              + " bytes when encoded, at most "
              + JobSpecCodec.MAX_SPEC_BYTES
              + "; move large data into inputs");
    }
    return List.copyOf(v.errors);
  }

  private void check(JobSpec spec) {
    if (!NAME.matcher(spec.name()).matches()) {
      error(
          "name",
          "must be 1 to 63 lower-case letters, digits or '-', starting with a letter or digit, got '"
              + spec.name()
              + "'");
    }
    if (spec.units() != null) {
      range("units", spec.units(), 1, MAX_UNITS);
    }
    checkWorkload(spec.workload());
    checkResources(spec.resources());
    checkPlacement(spec.placement());
    checkPricing(spec);
    checkInputs(spec.inputs());
    checkOutputs(spec.outputs());
    range(
        "limits.unitTimeoutSeconds",
        spec.limits().unitTimeoutSeconds(),
        1,
        MAX_UNIT_TIMEOUT_SECONDS);
    range(
        "limits.maxOutputBytesPerUnit",
        spec.limits().maxOutputBytesPerUnit(),
        1,
        MAX_OUTPUT_BYTES_PER_UNIT);
    checkExpose(spec);
  }

  private void checkWorkload(Workload workload) {
    switch (workload) {
      case ProcessWorkload p -> {
        if (p.command().isEmpty()) {
          error(
              "workload.process.command", "must name the program to run, e.g. [python3, train.py]");
        } else if (p.command().getFirst().isBlank()) {
          error("workload.process.command[0]", "the program name must not be empty");
        }
        checkArgs("workload.process.command", p.command());
      }
      case ContainerWorkload c -> {
        if (c.image().isBlank()) {
          error("workload.container.image", "must name an image, e.g. vllm/vllm-openai:v0.6.2");
        } else if (c.image().chars().anyMatch(Character::isWhitespace)) {
          error("workload.container.image", "must not contain spaces, got '" + c.image() + "'");
        } else {
          maxBytes("workload.container.image", c.image(), MAX_IMAGE_BYTES);
        }
        checkArgs("workload.container.command", c.command());
        checkArgs("workload.container.args", c.args());
      }
    }
    String prefix =
        workload instanceof ProcessWorkload ? "workload.process.env" : "workload.container.env";
    checkEnv(prefix, workload.env());
  }

  private void checkArgs(String path, List<String> args) {
    if (args.size() > MAX_ARGS) {
      error(path, "has " + args.size() + " entries, at most " + MAX_ARGS);
      return;
    }
    for (int i = 0; i < args.size(); i++) {
      maxBytes(path + "[" + i + "]", args.get(i), MAX_ARG_BYTES);
    }
  }

  private void checkEnv(String path, SortedMap<String, String> env) {
    if (env.size() > MAX_ENV) {
      error(path, "has " + env.size() + " variables, at most " + MAX_ENV);
      return;
    }
    for (Map.Entry<String, String> e : env.entrySet()) {
      String at = path + "." + e.getKey();
      if (!ENV_NAME.matcher(e.getKey()).matches()) {
        error(
            at,
            "'"
                + e.getKey()
                + "' is not a variable name: use letters, digits and '_', not starting with a digit");
      } else {
        maxBytes(at, e.getKey(), MAX_ENV_NAME_BYTES);
      }
      maxBytes(at, e.getValue(), MAX_ENV_VALUE_BYTES);
    }
  }

  private void checkResources(Resources r) {
    GpuRequest gpu = r.gpu();
    range("resources.gpu.count", gpu.count(), 0, MAX_GPUS);
    if (gpu.models().size() > MAX_GPU_MODELS) {
      error(
          "resources.gpu.models",
          "lists " + gpu.models().size() + " models, at most " + MAX_GPU_MODELS);
    } else {
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < gpu.models().size(); i++) {
        String model = gpu.models().get(i);
        String at = "resources.gpu.models[" + i + "]";
        if (model.isBlank()) {
          error(at, "must not be empty");
        } else if (!seen.add(model)) {
          error(at, "'" + model + "' is listed twice");
        } else {
          maxBytes(at, model, MAX_GPU_MODEL_BYTES);
        }
      }
    }
    range("resources.gpu.minVram", gpu.minVramMib(), 0, MAX_VRAM_MIB);
    if (gpu.count() == 0 && (!gpu.models().isEmpty() || gpu.minVramMib() > 0)) {
      error("resources.gpu", "models and minVram only make sense with a count of at least 1");
    }
    range("resources.cpu", r.cpuMillis(), 1, MAX_CPU_MILLIS);
    range("resources.memory", r.memoryMib(), 1, MAX_MEMORY_MIB);
    range("resources.disk", r.diskMib(), 0, MAX_DISK_MIB);
  }

  private void checkPlacement(Placement p) {
    if (p.regions().size() > MAX_REGIONS) {
      error(
          "placement.regions", "lists " + p.regions().size() + " regions, at most " + MAX_REGIONS);
    } else {
      for (int i = 0; i < p.regions().size(); i++) {
        String region = p.regions().get(i);
        if (!REGION.matcher(region).matches()) {
          error(
              "placement.regions[" + i + "]",
              "'" + region + "' is not a region name: lower-case letters, digits and '-'");
        }
      }
    }
    if (p.attributes().size() > MAX_ATTRIBUTES) {
      error(
          "placement.attributes",
          "has " + p.attributes().size() + " attributes, at most " + MAX_ATTRIBUTES);
      return;
    }
    for (Map.Entry<String, String> e : p.attributes().entrySet()) {
      String at = "placement.attributes." + e.getKey();
      if (!ATTRIBUTE_KEY.matcher(e.getKey()).matches()) {
        error(
            at,
            "'"
                + e.getKey()
                + "' is not an attribute key: lower-case letters, digits and . _ / -, at most 64");
      }
      maxBytes(at, e.getValue(), MAX_ATTRIBUTE_VALUE_BYTES);
    }
  }

  private void checkPricing(JobSpec spec) {
    Pricing p = spec.pricing();
    if (spec.isBatch()) {
      if (p.maxPricePerUnit() <= 0) {
        error(
            "pricing.maxPricePerUnit",
            "batch jobs need a maximum price per unit above 0, e.g. 0.05GRID");
      }
      if (p.maxPricePerGpuHour() != 0) {
        error(
            "pricing.maxPricePerGpuHour",
            "applies to services only; batch jobs are priced per unit with maxPricePerUnit");
      }
    } else {
      if (p.maxPricePerGpuHour() <= 0) {
        error(
            "pricing.maxPricePerGpuHour",
            "services need a maximum price per GPU-hour above 0, e.g. 1.2GRID");
      }
      if (p.maxPricePerUnit() != 0) {
        error(
            "pricing.maxPricePerUnit",
            "applies to batch jobs only; services are priced per GPU-hour with maxPricePerGpuHour");
      }
    }
    if (p.deposit() <= 0) {
      error("pricing.deposit", "must be above 0: it is held in escrow to pay providers");
      return;
    }
    if (spec.isBatch() && spec.units() >= 1 && p.maxPricePerUnit() > 0) {
      minimumDeposit(
          p.deposit(),
          productOrMax(spec.units(), p.maxPricePerUnit()),
          "units × maxPricePerUnit = " + spec.units() + " × " + Amount.format(p.maxPricePerUnit()));
    }
    if (!spec.isBatch() && p.maxPricePerGpuHour() > 0) {
      int gpus = Math.max(1, spec.resources().gpu().count());
      minimumDeposit(
          p.deposit(),
          productOrMax(gpus, p.maxPricePerGpuHour()),
          "one hour of " + gpus + " GPU(s) at " + Amount.format(p.maxPricePerGpuHour()));
    }
  }

  private static long productOrMax(long a, long b) {
    try {
      return Math.multiplyExact(a, b);
    } catch (ArithmeticException e) {
      // No deposit can reach a minimum that does not fit in a long; saying so is the error.
      return Long.MAX_VALUE;
    }
  }

  private void minimumDeposit(long deposit, long minimum, String why) {
    if (deposit < minimum) {
      String min = minimum == Long.MAX_VALUE ? "more than can be held" : Amount.format(minimum);
      error(
          "pricing.deposit",
          "must be at least " + min + " (" + why + "), got " + Amount.format(deposit));
    }
  }

  private void checkInputs(List<InputRef> inputs) {
    if (inputs.size() > MAX_INPUTS) {
      error("inputs", "lists " + inputs.size() + " inputs, at most " + MAX_INPUTS);
      return;
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < inputs.size(); i++) {
      InputRef in = inputs.get(i);
      String at = "inputs[" + i + "]";
      if (fileName(at + ".name", in.name()) && !names.add(in.name())) {
        error(at + ".name", "'" + in.name() + "' is listed twice");
      }
      range(at + ".size", in.sizeBytes(), 0, MAX_INPUT_BYTES);
    }
  }

  private void checkOutputs(List<String> outputs) {
    if (outputs.size() > MAX_OUTPUTS) {
      error("outputs", "lists " + outputs.size() + " files, at most " + MAX_OUTPUTS);
      return;
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < outputs.size(); i++) {
      String at = "outputs[" + i + "]";
      if (fileName(at, outputs.get(i)) && !names.add(outputs.get(i))) {
        error(at, "'" + outputs.get(i) + "' is listed twice");
      }
    }
  }

  /** A relative path that stays inside the job's directory. */
  private boolean fileName(String path, String name) {
    if (name.isEmpty()) {
      error(path, "must not be empty");
      return false;
    }
    if (name.startsWith("/") || name.startsWith("\\")) {
      error(path, "'" + name + "' must be relative to the job directory, not absolute");
      return false;
    }
    for (String part : name.split("[/\\\\]", -1)) {
      if (part.equals("..")) {
        error(path, "'" + name + "' must not contain '..': files stay inside the job directory");
        return false;
      }
    }
    if (name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      error(path, "'" + name.strip() + "' must not contain control characters");
      return false;
    }
    return maxBytes(path, name, MAX_FILE_NAME_BYTES);
  }

  private void checkExpose(JobSpec spec) {
    List<ExposedPort> ports = spec.expose();
    if (ports.isEmpty()) {
      return;
    }
    if (spec.isBatch()) {
      error("expose", "only services expose ports; batch units run to completion");
      return;
    }
    if (ports.size() > MAX_EXPOSED_PORTS) {
      error("expose", "lists " + ports.size() + " ports, at most " + MAX_EXPOSED_PORTS);
      return;
    }
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < ports.size(); i++) {
      int port = ports.get(i).port();
      String at = "expose[" + i + "].port";
      if (range(at, port, 1, 65_535) && !seen.add(port)) {
        error(at, "port " + port + " is listed twice");
      }
    }
  }

  private boolean range(String path, long value, long min, long max) {
    if (value < min) {
      error(path, "must be at least " + min + ", got " + value);
      return false;
    }
    if (value > max) {
      error(path, "must be at most " + max + ", got " + value);
      return false;
    }
    return true;
  }

  private boolean maxBytes(String path, String value, int max) {
    int length = value.getBytes(StandardCharsets.UTF_8).length;
    if (length > max) {
      error(path, "is " + length + " bytes long, at most " + max);
      return false;
    }
    return true;
  }

  private void error(String path, String message) {
    errors.add(new SpecError(path, message));
  }
}
