package io.gridwork.protocol.spec;

import com.fasterxml.jackson.databind.JsonNode;
import io.gridwork.protocol.Amount;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Translates Akash SDL v2 deployment files into Gridwork service jobs, so that people moving from
 * Akash can bring the files they have. Everything that maps is translated; whatever changes meaning
 * on the way is noted; only what cannot work on Gridwork is refused, naming the SDL feature.
 */
public final class AkashSdl {
  /**
   * Akash produces a block about every six seconds; SDL prices are per block, Gridwork's per hour.
   */
  public static final long BLOCKS_PER_HOUR = 600;

  /**
   * The fixed exchange rate applied to every accepted denomination: one micro-unit (uakt, uact or
   * an IBC token's base unit) is priced as one ugrid. There is no price oracle on the ledger, so a
   * fixed, documented rate is more honest than a guessed market rate; buyers can edit the result.
   */
  public static final long UGRID_PER_MICRO_DENOM = 1;

  /** How many hours of the maximum price the deposit of an imported service covers. */
  public static final long DEFAULT_DEPOSIT_HOURS = 24;

  /** More replicas than this are refused rather than turned into a flood of jobs. */
  public static final int MAX_REPLICAS = 16;

  private static final Set<String> VERSIONS = Set.of("2", "2.0", "2.1");
  private static final Pattern AKASH_VARIABLE = Pattern.compile("\\$\\{?AKASH_[A-Z0-9_]*\\}?");

  private final List<String> notes = new ArrayList<>();
  private final List<SdlRefusal> refusals = new ArrayList<>();

  private AkashSdl() {}

  /** Translates an SDL file; never throws on bad input. */
  public static SdlImport translate(String yaml) {
    AkashSdl sdl = new AkashSdl();
    List<JobSpec> jobs = sdl.translateDocument(yaml);
    return new SdlImport(sdl.refusals.isEmpty() ? jobs : List.of(), sdl.notes, sdl.refusals);
  }

  private List<JobSpec> translateDocument(String yaml) {
    YamlTree.Parsed parsed = YamlTree.parse(yaml);
    if (parsed.problem().isPresent()) {
      refuse("", parsed.problem().get());
      return List.of();
    }
    JsonNode root = parsed.root();
    if (!root.isObject()) {
      refuse("", "an SDL file is a mapping with version, services, profiles and deployment");
      return List.of();
    }
    String version = text(root.get("version"));
    if (version == null || !VERSIONS.contains(version)) {
      refuse(
          "version",
          "SDL version '" + version + "' is not supported; Gridwork reads version 2.0 and 2.1");
      return List.of();
    }
    for (String key : names(root)) {
      switch (key) {
        case "version", "services", "profiles", "deployment" -> {}
        case "endpoints" ->
            refuse(
                "endpoints",
                "leased IP endpoints are not offered by Gridwork providers; expose a global port"
                    + " instead");
        default -> note(key, "not an SDL v2 section Gridwork knows; ignored");
      }
    }
    JsonNode services = mapping(root, "services");
    JsonNode compute = mapping(mapping(root, "profiles"), "compute");
    JsonNode placements = mapping(mapping(root, "profiles"), "placement");
    JsonNode deployment = mapping(root, "deployment");
    if (services == null || compute == null || placements == null || deployment == null) {
      refuse(
          "",
          "an SDL file needs services, profiles.compute, profiles.placement and deployment"
              + " mappings");
      return List.of();
    }
    Set<String> deployed = new HashSet<>(names(deployment));
    for (String service : names(services)) {
      checkLinks(service, services.get(service), deployed);
      if (!deployed.contains(service)) {
        note("services." + service, "not listed under deployment, so no job is made for it");
      }
    }
    List<JobSpec> jobs = new ArrayList<>();
    Set<String> jobNames = new HashSet<>();
    for (String service : names(deployment)) {
      JsonNode groups = deployment.get(service);
      String path = "deployment." + service;
      if (groups == null || !groups.isObject() || groups.isEmpty()) {
        refuse(path, "must map a placement name to a profile and count");
        continue;
      }
      JsonNode serviceNode = services.get(service);
      if (serviceNode == null || !serviceNode.isObject()) {
        refuse(path, "deploys service '" + service + "', which is not defined under services");
        continue;
      }
      for (String placementName : names(groups)) {
        String baseName = groups.size() == 1 ? service : service + "-" + placementName;
        jobs.addAll(
            translateGroup(
                service,
                serviceNode,
                placementName,
                groups.get(placementName),
                compute,
                placements,
                jobName(baseName, jobNames)));
      }
    }
    return jobs;
  }

