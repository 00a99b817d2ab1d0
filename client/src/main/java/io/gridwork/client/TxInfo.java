package io.gridwork.client;

import io.gridwork.protocol.Address;
import java.util.Map;

/**
 * A transaction as the node shows it: sender, nonce, fee in ugrid, kind label ({@code transfer},
 * {@code register-provider}, …) and the body's fields as JSON values.
 */
public record TxInfo(
    Address sender, long nonce, long fee, String kind, String chainId, Map<String, Object> body) {}
