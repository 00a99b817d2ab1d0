package io.gridwork.protocol.spec;

import static io.gridwork.protocol.spec.FieldReader.at;
import static io.gridwork.protocol.spec.FieldReader.child;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gridwork.protocol.Amount;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The YAML form of a job spec, which buyers write by hand: sizes with units ({@code 8Gi}), CPU as
 * cores or millicores, amounts with their unit ({@code 0.05GRID}). Parsing reports every problem at
 * once, each with its path; unknown keys name the key they were probably meant to be.
 */
public final class JobSpecYaml {
  static final List<String> TOP_KEYS =
      List.of(
          "name",
          "units",
          "workload",
          "resources",
          "placement",
          "pricing",
          "inputs",
          "outputs",
          "limits",
          "network",
          "expose",
          "deterministic",
          "sla");
  private static final List<String> WORKLOAD_KEYS = List.of("process", "container");
  private static final List<String> PROCESS_KEYS = List.of("command", "env");
  private static final List<String> CONTAINER_KEYS = List.of("image", "command", "args", "env");
  private static final List<String> RESOURCE_KEYS = List.of("gpu", "cpu", "memory", "disk");
  private static final List<String> GPU_KEYS = List.of("count", "models", "minVram");
  private static final List<String> PLACEMENT_KEYS =
      List.of("regions", "tier", "attributes", "allowSimulated");
  private static final List<String> PRICING_KEYS =
      List.of("maxPricePerUnit", "maxPricePerGpuHour", "deposit");
  private static final List<String> INPUT_KEYS = List.of("name", "sha256", "size");
  private static final List<String> LIMIT_KEYS =
      List.of("unitTimeoutSeconds", "maxOutputBytesPerUnit");
  private static final List<String> EXPOSE_KEYS = List.of("port", "global");

  /** What a job gets when its spec leaves resources out: one core, 1 GiB of memory and disk. */
  public static final long DEFAULT_CPU_MILLIS = 1_000;

  public static final long DEFAULT_MEMORY_MIB = 1_024;
  public static final long DEFAULT_DISK_MIB = 1_024;

  private JobSpecYaml() {}

  /** Reads and validates a spec; never throws on bad input. */
  public static SpecResult parse(String yaml) {
    YamlTree.Parsed parsed = YamlTree.parse(yaml);
    if (parsed.problem().isPresent()) {
      return new SpecResult.Invalid(List.of(new SpecError("", parsed.problem().get())));
    }
    FieldReader in = new FieldReader();
    Optional<JsonNode> root = in.mapping(parsed.root(), "", TOP_KEYS);
    if (root.isEmpty()) {
      return new SpecResult.Invalid(in.errors());
    }
    JobSpec spec = read(in, root);
    List<SpecError> errors = new ArrayList<>(in.errors());
    for (SpecError e : JobSpecValidator.validate(spec)) {
      if (!in.hasFailed(e.path())) {
        errors.add(e);
      }
    }
    return errors.isEmpty() ? new SpecResult.Valid(spec) : new SpecResult.Invalid(errors);
  }

  private static JobSpec read(FieldReader in, Optional<JsonNode> root) {
    String name = in.requiredString(child(root, "name"), "name", "render-frames");
    JsonNode unitsNode = child(root, "units");
    Integer units = FieldReader.absent(unitsNode) ? null : in.integer32(unitsNode, "units", 1);
    Workload workload = readWorkload(in, child(root, "workload"));
    Resources resources = readResources(in, child(root, "resources"));
    Placement placement = readPlacement(in, child(root, "placement"));
    Optional<JsonNode> pricing = in.mapping(child(root, "pricing"), "pricing", PRICING_KEYS);
    if (pricing.isEmpty() && !in.hasFailed("pricing")) {
      in.error("pricing", "is required: say the most you pay and the deposit to hold in escrow");
    }
    Pricing price =
        new Pricing(
            in.amount(child(pricing, "maxPricePerUnit"), "pricing.maxPricePerUnit"),
            in.amount(child(pricing, "maxPricePerGpuHour"), "pricing.maxPricePerGpuHour"),
            in.amount(child(pricing, "deposit"), "pricing.deposit"));
    List<InputRef> inputs = readInputs(in, child(root, "inputs"));
    List<String> outputs = in.strings(child(root, "outputs"), "outputs");
    Optional<JsonNode> limits = in.mapping(child(root, "limits"), "limits", LIMIT_KEYS);
    Limits limit =
        new Limits(
            in.integer(
                child(limits, "unitTimeoutSeconds"),
                "limits.unitTimeoutSeconds",
                Limits.DEFAULT.unitTimeoutSeconds()),
            in.sizeBytes(
                child(limits, "maxOutputBytesPerUnit"),
                "limits.maxOutputBytesPerUnit",
                Limits.DEFAULT.maxOutputBytesPerUnit()));
    boolean network = in.bool(child(root, "network"), "network", false);
    List<ExposedPort> expose = readExpose(in, child(root, "expose"));
    boolean deterministic = in.bool(child(root, "deterministic"), "deterministic", units != null);
    SlaTier sla = tier(in, child(root, "sla"), "sla", SlaTier.BEST_EFFORT);
    return new JobSpec(
        name,
        units,
        workload,
        resources,
        placement,
        price,
        inputs,
        outputs,
        limit,
        network,
        expose,
        deterministic,
        sla);
  }

