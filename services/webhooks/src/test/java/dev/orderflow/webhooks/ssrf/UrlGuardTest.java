package dev.orderflow.webhooks.ssrf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.webhooks.TestNames;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The SSRF guard with the development allow-list off (production). Names resolve through {@link
 * TestNames}: no DNS, and nothing here opens a connection.
 */
class UrlGuardTest {

    private final TestNames names = new TestNames();
    private final UrlGuard guard = new UrlGuard(new GuardProperties(List.of()), names);

    UrlGuardTest() {
        names.map("merchant.test", "93.184.216.34");
        names.map("loopback.test", "127.0.0.2");
        names.map("intranet.test", "192.168.1.20");
        names.map("split.test", "93.184.216.34", "10.0.0.7"); // one public, one private answer
        names.map("mapped.test", "::ffff:10.0.0.1");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://127.0.0.1/hook",
                "https://127.0.0.1/hook",
                "https://[::1]/hook",
                "https://169.254.169.254/latest/meta-data/",
                "https://10.0.0.1/hook",
                "https://172.16.5.4/hook",
                "https://100.100.100.200/hook",
                "https://0.0.0.0/hook",
                "https://[::]/hook",
                "https://[fd00:ec2::254]/hook",
                "https://[fe80::1]/hook",
                "https://224.0.0.1/hook",
                "https://[::ffff:127.0.0.1]/hook",
                "https://[::ffff:a9fe:a9fe]/hook",
                "https://[64:ff9b::a00:1]/hook",
                "https://loopback.test/hook",
                "https://intranet.test/hook",
                "https://split.test/hook",
                "https://mapped.test/hook",
                "https://unknown.test/hook",
                "http://merchant.test/hook",
                "ftp://merchant.test/hook",
                "file:///etc/passwd",
                "gopher://merchant.test:70/_",
                "javascript:alert(1)",
                "https://user:secret@merchant.test/hook",
                "https:///hook",
                "not a url"
            })
    void refuses(String url) {
        assertThatThrownBy(() -> guard.check(url)).isInstanceOf(UnsafeUrl.class);
    }

    @Test
    void acceptsHttpsToAPublicHost() {
        assertThat(guard.check("https://merchant.test/orderflow/webhooks?tenant=7")
                        .getHost())
                .isEqualTo("merchant.test");
        assertThat(guard.check("https://93.184.216.34:8443/hook").getPort()).isEqualTo(8443);
    }

    @Test
    void saysWhyInTheRefusal() {
        assertThatThrownBy(() -> guard.check("https://169.254.169.254/"))
                .hasMessageContaining("the cloud metadata address");
        assertThatThrownBy(() -> guard.check("https://intranet.test/")).hasMessageContaining("192.168.1.20", "private");
        assertThatThrownBy(() -> guard.check("http://merchant.test/")).hasMessageContaining("only https");
    }

    @Test
    void refusesAtConnectTimeTooWhenANameNowResolvesToAPrivateAddress() throws Exception {
        assertThat(guard.addressesFor("merchant.test")).hasSize(1);
        names.map("merchant.test", "10.20.30.40");

        assertThatThrownBy(() -> guard.addressesFor("merchant.test")).isInstanceOf(UrlGuard.UnsafeAddress.class);
        assertThatThrownBy(() -> guard.check("https://merchant.test/")).isInstanceOf(UnsafeUrl.class);
    }

    @Test
    void theDevelopmentAllowListLetsOnlyItsOriginsUsePlainHttpToLoopback() {
        var development = new UrlGuard(new GuardProperties(List.of("http://localhost:8087")), names);

        assertThat(development.check("http://localhost:8087/webhooks").getPort())
                .isEqualTo(8087);
        assertThatThrownBy(() -> development.check("http://localhost:8088/webhooks"))
                .isInstanceOf(UnsafeUrl.class);
        assertThatThrownBy(() -> development.check("http://127.0.0.1:8087/webhooks"))
                .isInstanceOf(UnsafeUrl.class);
        assertThatThrownBy(() -> development.check("https://intranet.test/")).isInstanceOf(UnsafeUrl.class);
    }
}
