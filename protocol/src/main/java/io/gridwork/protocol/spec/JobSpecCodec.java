package io.gridwork.protocol.spec;

import io.gridwork.protocol.codec.CanonicalReader;
import io.gridwork.protocol.codec.CanonicalWriter;
import io.gridwork.protocol.codec.MalformedDataException;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;

/**
 * The canonical binary encoding of a job spec, carried inside a CreateJob transaction. Field order
 * is the record's; absent values have explicit markers, so one spec has exactly one encoding.
 * {@code decode(encode(s)).equals(s)} for every spec within the bounds of {@link JobSpecValidator};
 * decoding checks structure and bounds only, and the ledger applies {@link JobSpecValidator} to
 * what it decodes.
 */
public final class JobSpecCodec {
  public static final int VERSION = 1;
  public static final int MAX_SPEC_BYTES = 32 * 1024;
  static final int MAX_NAME_BYTES = 64;
  static final int MAX_TAG_BYTES = 64;

  private static final int PROCESS = 1;
  private static final int CONTAINER = 2;

  private JobSpecCodec() {}

  /**
   * Encodes a spec. Strings over 65,535 bytes cannot be encoded and throw {@link
   * IllegalArgumentException}; validate first.
   */
  public static byte[] encode(JobSpec spec) {
    CanonicalWriter w = new CanonicalWriter(512);
    w.u8(VERSION).string(spec.name());
    w.bool(spec.units() != null).i32(spec.units() == null ? 0 : spec.units());
    switch (spec.workload()) {
      case ProcessWorkload p -> {
        w.u8(PROCESS);
        strings(w, p.command());
        w.stringMap(p.env());
      }
      case ContainerWorkload c -> {
        w.u8(CONTAINER).string(c.image());
        strings(w, c.command());
        strings(w, c.args());
        w.stringMap(c.env());
      }
    }
    Resources r = spec.resources();
    w.i32(r.gpu().count());
    strings(w, r.gpu().models());
    w.i32(r.gpu().minVramMib()).i64(r.cpuMillis()).i64(r.memoryMib()).i64(r.diskMib());
    Placement p = spec.placement();
    strings(w, p.regions());
    w.u8(p.tier() == null ? 0 : p.tier().ordinal() + 1);
    w.stringMap(p.attributes()).bool(p.allowSimulated());
    Pricing price = spec.pricing();
    w.i64(price.maxPricePerUnit()).i64(price.maxPricePerGpuHour()).i64(price.deposit());
    w.u16(spec.inputs().size());
    for (InputRef in : spec.inputs()) {
      w.string(in.name()).hash(in.sha256()).i64(in.sizeBytes());
    }
    strings(w, spec.outputs());
    w.i64(spec.limits().unitTimeoutSeconds()).i64(spec.limits().maxOutputBytesPerUnit());
    w.bool(spec.network());
    w.u16(spec.expose().size());
    for (ExposedPort port : spec.expose()) {
      w.i32(port.port()).bool(port.global());
    }
    w.bool(spec.deterministic()).u8(spec.sla().ordinal());
    return w.toByteArray();
  }

  private static void strings(CanonicalWriter w, List<String> values) {
    w.u16(values.size());
    for (String v : values) {
      w.string(v);
    }
  }

  /** Decodes untrusted bytes; never throws. */
  public static SpecDecodeResult decode(byte[] bytes) {
    if (bytes == null || bytes.length == 0) {
      return new SpecDecodeResult.Malformed("empty job spec");
    }
    if (bytes.length > MAX_SPEC_BYTES) {
      return new SpecDecodeResult.Malformed(
          "job spec is " + bytes.length + " bytes, at most " + MAX_SPEC_BYTES);
    }
    try {
      CanonicalReader r = new CanonicalReader(bytes);
      JobSpec spec = read(r);
      r.expectEnd("job spec");
      return new SpecDecodeResult.Ok(spec);
    } catch (MalformedDataException e) {
      return new SpecDecodeResult.Malformed(e.getMessage());
    } catch (RuntimeException e) {
      // A value a record constructor rejects is still only malformed input, never a crash.
      return new SpecDecodeResult.Malformed("invalid job spec: " + e.getMessage());
    }
  }

