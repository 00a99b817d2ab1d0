package io.gridwork.cli;

import io.gridwork.protocol.Address;

/** Lets commands take either an address or the name of a local key wherever an account goes. */
final class Accounts {
  private Accounts() {}

  static Address resolve(String addressOrKey, KeyStore keys) {
    // BIP-173: an address is written all lower case or all upper case, and both mean the same.
    String prefix = Address.PREFIX + "1";
    if (addressOrKey.regionMatches(true, 0, prefix, 0, prefix.length())) {
      try {
        return Address.parse(addressOrKey);
      } catch (IllegalArgumentException e) {
        throw new CommandFailure(ExitCode.USAGE, e.getMessage());
      }
    }
    if (keys.exists(addressOrKey)) {
      return keys.info(addressOrKey).address();
    }
    throw new CommandFailure(
        ExitCode.USAGE,
        "'"
            + addressOrKey
            + "' is neither an address (grid1…) nor the name of a key in "
            + keys.dir());
  }
}
