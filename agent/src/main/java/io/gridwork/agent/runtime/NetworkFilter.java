package io.gridwork.agent.runtime;

import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.List;
import java.util.stream.Stream;

/**
 * The packet filter of a network-enabled sandbox's own network namespace, in {@code
 * iptables-restore} form: everything the unit sends leaves through the user-mode forwarder and so
 * from the host's own sockets, which could reach the host's loopback, its private networks and the
 * cloud metadata service; the filter refuses those destinations inside the namespace, before the
 * forwarder ever sees a packet. The agent installs it before the unit starts; the unit has no
 * capabilities and cannot change it.
 */
final class NetworkFilter {
  /**
   * Destinations no unit may reach: this network, the private ranges (RFC 1918), shared address
   * space (RFC 6598), loopback, link-local (the metadata service at 169.254.169.254 among them),
   * IETF protocol assignments, benchmarking, multicast and the reserved range with broadcast.
   */
  static final List<String> BLOCKED =
      List.of(
          "0.0.0.0/8",
          "10.0.0.0/8",
          "100.64.0.0/10",
          "127.0.0.0/8",
          "169.254.0.0/16",
          "172.16.0.0/12",
          "192.0.0.0/24",
          "192.168.0.0/16",
          "198.18.0.0/15",
          "224.0.0.0/4",
          "240.0.0.0/4");

  private NetworkFilter() {}

  /**
   * The IPv4 rules: the namespace's own loopback, replies on connections already accepted (those a
   * forwarded port brings in), DNS to the forwarder's resolver, then a refusal for every blocked
   * range and for each of {@code hostAddresses}, the host's own addresses, whatever range they are
   * in. What is left, the public internet, is allowed.
   */
  static String rules(List<Inet4Address> hostAddresses) {
    StringBuilder rules = new StringBuilder();
    rules.append("*filter\n");
    rules.append(":INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n");
    rules.append("-A OUTPUT -o lo -j ACCEPT\n");
    rules.append("-A OUTPUT -m conntrack --ctstate ESTABLISHED -j ACCEPT\n");
    for (String protocol : List.of("udp", "tcp")) {
      rules
          .append("-A OUTPUT -d ")
          .append(SandboxNetwork.RESOLVER)
          .append("/32 -p ")
          .append(protocol)
          .append(" --dport 53 -j ACCEPT\n");
    }
    Stream.concat(
            BLOCKED.stream(), hostAddresses.stream().map(a -> a.getHostAddress() + "/32").sorted())
        .distinct()
        .forEach(
            range ->
                rules
                    .append("-A OUTPUT -d ")
                    .append(range)
                    .append(" -j REJECT --reject-with icmp-admin-prohibited\n"));
    rules.append("COMMIT\n");
    return rules.toString();
  }

  /** The IPv4 addresses of this host's interfaces now. */
  static List<Inet4Address> hostAddresses() {
    try {
      return NetworkInterface.networkInterfaces()
          .flatMap(NetworkInterface::inetAddresses)
          .filter(Inet4Address.class::isInstance)
          .map(Inet4Address.class::cast)
          .toList();
    } catch (SocketException e) {
      throw new UncheckedIOException("cannot list this host's network interfaces", e);
    }
  }
}