  private static Workload readWorkload(FieldReader in, JsonNode node) {
    Workload fallback = new ProcessWorkload(List.of(), new TreeMap<>());
    Optional<JsonNode> workload = in.mapping(node, "workload", WORKLOAD_KEYS);
    if (workload.isEmpty()) {
      if (!in.hasFailed("workload")) {
        in.error("workload", "is required: a process (command) or a container (image)");
      }
      return fallback;
    }
    JsonNode process = child(workload, "process");
    JsonNode container = child(workload, "container");
    if (process != null && container != null) {
      in.error("workload", "must be either process or container, not both");
      return fallback;
    }
    if (process != null) {
      Optional<JsonNode> p = in.mapping(process, "workload.process", PROCESS_KEYS);
      return new ProcessWorkload(
          in.strings(child(p, "command"), "workload.process.command"),
          in.stringMap(child(p, "env"), "workload.process.env"));
    }
    if (container != null) {
      Optional<JsonNode> c = in.mapping(container, "workload.container", CONTAINER_KEYS);
      return new ContainerWorkload(
          in.string(child(c, "image"), "workload.container.image", ""),
          in.strings(child(c, "command"), "workload.container.command"),
          in.strings(child(c, "args"), "workload.container.args"),
          in.stringMap(child(c, "env"), "workload.container.env"));
    }
    if (!in.hasFailed("workload")) {
      in.error("workload", "must contain process (a command) or container (an image)");
    }
    return fallback;
  }

  private static Resources readResources(FieldReader in, JsonNode node) {
    Optional<JsonNode> r = in.mapping(node, "resources", RESOURCE_KEYS);
    Optional<JsonNode> gpu = in.mapping(child(r, "gpu"), "resources.gpu", GPU_KEYS);
    GpuRequest request =
        new GpuRequest(
            in.integer32(child(gpu, "count"), "resources.gpu.count", 0),
            in.strings(child(gpu, "models"), "resources.gpu.models"),
            (int)
                Math.min(
                    Integer.MAX_VALUE,
                    in.sizeMib(child(gpu, "minVram"), "resources.gpu.minVram", 0)));
    return new Resources(
        request,
        in.cpuMillis(child(r, "cpu"), "resources.cpu", DEFAULT_CPU_MILLIS),
        in.sizeMib(child(r, "memory"), "resources.memory", DEFAULT_MEMORY_MIB),
        in.sizeMib(child(r, "disk"), "resources.disk", DEFAULT_DISK_MIB));
  }

  private static Placement readPlacement(FieldReader in, JsonNode node) {
    Optional<JsonNode> p = in.mapping(node, "placement", PLACEMENT_KEYS);
    return new Placement(
        in.strings(child(p, "regions"), "placement.regions"),
        tier(in, child(p, "tier"), "placement.tier", null),
        in.stringMap(child(p, "attributes"), "placement.attributes"),
        in.bool(child(p, "allowSimulated"), "placement.allowSimulated", false));
  }

  private static SlaTier tier(FieldReader in, JsonNode node, String path, SlaTier fallback) {
    if (FieldReader.absent(node)) {
      return fallback;
    }
    String text = in.string(node, path, "");
    Optional<SlaTier> tier = SlaTier.ofWireName(text);
    if (tier.isEmpty()) {
      in.error(path, "must be best-effort, standard or premium, got '" + text + "'");
      return fallback;
    }
    return tier.get();
  }

  private static List<InputRef> readInputs(FieldReader in, JsonNode node) {
    List<InputRef> inputs = new ArrayList<>();
    List<JsonNode> items = in.list(node, "inputs");
    for (int i = 0; i < items.size(); i++) {
      String path = at("inputs", i);
      Optional<JsonNode> item = in.mapping(items.get(i), path, INPUT_KEYS);
      if (item.isEmpty()) {
        if (FieldReader.absent(items.get(i))) {
          in.error(path, "must be a mapping of name, sha256 and size");
        }
        continue;
      }
      inputs.add(
          new InputRef(
              in.requiredString(child(item, "name"), at(path, "name"), "scene.blend"),
              in.hash(child(item, "sha256"), at(path, "sha256")),
              in.sizeBytes(child(item, "size"), at(path, "size"), 0)));
    }
    return inputs;
  }