  private List<JobSpec> translateGroup(
      String service,
      JsonNode serviceNode,
      String placementName,
      JsonNode group,
      JsonNode compute,
      JsonNode placements,
      String name) {
    String path = "deployment." + service + "." + placementName;
    String profile = text(group == null ? null : group.get("profile"));
    if (profile == null) {
      refuse(path + ".profile", "must name a compute profile");
      return List.of();
    }
    JsonNode computeProfile = compute.get(profile);
    if (computeProfile == null || !computeProfile.isObject()) {
      refuse(path + ".profile", "names compute profile '" + profile + "', which is not defined");
      return List.of();
    }
    JsonNode placement = placements.get(placementName);
    if (placement == null || !placement.isObject()) {
      refuse(path, "names placement '" + placementName + "', which is not defined");
      return List.of();
    }
    long count = 1;
    JsonNode countNode = group.get("count");
    if (countNode != null && !countNode.isNull()) {
      if (!countNode.canConvertToLong()
          || !countNode.isIntegralNumber()
          || countNode.asLong() < 1) {
        refuse(path + ".count", "must be a whole number of replicas, at least 1");
        return List.of();
      }
      count = countNode.asLong();
    }
    if (count > MAX_REPLICAS) {
      refuse(
          path + ".count",
          count
              + " replicas would become "
              + count
              + " separate jobs; Gridwork imports at most "
              + MAX_REPLICAS
              + ", so lower the count or create the jobs from one spec");
      return List.of();
    }
    int refusalsBefore = refusals.size();
    ContainerWorkload workload = workload(service, serviceNode);
    List<ExposedPort> expose = expose(service, serviceNode);
    Resources resources = resources("profiles.compute." + profile, computeProfile);
    Placement where = placement("profiles.placement." + placementName, placement);
    Pricing pricing =
        pricing(
            "profiles.placement." + placementName + ".pricing." + profile,
            placement.get("pricing") == null ? null : placement.get("pricing").get(profile),
            resources == null ? 0 : resources.gpu().count());
    if (refusals.size() > refusalsBefore
        || workload == null
        || resources == null
        || where == null
        || pricing == null) {
      return List.of();
    }
    if (count > 1) {
      note(path + ".count", count + " replicas become " + count + " independent service jobs");
    }
    List<JobSpec> jobs = new ArrayList<>();
    for (long replica = 1; replica <= count; replica++) {
      String jobName = count == 1 ? name : truncate(name, 60) + "-" + replica;
      JobSpec spec =
          new JobSpec(
              jobName,
              null,
              workload,
              resources,
              where,
              pricing,
              List.of(),
              List.of(),
              Limits.DEFAULT,
              true,
              expose,
              false,
              // Akash leases promise no uptime, so the translated job asks for none either.
              SlaTier.BEST_EFFORT);
      List<SpecError> errors = JobSpecValidator.validate(spec);
      for (SpecError e : errors) {
        refuse(
            sdlPath(e.path(), service, profile, placementName),
            "translates to an invalid Gridwork job: " + e);
      }
      if (!errors.isEmpty()) {
        return List.of();
      }
      jobs.add(spec);
    }
    return jobs;
  }

