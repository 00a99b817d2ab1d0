package io.gridwork.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkFilterTest {
  private static Inet4Address address(String text) throws Exception {
    return (Inet4Address) InetAddress.getByName(text);
  }

  @Test
  void theHostsOwnPublicAddressIsRefusedLikeThePrivateRanges() throws Exception {
    String rules = NetworkFilter.rules(List.of(address("203.0.113.9")));

    assertThat(rules)
        .contains("-A OUTPUT -d 203.0.113.9/32 -j REJECT")
        .contains("-A OUTPUT -d 169.254.0.0/16 -j REJECT")
        .contains("-A OUTPUT -d 10.0.0.0/8 -j REJECT");
  }

  @Test
  void loopbackRepliesAndTheResolverComeBeforeAnyRefusal() {
    List<String> lines = NetworkFilter.rules(List.of()).lines().toList();
    int firstRefusal =
        lines.indexOf(lines.stream().filter(l -> l.contains("REJECT")).findFirst().orElseThrow());

    assertThat(lines.subList(0, firstRefusal))
        .contains(
            "-A OUTPUT -o lo -j ACCEPT",
            "-A OUTPUT -m conntrack --ctstate ESTABLISHED -j ACCEPT",
            "-A OUTPUT -d 10.0.2.3/32 -p udp --dport 53 -j ACCEPT",
            "-A OUTPUT -d 10.0.2.3/32 -p tcp --dport 53 -j ACCEPT");
    assertThat(lines.getLast()).isEqualTo("COMMIT");
  }
}
