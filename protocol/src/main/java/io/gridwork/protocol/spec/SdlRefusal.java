package io.gridwork.protocol.spec;

/**
 * An Akash SDL feature Gridwork cannot honour: {@code feature} is its path in the SDL file ({@code
 * services.web.expose[0].to.service}) and {@code reason} says why and what to do instead.
 */
public record SdlRefusal(String feature, String reason) {
  @Override
  public String toString() {
    return feature.isEmpty() ? reason : feature + ": " + reason;
  }
}
