package io.gridwork.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The module arrows of DESIGN.md, checked on the compiled main classes of every module: a module
 * may use only the modules it is drawn to depend on, so an arrow pointing the wrong way fails the
 * build instead of waiting for a reviewer.
 */
class ModuleArrowsTest {
  /** Each module (by its root package) and the other modules its main code may use. */
  private static final Map<String, Set<String>> ALLOWED = allowed();

  private static JavaClasses classes;

  private static Map<String, Set<String>> allowed() {
    Map<String, Set<String>> m = new TreeMap<>();
    m.put("protocol", Set.of());
    m.put("api", Set.of("protocol"));
    m.put("chain", Set.of("protocol"));
    m.put("node", Set.of("protocol", "api", "chain"));
    m.put("client", Set.of("protocol", "api"));
    // The client answers with the API's records, so its users name them too.
    m.put("agent", Set.of("protocol", "api", "client"));
    m.put("testkit", Set.of("protocol", "api", "chain", "node", "client"));
    m.put("localnet", Set.of("protocol", "api", "chain", "node", "client"));
    m.put(
        "bench",
        Set.of("protocol", "api", "chain", "node", "client", "agent", "testkit", "localnet"));
    m.put(
        "cli",
        Set.of(
            "protocol", "api", "chain", "node", "client", "agent", "bench", "testkit", "localnet"));
    return m;
  }

  @BeforeAll
  static void importMainClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.gridwork");
  }

  static Stream<String> modules() {
    return ALLOWED.keySet().stream();
  }

  @ParameterizedTest(name = "{0} uses only the modules DESIGN.md draws it to")
  @MethodSource("modules")
  void moduleDependsOnlyOnItsArrows(String module) {
    String[] forbidden =
        ALLOWED.keySet().stream()
            .filter(other -> !other.equals(module) && !ALLOWED.get(module).contains(other))
            .map(other -> "io.gridwork." + other + "..")
            .toArray(String[]::new);
    if (forbidden.length == 0) {
      return;
    }
    noClasses()
        .that()
        .resideInAPackage("io.gridwork." + module + "..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(forbidden)
        .because("DESIGN.md allows " + module + " to use only " + ALLOWED.get(module))
        .check(classes);
  }

  @Test
  void everyModuleContributedClassesToTheCheck() {
    List<String> empty =
        ALLOWED.keySet().stream()
            .filter(
                module ->
                    classes.stream()
                        .noneMatch(c -> c.getPackageName().startsWith("io.gridwork." + module)))
            .toList();
    assertThat(empty).as("modules whose main classes were not found").isEmpty();
  }
}
