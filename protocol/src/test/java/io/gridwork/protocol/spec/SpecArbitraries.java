package io.gridwork.protocol.spec;

import io.gridwork.protocol.crypto.Hash;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Generates valid job specs, with the awkward text YAML and the codec must carry unchanged. */
final class SpecArbitraries {
  private SpecArbitraries() {}

  /** Text that looks like YAML syntax, numbers, booleans or null, plus non-ASCII. */
  static Arbitrary<String> text(int maxLength) {
    Arbitrary<String> tricky =
        Arbitraries.of(
            "",
            "true",
            "no",
            "null",
            "~",
            "10",
            "0x1f",
            "1e3",
            "- item",
            "key: value",
            "#comment",
            "${UNIT}",
            "frame-${UNIT}.png",
            "'quoted'",
            "\"double\"",
            "multi\nline\n",
            " leading space",
            "Zürich ⚡");
    Arbitrary<String> random =
        Arbitraries.strings()
            .withCharRange(' ', '~')
            .withChars('\n', '\t', 'é', '⚡', 'λ')
            .ofMaxLength(maxLength);
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(1, tricky), net.jqwik.api.Tuple.of(3, random));
  }

  static Arbitrary<String> name() {
    return Arbitraries.strings()
        .withCharRange('a', 'z')
        .numeric()
        .withChars('-')
        .ofMinLength(0)
        .ofMaxLength(20)
        .flatMap(
            rest -> Arbitraries.strings().withCharRange('a', 'z').ofLength(1).map(h -> h + rest));
  }

  static Arbitrary<SortedMap<String, String>> env() {
    Arbitrary<String> key =
        Arbitraries.strings()
            .withCharRange('A', 'Z')
            .withChars('_')
            .numeric()
            .ofMinLength(0)
            .ofMaxLength(12)
            .map(rest -> "V" + rest);
    return Arbitraries.maps(key, text(30)).ofMaxSize(4).map(TreeMap::new);
  }

  static Arbitrary<Workload> workload() {
    Arbitrary<Workload> process =
        Combinators.combine(text(30).list().ofMinSize(1).ofMaxSize(4), env())
            .as(
                (command, env) -> {
                  List<String> c = new ArrayList<>(command);
                  c.set(0, "run" + c.getFirst());
                  return new ProcessWorkload(c, env);
                });
    Arbitrary<Workload> container =
        Combinators.combine(
                Arbitraries.of("vllm/vllm-openai:v0.6.2", "adminer", "ghcr.io/a/b@sha256:00ff"),
                text(20).list().ofMaxSize(3),
                text(40).list().ofMaxSize(3),
                env())
            .as(ContainerWorkload::new);
    return Arbitraries.oneOf(process, container);
  }

  static Arbitrary<Resources> resources() {
    Arbitrary<GpuRequest> gpu =
        Arbitraries.integers()
            .between(0, JobSpecValidator.MAX_GPUS)
            .flatMap(
                count ->
                    count == 0
                        ? Arbitraries.just(GpuRequest.NONE)
                        : Combinators.combine(
                                Arbitraries.of("rtx4090", "a100", "h100", "RTX 3090", "t4")
                                    .set()
                                    .ofMaxSize(3)
                                    .map(List::copyOf),
                                Arbitraries.integers().between(0, JobSpecValidator.MAX_VRAM_MIB))
                            .as((models, vram) -> new GpuRequest(count, models, vram)));
    return Combinators.combine(
            gpu,
            Arbitraries.longs().between(1, JobSpecValidator.MAX_CPU_MILLIS),
            Arbitraries.longs().between(1, JobSpecValidator.MAX_MEMORY_MIB),
            Arbitraries.longs().between(0, JobSpecValidator.MAX_DISK_MIB))
        .as(Resources::new);
  }

  static Arbitrary<Placement> placement() {
    Arbitrary<String> region = Arbitraries.of("eu-west", "us-east-1", "ap", "mars");
    Arbitrary<SortedMap<String, String>> attributes =
        Arbitraries.maps(Arbitraries.of("gpu.interconnect", "owner", "zone", "dc/rack"), text(20))
            .ofMaxSize(3)
            .map(TreeMap::new);
    Arbitrary<SlaTier> tier = Arbitraries.of(SlaTier.class).injectNull(0.3);
    return Combinators.combine(
            region.set().ofMaxSize(3).map(List::copyOf),
            tier,
            attributes,
            Arbitraries.of(true, false))
        .as(Placement::new);
  }

  static Arbitrary<InputRef> input(String name) {
    return Combinators.combine(
            Arbitraries.bytes().array(byte[].class).ofSize(Hash.LENGTH).map(Hash::new),
            Arbitraries.longs().between(0, JobSpecValidator.MAX_INPUT_BYTES))
        .as((hash, size) -> new InputRef(name, hash, size));
  }

  /** A valid spec: batch or service, with prices and deposit that satisfy the rules. */
  static Arbitrary<JobSpec> validSpec() {
    Arbitrary<Integer> units =
        Arbitraries.integers().between(1, JobSpecValidator.MAX_UNITS).injectNull(0.4);
    Arbitrary<List<String>> outputs =
        Arbitraries.of("out.bin", "frame-${UNIT}.png", "a/b/c.txt", "ünïcode.json")
            .set()
            .ofMaxSize(3)
            .map(List::copyOf);
    Arbitrary<List<InputRef>> inputs =
        Arbitraries.of("scene.blend", "data/shard.bin", "model.safetensors")
            .set()
            .ofMaxSize(2)
            .flatMap(
                names ->
                    names.isEmpty()
                        ? Arbitraries.just(List.<InputRef>of())
                        : Combinators.combine(names.stream().map(SpecArbitraries::input).toList())
                            .as(List::copyOf));
    Arbitrary<Limits> limits =
        Combinators.combine(
                Arbitraries.longs().between(1, JobSpecValidator.MAX_UNIT_TIMEOUT_SECONDS),
                Arbitraries.longs().between(1, JobSpecValidator.MAX_OUTPUT_BYTES_PER_UNIT))
            .as(Limits::new);
    Arbitrary<Long> price = Arbitraries.longs().between(1, 1_000_000_000L);
    Arbitrary<Long> extra = Arbitraries.longs().between(0, 1_000_000_000L);
    Arbitrary<List<ExposedPort>> ports =
        Arbitraries.integers()
            .between(1, 65_535)
            .set()
            .ofMaxSize(3)
            .flatMap(
                set ->
                    Arbitraries.of(true, false)
                        .list()
                        .ofSize(set.size())
                        .map(
                            globals -> {
                              List<ExposedPort> out = new ArrayList<>();
                              int i = 0;
                              for (int port : set) {
                                out.add(new ExposedPort(port, globals.get(i++)));
                              }
                              return out;
                            }));
    Arbitrary<Object[]> parts =
        Combinators.combine(
                name(), units, workload(), resources(), placement(), inputs, outputs, limits)
            .as((a, b, c, d, e, f, g, h) -> new Object[] {a, b, c, d, e, f, g, h});
    return Combinators.combine(
            parts,
            price,
            extra,
            Arbitraries.of(true, false),
            ports,
            Arbitraries.of(true, false),
            Arbitraries.of(SlaTier.class))
        .as(
            (p, unitPrice, more, network, expose, deterministic, sla) -> {
              Integer n = (Integer) p[1];
              Resources r = (Resources) p[3];
              Pricing pricing =
                  n != null
                      ? new Pricing(unitPrice, 0, n * unitPrice + more)
                      : new Pricing(0, unitPrice, Math.max(1, r.gpu().count()) * unitPrice + more);
              return new JobSpec(
                  (String) p[0],
                  n,
                  (Workload) p[2],
                  r,
                  (Placement) p[4],
                  pricing,
                  cast(p[5]),
                  cast(p[6]),
                  (Limits) p[7],
                  network,
                  n == null ? expose : List.of(),
                  deterministic,
                  sla);
            });
  }

  @SuppressWarnings("unchecked")
  private static <T> List<T> cast(Object o) {
    return (List<T>) o;
  }
}