  /** Inter-service links cannot work: Gridwork jobs run on different providers, unnetworked. */
  private void checkLinks(String service, JsonNode serviceNode, Set<String> deployed) {
    List<JsonNode> exposes = list(serviceNode == null ? null : serviceNode.get("expose"));
    Set<String> refusedTargets = new HashSet<>();
    for (int i = 0; i < exposes.size(); i++) {
      JsonNode entry = exposes.get(i);
      for (JsonNode to : list(entry.get("to"))) {
        String target = text(to.get("service"));
        if (target == null) {
          continue;
        }
        String path = "services." + service + ".expose[" + i + "].to.service";
        String port = text(entry.get("port"));
        if (!deployed.contains(target)) {
          note(
              path,
              "links port "
                  + port
                  + " to '"
                  + target
                  + "', which is not deployed; the link is dropped as nothing could use it");
        } else if (refusedTargets.add(target)) {
          refuse(
              path,
              "opens port "
                  + port
                  + " to service '"
                  + target
                  + "': Gridwork runs each service as its own job on its own provider, and jobs"
                  + " do not network with each other, so '"
                  + target
                  + "' could not reach '"
                  + service
                  + "'. Run them in one container, or connect them through global ports");
        }
      }
    }
  }

  private ContainerWorkload workload(String service, JsonNode node) {
    String path = "services." + service;
    for (String key : names(node)) {
      switch (key) {
        case "image", "command", "args", "env", "expose" -> {}
        case "params" -> params(path + ".params", node.get("params"));
        case "credentials" ->
            refuse(
                path + ".credentials",
                "private registry credentials cannot be passed to Gridwork providers yet; publish"
                    + " the image to a public registry");
        case "dependencies" ->
            note(path + ".dependencies", "start-order dependencies are not needed for one job");
        default -> note(path + "." + key, "not an SDL service field Gridwork knows; ignored");
      }
    }
    String image = text(node.get("image"));
    if (image == null || image.isBlank()) {
      refuse(path + ".image", "every service needs a container image");
      return null;
    }
    return new ContainerWorkload(
        image,
        strings(path + ".command", node.get("command")),
        strings(path + ".args", node.get("args")),
        env(path + ".env", node.get("env")));
  }

  private void params(String path, JsonNode params) {
    for (String key : names(params)) {
      if (!key.equals("storage")) {
        note(path + "." + key, "not an SDL parameter Gridwork knows; ignored");
        continue;
      }
      JsonNode storage = params.get("storage");
      for (String volume : names(storage)) {
        String mount = text(storage.get(volume) == null ? null : storage.get(volume).get("mount"));
        note(
            path + ".storage." + volume,
            "volume '"
                + volume
                + "' is not mounted at "
                + mount
                + "; its size is added to the job's one scratch disk and the image's own"
                + " filesystem holds what is written there");
      }
    }
  }

  private List<String> strings(String path, JsonNode node) {
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (node.isValueNode()) {
      return List.of(node.asText());
    }
    List<String> values = new ArrayList<>();
    for (JsonNode item : list(node)) {
      if (item.isValueNode() && !item.isNull()) {
        values.add(item.asText());
      } else {
        refuse(path, "must be a list of strings");
        return List.of();
      }
    }
    return values;
  }

  private SortedMap<String, String> env(String path, JsonNode node) {
    SortedMap<String, String> env = new TreeMap<>();
    List<JsonNode> entries = list(node);
    for (int i = 0; i < entries.size(); i++) {
      JsonNode entry = entries.get(i);
      String at = path + "[" + i + "]";
      if (!entry.isValueNode() || entry.isNull()) {
        refuse(at, "must be a KEY=VALUE string");
        continue;
      }
      String text = entry.asText();
      int eq = text.indexOf('=');
      String key = eq < 0 ? text.strip() : text.substring(0, eq).strip();
      String value = eq < 0 ? "" : text.substring(eq + 1);
      if (eq < 0) {
        note(at, "'" + key + "' has no '=', so it is set to the empty string");
      }
      if (env.containsKey(key)) {
        note(at, key + " is set twice; the later value wins, as in Akash");
      }
      if (AKASH_VARIABLE.matcher(value).find()) {
        note(
            at,
            key
                + " refers to an AKASH_ variable, which Gridwork providers do not set; the text is"
                + " passed through unchanged");
      }
      env.put(key, value);
    }
    return env;
  }

