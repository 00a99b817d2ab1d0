package io.gridwork.cli;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Packs the test's own class path into one runnable gridwork jar, so tests can hand sandboxes the
 * program they run ({@code gridwork sample render}) before the build has shaded the real one.
 * Test-only libraries and RocksDB's native library (units never open a database) are left out.
 */
final class RunnableJar {
  private static final List<String> LEFT_OUT =
      List.of(
          "junit-",
          "assertj-",
          "awaitility-",
          "jqwik-",
          "opentest4j-",
          "apiguardian-",
          "byte-buddy",
          "hamcrest-",
          "rocksdbjni-",
          "surefire",
          "jmh-");

  private RunnableJar() {}

  static Path build(Path target) throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, GridworkCli.class.getName());
    Set<String> written = new HashSet<>();
    try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(target), manifest)) {
      for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
        Path path = Path.of(entry);
        String name = path.getFileName().toString();
        if (entry.contains("test-classes") || LEFT_OUT.stream().anyMatch(name::startsWith)) {
          continue;
        }
        if (Files.isDirectory(path)) {
          copyDirectory(path, jar, written);
        } else if (name.endsWith(".jar")) {
          copyJar(path, jar, written);
        }
      }
    }
    return target;
  }

  private static void copyDirectory(Path dir, JarOutputStream jar, Set<String> written)
      throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        String name = dir.relativize(file).toString().replace(File.separatorChar, '/');
        try (InputStream in = Files.newInputStream(file)) {
          add(jar, written, name, in);
        }
      }
    }
  }

  private static void copyJar(Path path, JarOutputStream jar, Set<String> written)
      throws IOException {
    try (JarFile source = new JarFile(path.toFile())) {
      Enumeration<JarEntry> entries = source.entries();
      while (entries.hasMoreElements()) {
        JarEntry entry = entries.nextElement();
        if (!entry.isDirectory()) {
          try (InputStream in = source.getInputStream(entry)) {
            add(jar, written, entry.getName(), in);
          }
        }
      }
    }
  }

  /** The first copy of a name wins; signatures and module descriptors do not hold in a merge. */
  private static void add(JarOutputStream jar, Set<String> written, String name, InputStream in)
      throws IOException {
    String upper = name.toUpperCase(Locale.ROOT);
    boolean signature =
        upper.startsWith("META-INF/")
            && (upper.endsWith(".SF") || upper.endsWith(".DSA") || upper.endsWith(".RSA"));
    if (signature
        || upper.equals("META-INF/MANIFEST.MF")
        || name.endsWith("module-info.class")
        || !written.add(name)) {
      return;
    }
    jar.putNextEntry(new JarEntry(name));
    in.transferTo(jar);
    jar.closeEntry();
  }
}
