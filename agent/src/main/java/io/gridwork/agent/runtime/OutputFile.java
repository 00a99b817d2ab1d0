package io.gridwork.agent.runtime;

import io.gridwork.protocol.crypto.Hash;

/** A declared output a unit left behind: its name relative to {@code /work}, size and SHA-256. */
public record OutputFile(String name, long bytes, Hash sha256) {}