  private List<ExposedPort> expose(String service, JsonNode node) {
    Map<Integer, Boolean> ports = new LinkedHashMap<>();
    List<JsonNode> entries = list(node.get("expose"));
    for (int i = 0; i < entries.size(); i++) {
      JsonNode entry = entries.get(i);
      String path = "services." + service + ".expose[" + i + "]";
      JsonNode portNode = entry.get("port");
      if (portNode == null || !portNode.isIntegralNumber()) {
        refuse(path + ".port", "must be a port number");
        continue;
      }
      int port = portNode.asInt();
      String proto = text(entry.get("proto"));
      if (proto != null && !proto.equalsIgnoreCase("tcp") && !proto.equalsIgnoreCase("http")) {
        refuse(path + ".proto", "Gridwork exposes TCP ports only, not " + proto);
        continue;
      }
      JsonNode as = entry.get("as");
      if (as != null && as.asInt() != port) {
        note(
            path + ".as",
            "port "
                + port
                + " was published as "
                + as.asText()
                + " on Akash; Gridwork publishes the container port and the provider assigns the"
                + " public address");
      }
      if (entry.has("accept")) {
        note(path + ".accept", "custom host names are not routed by Gridwork providers; ignored");
      }
      if (entry.has("http_options")) {
        note(path + ".http_options", "HTTP proxy options are not configurable; ignored");
      }
      if (entry.has("ip")) {
        refuse(path + ".ip", "leased IP endpoints are not offered by Gridwork providers");
        continue;
      }
      boolean global = false;
      for (JsonNode to : list(entry.get("to"))) {
        global |= to.path("global").asBoolean(false);
      }
      ports.merge(port, global, Boolean::logicalOr);
    }
    List<ExposedPort> result = new ArrayList<>();
    ports.forEach((port, global) -> result.add(new ExposedPort(port, global)));
    return result;
  }

  private Resources resources(String path, JsonNode profile) {
    JsonNode r = profile.get("resources");
    if (r == null || !r.isObject()) {
      refuse(path + ".resources", "every compute profile needs resources");
      return null;
    }
    String at = path + ".resources";
    long cpu = JobSpecYaml.DEFAULT_CPU_MILLIS;
    JsonNode cpuUnits = r.path("cpu").get("units");
    if (cpuUnits == null) {
      note(at + ".cpu.units", "missing; one CPU core is requested");
    } else {
      Optional<Long> millis = Quantities.cpuMillis(cpuUnits.asText());
      if (millis.isEmpty()) {
        refuse(
            at + ".cpu.units", "'" + cpuUnits.asText() + "' is not a CPU count like 0.5 or 500m");
        return null;
      }
      cpu = millis.get();
    }
    if (r.path("cpu").has("attributes")) {
      note(at + ".cpu.attributes", "CPU attributes are not matched by Gridwork; ignored");
    }
    Optional<Long> memory = size(at + ".memory.size", r.path("memory").get("size"));
    if (memory.isEmpty()) {
      return null;
    }
    long disk = 0;
    List<JsonNode> volumes =
        r.path("storage").isArray() ? list(r.get("storage")) : singleton(r.get("storage"));
    for (int i = 0; i < volumes.size(); i++) {
      JsonNode volume = volumes.get(i);
      String vat = at + ".storage" + (r.get("storage").isArray() ? "[" + i + "]" : "");
      Optional<Long> size = size(vat + ".size", volume.get("size"));
      if (size.isEmpty()) {
        return null;
      }
      disk = Math.addExact(disk, size.get());
      JsonNode attributes = volume.path("attributes");
      String name = text(volume.get("name"));
      if (attributes.path("persistent").asBoolean(false)) {
        note(
            vat,
            "persistent volume '"
                + name
                + "' ("
                + Quantities.formatMib(size.get())
                + ") becomes scratch disk: Gridwork keeps no data after a lease ends");
      } else if ("ram".equals(text(attributes.get("class")))) {
        note(
            vat,
            "memory-backed volume '"
                + name
                + "' ("
                + Quantities.formatMib(size.get())
                + ") is counted as scratch disk");
      }
    }
    if (volumes.size() > 1) {
      note(
          at + ".storage",
          volumes.size()
              + " volumes are summed into one scratch disk of "
              + Quantities.formatMib(disk));
    }
    GpuRequest gpu = gpu(at + ".gpu", r.get("gpu"));
    if (gpu == null) {
      return null;
    }
    return new Resources(gpu, cpu, memory.get(), disk);
  }

