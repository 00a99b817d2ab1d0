package io.gridwork.protocol.spec;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Finds the known key a misspelt one most likely meant, by edit distance. */
final class KeySuggestion {
  private KeySuggestion() {}

  /** The closest of {@code known} to {@code key}, if it is close enough to be a typo. */
  static Optional<String> closest(String key, List<String> known) {
    String lower = key.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : known) {
      int d = distance(lower, candidate.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    // A third of the word may be wrong, and never fewer than two edits: "gpus" -> "gpu",
    // "memroy" -> "memory", but "colour" does not become "cpu".
    int allowed = Math.max(2, Math.min(lower.length(), best == null ? 0 : best.length()) / 3);
    return bestDistance <= allowed ? Optional.ofNullable(best) : Optional.empty();
  }

  /** The message for an unknown key: the likely intended key, or every key allowed here. */
  static String unknownKeyMessage(String key, List<String> known) {
    return closest(key, known)
        .map(k -> "unknown key '" + key + "'; did you mean '" + k + "'?")
        .orElseGet(() -> "unknown key '" + key + "'; expected one of " + String.join(", ", known));
  }

  /** Damerau-Levenshtein distance (optimal string alignment), so a swapped pair costs one. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
