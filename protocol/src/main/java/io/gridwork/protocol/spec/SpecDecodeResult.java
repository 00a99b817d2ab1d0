package io.gridwork.protocol.spec;

/** The outcome of decoding untrusted bytes: a spec, or why the bytes are not one. */
public sealed interface SpecDecodeResult {

  record Ok(JobSpec spec) implements SpecDecodeResult {}

  record Malformed(String reason) implements SpecDecodeResult {}
}
