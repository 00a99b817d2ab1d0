package io.gridwork.testkit;

import io.gridwork.protocol.crypto.KeyPair;
import java.util.ArrayList;
import java.util.List;

/** Deterministic keys for tests, so a failing run can be reproduced exactly. */
public final class TestKeys {
  private TestKeys() {}

  public static KeyPair key(String label) {
    return KeyPair.fromLabel(label);
  }

  /** {@code n} distinct keys labelled {@code prefix-0 … prefix-(n-1)}. */
  public static List<KeyPair> keys(String prefix, int n) {
    List<KeyPair> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(KeyPair.fromLabel(prefix + "-" + i));
    }
    return out;
  }
}