  private GpuRequest gpu(String path, JsonNode node) {
    if (node == null || node.isNull()) {
      return GpuRequest.NONE;
    }
    JsonNode units = node.get("units");
    if (units == null || !units.isIntegralNumber() && !units.isTextual()) {
      refuse(path + ".units", "must be a whole number of GPUs");
      return null;
    }
    int count;
    try {
      count = Integer.parseInt(units.asText().strip());
    } catch (NumberFormatException e) {
      refuse(path + ".units", "'" + units.asText() + "' is not a whole number of GPUs");
      return null;
    }
    JsonNode vendors = node.path("attributes").path("vendor");
    List<String> models = new ArrayList<>();
    int minVram = 0;
    boolean everyModelHasRam = true;
    for (String vendor : names(vendors)) {
      String vpath = path + ".attributes.vendor." + vendor;
      if (!vendor.equals("nvidia")) {
        refuse(
            vpath,
            "Gridwork providers advertise NVIDIA GPUs only; the runtime has no "
                + vendor
                + " support");
        return null;
      }
      List<JsonNode> entries = list(vendors.get(vendor));
      for (int i = 0; i < entries.size(); i++) {
        JsonNode entry = entries.get(i);
        String model = text(entry.get("model"));
        if (model == null) {
          refuse(vpath + "[" + i + "].model", "each listed GPU needs a model");
          return null;
        }
        if (!models.contains(model)) {
          models.add(model);
        }
        JsonNode ram = entry.get("ram");
        if (ram == null) {
          everyModelHasRam = false;
        } else {
          Optional<Long> mib = size(vpath + "[" + i + "].ram", ram);
          if (mib.isEmpty()) {
            return null;
          }
          int vram = (int) Math.min(Integer.MAX_VALUE, mib.get());
          minVram = minVram == 0 ? vram : Math.min(minVram, vram);
        }
        if (entry.has("interface")) {
          note(vpath + "[" + i + "].interface", "PCIe and SXM cards are not told apart; ignored");
        }
      }
    }
    if (!everyModelHasRam && minVram > 0) {
      note(
          path + ".attributes",
          "some models give no ram, so no minimum GPU memory is required of any of them");
      minVram = 0;
    }
    if (count > 0 && models.isEmpty()) {
      note(path + ".attributes", "no GPU model listed, so any NVIDIA model is accepted");
    }
    return new GpuRequest(count, models, minVram);
  }

