package io.gridwork.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the {@code ./gridwork} launcher script as a real process in a stand-in checkout. */
class LauncherTest {
  private static final Path SCRIPT = Path.of("..", "gridwork").toAbsolutePath().normalize();
  private static final Path JDK_SEARCH =
      Path.of("..", ".mvn", "jdk.sh").toAbsolutePath().normalize();

  @TempDir Path checkout;
  @TempDir Path sources;

  @Test
  void aRunningCommandSurvivesTheJarBeingRebuiltInPlace() throws Exception {
    Path launcher = checkout.resolve("gridwork");
    Files.copy(SCRIPT, launcher);
    Files.createDirectories(checkout.resolve(".mvn"));
    Files.copy(JDK_SEARCH, checkout.resolve(".mvn/jdk.sh"));
    Path jar = checkout.resolve("cli/target/gridwork.jar");
    Files.createDirectories(jar.getParent());
    writeJar(jar, compileTwoStepProgram());
    ProcessBuilder builder =
        new ProcessBuilder("bash", launcher.toString()).redirectErrorStream(true);
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Process process = builder.start();
    try (BufferedReader out =
            new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        OutputStream in = process.getOutputStream()) {
      assertThat(out.readLine()).isEqualTo("first step");

      // What a rebuild does to the jar: the same file, rewritten with other bytes.
      Files.write(
          jar,
          new byte[Math.toIntExact(Files.size(jar))],
          StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING);
      in.write('\n');
      in.flush();

      assertThat(out.readLine()).isEqualTo("second step");
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).isZero();
    } finally {
      process.destroyForcibly();
    }
  }

  @Test
  void aSelectedJdkOlderThan21IsPassedOverForANewerOne() throws Exception {
    Path old = checkout.resolve("jdk-17");
    Files.createDirectories(old.resolve("bin"));
    for (String tool : List.of("java", "javac")) {
      Path program = old.resolve("bin").resolve(tool);
      Files.writeString(program, "#!/bin/sh\necho 'openjdk version \"17.0.15\" 2025-04-15' >&2\n");
      assertThat(program.toFile().setExecutable(true)).isTrue();
    }
    ProcessBuilder builder =
        new ProcessBuilder(
                "sh",
                "-c",
                ". \"$0\"; gridwork_find_jdk javac && echo \"$JAVA_HOME\"",
                JDK_SEARCH.toString())
            .redirectErrorStream(true);
    builder.environment().put("JAVA_HOME", old.toString());
    builder
        .environment()
        .put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":/usr/bin:/bin");
    Process process = builder.start();
    String selected =
        new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();

    assertThat(process.waitFor()).isZero();
    assertThat(selected).isNotEqualTo(old.toString());
    Process version =
        new ProcessBuilder(selected + "/bin/java", "-version").redirectErrorStream(true).start();
    String line =
        new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
            .lines()
            .findFirst()
            .orElseThrow();
    version.waitFor();
    assertThat(Integer.parseInt(line.replaceAll("^[^\"]*\"(1\\.)?([0-9]+).*$", "$2")))
        .isGreaterThanOrEqualTo(21);
  }

  /**
   * A program that loads its second class only after a line on stdin, the way a long-running
   * command loads classes long after it started.
   */
  private Path compileTwoStepProgram() throws IOException {
    Path main = sources.resolve("Main.java");
    Files.writeString(
        main,
        """
        public class Main {
          public static void main(String[] args) throws Exception {
            System.out.println("first step");
            System.out.flush();
            System.in.read();
            Second.run();
          }
        }
        """);
    Path second = sources.resolve("Second.java");
    Files.writeString(
        second,
        """
        class Second {
          static void run() {
            System.out.println("second step");
          }
        }
        """);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int status =
        javac.run(null, null, null, "-d", sources.toString(), main.toString(), second.toString());
    assertThat(status).isZero();
    return sources;
  }

  private static void writeJar(Path jar, Path classes) throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "Main");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
      for (String name : List.of("Main.class", "Second.class")) {
        out.putNextEntry(new JarEntry(name));
        out.write(Files.readAllBytes(classes.resolve(name)));
        out.closeEntry();
      }
    }
  }
}