  private static List<ExposedPort> readExpose(FieldReader in, JsonNode node) {
    List<ExposedPort> ports = new ArrayList<>();
    List<JsonNode> items = in.list(node, "expose");
    for (int i = 0; i < items.size(); i++) {
      String path = at("expose", i);
      Optional<JsonNode> item = in.mapping(items.get(i), path, EXPOSE_KEYS);
      if (item.isEmpty()) {
        if (FieldReader.absent(items.get(i))) {
          in.error(path, "must be a mapping of port and global");
        }
        continue;
      }
      JsonNode port = child(item, "port");
      if (FieldReader.absent(port)) {
        in.error(at(path, "port"), "is required, e.g. 8000");
      }
      ports.add(
          new ExposedPort(
              in.integer32(port, at(path, "port"), 0),
              in.bool(child(item, "global"), at(path, "global"), false)));
    }
    return ports;
  }

  /**
   * Renders a spec as YAML in the format {@link #parse} reads, with every value explicit and empty
   * lists left out; {@code parse(write(s))} gives back {@code s} for every valid spec.
   */
  public static String write(JobSpec spec) {
    return YamlTree.write(tree(spec));
  }

  /**
   * The tree {@link #write} renders: the same keys and values, for callers that serve a spec as
   * JSON and need not go through YAML text.
   */
  public static ObjectNode tree(JobSpec spec) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode root = f.objectNode();
    root.put("name", spec.name());
    if (spec.units() != null) {
      root.put("units", spec.units());
    }
    ObjectNode workload = root.putObject("workload");
    switch (spec.workload()) {
      case ProcessWorkload p -> {
        ObjectNode process = workload.putObject("process");
        putStrings(process, "command", p.command());
        putMap(process, "env", p.env());
      }
      case ContainerWorkload c -> {
        ObjectNode container = workload.putObject("container");
        container.put("image", c.image());
        putStrings(container, "command", c.command());
        putStrings(container, "args", c.args());
        putMap(container, "env", c.env());
      }
    }
    Resources r = spec.resources();
    ObjectNode resources = root.putObject("resources");
    if (r.gpu().count() != 0 || !r.gpu().models().isEmpty() || r.gpu().minVramMib() != 0) {
      ObjectNode gpu = resources.putObject("gpu");
      gpu.put("count", r.gpu().count());
      putStrings(gpu, "models", r.gpu().models());
      if (r.gpu().minVramMib() != 0) {
        gpu.put("minVram", Quantities.formatMib(r.gpu().minVramMib()));
      }
    }
    if (r.cpuMillis() % 1000 == 0) {
      resources.put("cpu", r.cpuMillis() / 1000);
    } else {
      resources.put("cpu", Quantities.formatCpu(r.cpuMillis()));
    }
    resources.put("memory", Quantities.formatMib(r.memoryMib()));
    resources.put("disk", Quantities.formatMib(r.diskMib()));
    Placement p = spec.placement();
    ObjectNode placement = root.putObject("placement");
    putStrings(placement, "regions", p.regions());
    if (p.tier() != null) {
      placement.put("tier", p.tier().wireName());
    }
    putMap(placement, "attributes", p.attributes());
    placement.put("allowSimulated", p.allowSimulated());
    ObjectNode pricing = root.putObject("pricing");
    if (spec.pricing().maxPricePerUnit() != 0) {
      pricing.put("maxPricePerUnit", Amount.format(spec.pricing().maxPricePerUnit()));
    }
    if (spec.pricing().maxPricePerGpuHour() != 0) {
      pricing.put("maxPricePerGpuHour", Amount.format(spec.pricing().maxPricePerGpuHour()));
    }
    pricing.put("deposit", Amount.format(spec.pricing().deposit()));
    if (!spec.inputs().isEmpty()) {
      ArrayNode inputs = root.putArray("inputs");
      for (InputRef input : spec.inputs()) {
        inputs
            .addObject()
            .put("name", input.name())
            .put("sha256", input.sha256().toHex())
            .put("size", input.sizeBytes());
      }
    }
    putStrings(root, "outputs", spec.outputs());
    root.putObject("limits")
        .put("unitTimeoutSeconds", spec.limits().unitTimeoutSeconds())
        .put(
            "maxOutputBytesPerUnit", Quantities.formatBytes(spec.limits().maxOutputBytesPerUnit()));
    root.put("network", spec.network());
    if (!spec.expose().isEmpty()) {
      ArrayNode expose = root.putArray("expose");
      for (ExposedPort port : spec.expose()) {
        expose.addObject().put("port", port.port()).put("global", port.global());
      }
    }
    root.put("deterministic", spec.deterministic());
    root.put("sla", spec.sla().wireName());
    return root;
  }

  private static void putStrings(ObjectNode parent, String key, List<String> values) {
    if (!values.isEmpty()) {
      ArrayNode array = parent.putArray(key);
      values.forEach(array::add);
    }
  }

  private static void putMap(ObjectNode parent, String key, SortedMap<String, String> map) {
    if (!map.isEmpty()) {
      ObjectNode object = parent.putObject(key);
      for (Map.Entry<String, String> e : map.entrySet()) {
        object.put(e.getKey(), e.getValue());
      }
    }
  }
}
