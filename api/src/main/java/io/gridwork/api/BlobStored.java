package io.gridwork.api;

import io.gridwork.protocol.crypto.Hash;

/** {@code PUT /v1/blobs/{sha256}}: the stored blob, and whether this upload created it. */
public record BlobStored(Hash hash, long size, boolean created) {}