  private Placement placement(String path, JsonNode node) {
    List<String> regions = new ArrayList<>();
    SlaTier tier = null;
    SortedMap<String, String> attributes = new TreeMap<>();
    JsonNode attrs = node.get("attributes");
    Map<String, String> pairs = new LinkedHashMap<>();
    if (attrs != null && attrs.isObject()) {
      for (String key : names(attrs)) {
        pairs.put(key, attrs.get(key).asText());
      }
    } else {
      for (JsonNode pair : list(attrs)) {
        String key = text(pair.get("key"));
        if (key != null) {
          pairs.put(key, pair.path("value").asText());
        }
      }
    }
    for (Map.Entry<String, String> e : pairs.entrySet()) {
      String at = path + ".attributes." + e.getKey();
      String value = e.getValue();
      switch (e.getKey()) {
        case "region" -> regions.add(value.toLowerCase(Locale.ROOT));
        case "tier" -> {
          Optional<SlaTier> t = SlaTier.ofWireName(value);
          if (t.isPresent()) {
            tier = t.get();
          } else {
            note(
                at,
                "Akash tier '"
                    + value
                    + "' has no Gridwork counterpart (best-effort, standard, premium); any tier"
                    + " may bid");
          }
        }
        case "host" -> {
          if (value.equals("akash")) {
            note(at, "'host: akash' selects Akash's own providers; dropped");
          } else {
            attributes.put("host", value);
          }
        }
        default -> attributes.put(e.getKey(), value);
      }
    }
    if (node.has("signedBy")) {
      // Refusing would turn away most published SDL files for a preference Gridwork secures by
      // other means: provider stake is slashed for lost or wrong work whoever audited the host.
      note(
          path + ".signedBy",
          "provider attestations do not exist in Gridwork, so any staked provider may bid;"
              + " results of deterministic units are spot-checked by re-execution, and cheating"
              + " or vanishing costs a provider its stake. Set 'sla: premium' in the translated"
              + " job for the strongest uptime promise");
    }
    for (String key : names(node)) {
      if (!Set.of("attributes", "signedBy", "pricing").contains(key)) {
        note(path + "." + key, "not an SDL placement field Gridwork knows; ignored");
      }
    }
    return new Placement(regions, tier, attributes, false);
  }

  private Pricing pricing(String path, JsonNode node, int gpus) {
    if (node == null || !node.isObject()) {
      refuse(path, "every deployed profile needs a price (denom and amount per block)");
      return null;
    }
    String denom = text(node.get("denom"));
    if (denom == null
        || !(denom.equals("uakt") || denom.equals("uact") || denom.startsWith("ibc/"))) {
      refuse(
          path + ".denom",
          "'"
              + denom
              + "' is not a denomination Gridwork converts; use uakt, uact or an ibc/ denom");
      return null;
    }
    String amountText = text(node.get("amount"));
    BigDecimal perBlock;
    try {
      perBlock = new BigDecimal(amountText == null ? "" : amountText.strip());
    } catch (NumberFormatException e) {
      refuse(path + ".amount", "'" + amountText + "' is not a number of " + denom + " per block");
      return null;
    }
    if (perBlock.signum() <= 0) {
      refuse(path + ".amount", "must be above 0 " + denom + " per block");
      return null;
    }
    int perHourGpus = Math.max(1, gpus);
    BigDecimal perGpuHour =
        perBlock
            .multiply(BigDecimal.valueOf(BLOCKS_PER_HOUR * UGRID_PER_MICRO_DENOM))
            .divide(BigDecimal.valueOf(perHourGpus), 0, RoundingMode.CEILING);
    BigDecimal deposit =
        perGpuHour.multiply(BigDecimal.valueOf(perHourGpus * DEFAULT_DEPOSIT_HOURS));
    if (deposit.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      refuse(path + ".amount", amountText + " " + denom + " per block is too large to convert");
      return null;
    }
    long price = perGpuHour.longValueExact();
    long escrow = deposit.longValueExact();
    note(
        path,
        amountText
            + " "
            + denom
            + " per block becomes maxPricePerGpuHour "
            + Amount.format(price)
            + " at a fixed rate of "
            + BLOCKS_PER_HOUR
            + " blocks per hour and "
            + (denom.startsWith("ibc/") ? "1 base unit of " : "1 ")
            + denom
            + " = "
            + UGRID_PER_MICRO_DENOM
            + " ugrid"
            + (gpus > 1 ? ", shared over " + gpus + " GPUs" : "")
            + "; the deposit of "
            + Amount.format(escrow)
            + " covers "
            + DEFAULT_DEPOSIT_HOURS
            + " hours");
    return new Pricing(0, price, escrow);
  }

