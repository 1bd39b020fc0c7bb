package dev.firedrill.stack;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rules of a cut as text, how they are read back, and which base the helper image is built on. */
class NftRulesTest {

    private static final List<NftRules.Destination> PEER_AND_ITS_PROXY = List.of(
            new NftRules.Destination("172.18.0.3", null), new NftRules.Destination("172.18.0.2", 6379));

    @Test
    void aCutIsOneTableOfItsOwnDroppingTheServicesConnectionsToEachDestination() {
        assertThat(NftRules.addScript("firedrill_0a1b2c3d", PEER_AND_ITS_PROXY)).isEqualTo("""
                nft -f - <<'RULES'
                table inet firedrill_0a1b2c3d {
                  chain output {
                    type filter hook output priority filter; policy accept;
                    ip daddr 172.18.0.3 ct direction original drop
                    ip daddr 172.18.0.2 tcp dport 6379 ct direction original drop
                  }
                  chain input {
                    type filter hook input priority filter; policy accept;
                    ip saddr 172.18.0.3 ct direction reply drop
                    ip saddr 172.18.0.2 tcp sport 6379 ct direction reply drop
                  }
                }
                RULES
                nft list table inet firedrill_0a1b2c3d
                """);
        assertThat(NftRules.rules(List.of(new NftRules.Destination("fd00::3", null))))
                .containsExactly("ip6 daddr fd00::3 ct direction original drop", "ip6 saddr fd00::3 ct direction reply drop");
        assertThat(NftRules.removeScript("firedrill_0a1b2c3d")).contains("nft delete table inet firedrill_0a1b2c3d").endsWith("nft list tables\n");
    }

    @Test
    void theRulesReadBackAreCheckedOneByOne() {
        String listing = """
                table inet firedrill_0a1b2c3d {
                	chain output {
                		type filter hook output priority filter; policy accept;
                		ip daddr 172.18.0.3 ct direction original drop
                		ip daddr 172.18.0.2 tcp dport 6379 ct direction original drop
                	}

                	chain input {
                		type filter hook input priority filter; policy accept;
                		ip saddr 172.18.0.3 ct direction reply drop
                	}
                }
                """;
        assertThat(NftRules.missing(listing, PEER_AND_ITS_PROXY)).containsExactly("ip saddr 172.18.0.2 tcp sport 6379 ct direction reply drop");
        assertThat(NftRules.missing(listing, PEER_AND_ITS_PROXY.subList(0, 1))).isEmpty();
        assertThat(NftRules.lists("table ip nat\ntable inet firedrill_0a1b2c3d\n", "firedrill_0a1b2c3d")).isTrue();
        assertThat(NftRules.lists("table ip nat\ntable inet firedrill_0a1b2c3d\n", "firedrill_99999999")).isFalse();
    }

    @Test
    void onlyAddressesAndPortsGoIntoTheScript() {
        assertThatThrownBy(() -> new NftRules.Destination("1.2.3.4; nft flush ruleset", null)).hasMessageContaining("not an IP address");
        assertThatThrownBy(() -> new NftRules.Destination("1.2.3.4", 0)).hasMessageContaining("not a TCP port");
        assertThatThrownBy(() -> NftRules.addScript("firedrill_0a1b2c3d", List.of())).hasMessageContaining("at least one destination");
    }

    @Test
    void theHelperImageIsBuiltOnTheDebianBaseTheImageModeChooses() {
        Set<String> both = Set.of(HelperImages.PUBLIC_BASE, HelperImages.LOCAL_BASE);
        assertThat(HelperImages.base(ImageMode.AUTO, Set.of(HelperImages.LOCAL_BASE)::contains)).isEqualTo(HelperImages.LOCAL_BASE);
        assertThat(HelperImages.base(ImageMode.AUTO, both::contains)).isEqualTo(HelperImages.PUBLIC_BASE);
        assertThat(HelperImages.base(ImageMode.AUTO, Set.<String>of()::contains)).isEqualTo(HelperImages.PUBLIC_BASE);
        assertThat(HelperImages.base(ImageMode.LOCAL, Set.<String>of()::contains)).isEqualTo(HelperImages.LOCAL_BASE);
        assertThat(HelperImages.base(ImageMode.PUBLIC, both::contains)).isEqualTo(HelperImages.PUBLIC_BASE);
    }
}
