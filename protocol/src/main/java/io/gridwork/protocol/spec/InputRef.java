package io.gridwork.protocol.spec;

import io.gridwork.protocol.crypto.Hash;

/**
 * A file a job reads, by content address: providers fetch it from the blob store and check its
 * SHA-256 before running anything, so a buyer cannot swap inputs under a running job.
 */
public record InputRef(String name, Hash sha256, long sizeBytes) {}
