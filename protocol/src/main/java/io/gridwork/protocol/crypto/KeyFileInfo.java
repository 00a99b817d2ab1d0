package io.gridwork.protocol.crypto;

import io.gridwork.protocol.Address;
import java.util.Objects;

/** What a key file says about its key in the clear, so it can be listed without the passphrase. */
public record KeyFileInfo(String name, Address address, PublicKey publicKey) {
  public KeyFileInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(publicKey, "publicKey");
  }
}