  private static JobSpec read(CanonicalReader r) {
    int version = r.u8("version");
    if (version != VERSION) {
      throw new MalformedDataException(
          "unsupported job spec version " + version + ", this build reads version " + VERSION);
    }
    String name = r.string(MAX_NAME_BYTES, "name");
    boolean hasUnits = r.bool("units present");
    int units = r.i32("units");
    if (!hasUnits && units != 0) {
      throw new MalformedDataException("units must be 0 when absent, got " + units);
    }
    Workload workload = readWorkload(r);
    int gpuCount = r.i32("gpu count");
    List<String> models =
        strings(
            r, JobSpecValidator.MAX_GPU_MODELS, JobSpecValidator.MAX_GPU_MODEL_BYTES, "gpu models");
    int minVram = r.i32("gpu min vram");
    Resources resources =
        new Resources(
            new GpuRequest(gpuCount, models, minVram),
            r.i64("cpu"),
            r.i64("memory"),
            r.i64("disk"));
    List<String> regions =
        strings(r, JobSpecValidator.MAX_REGIONS, MAX_TAG_BYTES, "placement regions");
    int tierTag = r.u8("placement tier");
    if (tierTag > SlaTier.values().length) {
      throw new MalformedDataException("unknown placement tier " + tierTag);
    }
    SlaTier tier = tierTag == 0 ? null : SlaTier.values()[tierTag - 1];
    Placement placement =
        new Placement(
            regions,
            tier,
            r.stringMap(
                JobSpecValidator.MAX_ATTRIBUTES,
                MAX_TAG_BYTES,
                JobSpecValidator.MAX_ATTRIBUTE_VALUE_BYTES,
                "placement attributes"),
            r.bool("allow simulated"));
    Pricing pricing =
        new Pricing(
            r.nonNegative("max price per unit"),
            r.nonNegative("max price per gpu-hour"),
            r.nonNegative("deposit"));
    List<InputRef> inputs = readInputs(r);
    List<String> outputs =
        strings(r, JobSpecValidator.MAX_OUTPUTS, JobSpecValidator.MAX_FILE_NAME_BYTES, "outputs");
    Limits limits = new Limits(r.i64("unit timeout"), r.i64("max output bytes"));
    boolean network = r.bool("network");
    List<ExposedPort> expose = readExpose(r);
    boolean deterministic = r.bool("deterministic");
    int sla = r.u8("sla");
    if (sla >= SlaTier.values().length) {
      throw new MalformedDataException("unknown sla tier " + sla);
    }
    return new JobSpec(
        name,
        hasUnits ? units : null,
        workload,
        resources,
        placement,
        pricing,
        inputs,
        outputs,
        limits,
        network,
        expose,
        deterministic,
        SlaTier.values()[sla]);
  }

  private static Workload readWorkload(CanonicalReader r) {
    int tag = r.u8("workload kind");
    return switch (tag) {
      case PROCESS ->
          new ProcessWorkload(
              strings(r, JobSpecValidator.MAX_ARGS, JobSpecValidator.MAX_ARG_BYTES, "command"),
              env(r));
      case CONTAINER ->
          new ContainerWorkload(
              r.string(JobSpecValidator.MAX_IMAGE_BYTES, "image"),
              strings(r, JobSpecValidator.MAX_ARGS, JobSpecValidator.MAX_ARG_BYTES, "command"),
              strings(r, JobSpecValidator.MAX_ARGS, JobSpecValidator.MAX_ARG_BYTES, "args"),
              env(r));
      default -> throw new MalformedDataException("unknown workload kind " + tag);
    };
  }

  private static SortedMap<String, String> env(CanonicalReader r) {
    return r.stringMap(
        JobSpecValidator.MAX_ENV,
        JobSpecValidator.MAX_ENV_NAME_BYTES,
        JobSpecValidator.MAX_ENV_VALUE_BYTES,
        "env");
  }

  private static List<InputRef> readInputs(CanonicalReader r) {
    int n = count(r, JobSpecValidator.MAX_INPUTS, "inputs");
    List<InputRef> inputs = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      inputs.add(
          new InputRef(
              r.string(JobSpecValidator.MAX_FILE_NAME_BYTES, "input name"),
              r.hash("input sha256"),
              r.nonNegative("input size")));
    }
    return inputs;
  }

  private static List<ExposedPort> readExpose(CanonicalReader r) {
    int n = count(r, JobSpecValidator.MAX_EXPOSED_PORTS, "exposed ports");
    List<ExposedPort> ports = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      ports.add(new ExposedPort(r.i32("port"), r.bool("port global")));
    }
    return ports;
  }

  private static List<String> strings(CanonicalReader r, int maxCount, int maxBytes, String field) {
    int n = count(r, maxCount, field);
    List<String> values = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      values.add(r.string(maxBytes, field + " entry"));
    }
    return values;
  }

  private static int count(CanonicalReader r, int max, String field) {
    int n = r.u16(field + " count");
    if (n > max) {
      throw new MalformedDataException(field + " has " + n + " entries, at most " + max);
    }
    return n;
  }
}
