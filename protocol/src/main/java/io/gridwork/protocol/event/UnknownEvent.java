package io.gridwork.protocol.event;

import io.gridwork.protocol.crypto.Hash;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An event of a kind this version does not know, kept in its canonical form so that a reader older
 * than the ledger that wrote it can still pass it on unchanged.
 */
public record UnknownEvent(String type, SortedMap<String, String> attributes)
    implements LedgerEvent {
  public UnknownEvent {
    Objects.requireNonNull(type, "type");
    attributes = Collections.unmodifiableSortedMap(new TreeMap<>(attributes));
  }

  UnknownEvent(String type, Map<String, String> attributes) {
    this(type, new TreeMap<>(attributes));
  }

  /** The job named by a {@code job} attribute, as every known kind about a job spells it. */
  @Override
  public Optional<Hash> job() {
    String job = attributes.get("job");
    if (job == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Hash.fromHex(job));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