  private Optional<Long> size(String path, JsonNode node) {
    if (node == null || !node.isValueNode()) {
      refuse(path, "a size such as 512Mi or 10Gi is required");
      return Optional.empty();
    }
    Optional<Long> bytes = Quantities.bytes(node.asText());
    if (bytes.isEmpty() || !Quantities.hasUnit(node.asText()) && bytes.get() < Quantities.MIB) {
      refuse(path, "'" + node.asText() + "' is not a size such as 512Mi, 1Gi or 10G");
      return Optional.empty();
    }
    return Optional.of(Quantities.toMibCeil(bytes.get()));
  }

  /** Points a validation error on the translated job back at the SDL that produced it. */
  private static String sdlPath(String jobPath, String service, String profile, String placement) {
    String resources = "profiles.compute." + profile + ".resources";
    if (jobPath.startsWith("resources.gpu")) {
      return resources + ".gpu";
    }
    if (jobPath.startsWith("resources.cpu")) {
      return resources + ".cpu.units";
    }
    if (jobPath.startsWith("resources.memory")) {
      return resources + ".memory.size";
    }
    if (jobPath.startsWith("resources.disk")) {
      return resources + ".storage";
    }
    if (jobPath.startsWith("pricing")) {
      return "profiles.placement." + placement + ".pricing." + profile;
    }
    if (jobPath.startsWith("placement")) {
      return "profiles.placement." + placement + ".attributes";
    }
    if (jobPath.startsWith("workload.container.env")) {
      return "services." + service + ".env";
    }
    if (jobPath.startsWith("workload.container.command")) {
      return "services." + service + ".command";
    }
    if (jobPath.startsWith("workload.container.args")) {
      return "services." + service + ".args";
    }
    if (jobPath.startsWith("workload.container.image")) {
      return "services." + service + ".image";
    }
    if (jobPath.startsWith("expose")) {
      return "services." + service + ".expose";
    }
    return "services." + service;
  }

  /** A valid, unique job name made from an SDL service name. */
  private static String jobName(String base, Set<String> taken) {
    String name =
        base.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("^-+", "");
    name = truncate(name.isEmpty() ? "service" : name, 60);
    String candidate = name;
    for (int n = 2; !taken.add(candidate); n++) {
      candidate = name + "-" + n;
    }
    return candidate;
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }

  private static JsonNode mapping(JsonNode parent, String key) {
    JsonNode node = parent == null ? null : parent.get(key);
    return node != null && node.isObject() ? node : null;
  }

  private static String text(JsonNode node) {
    return node == null || node.isNull() || !node.isValueNode() ? null : node.asText();
  }

  private static List<String> names(JsonNode node) {
    List<String> names = new ArrayList<>();
    if (node != null && node.isObject()) {
      node.fieldNames().forEachRemaining(names::add);
    }
    return names;
  }

  private static List<JsonNode> list(JsonNode node) {
    List<JsonNode> items = new ArrayList<>();
    if (node != null && node.isArray()) {
      node.forEach(items::add);
    }
    return items;
  }

  private static List<JsonNode> singleton(JsonNode node) {
    return node == null || node.isNull() ? List.of() : List.of(node);
  }

  private void note(String path, String message) {
    notes.add(path.isEmpty() ? message : path + ": " + message);
  }

  private void refuse(String path, String reason) {
    refusals.add(new SdlRefusal(path, reason));
  }
}
