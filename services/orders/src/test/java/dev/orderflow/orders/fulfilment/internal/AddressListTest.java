package dev.orderflow.orders.fulfilment.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class AddressListTest {

    @Test
    void readsEachHostAndPortOfTheTarget() {
        assertThat(AddressList.parse("/localhost:9091, 10.0.0.7:9191"))
                .containsExactly(
                        new AddressList.HostAndPort("localhost", 9091), new AddressList.HostAndPort("10.0.0.7", 9191));
    }

    @Test
    void refusesAListThatIsNotHostPortPairs() {
        for (String path : new String[] {"/", "/localhost", "/localhost:", "/:9091", "/localhost:port", "/a:1,,b:2"}) {
            assertThatThrownBy(() -> AddressList.parse(path))
                    .as(path)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("host:port pairs");
        }
    }

    @Test
    void answersOnlyForItsOwnScheme() {
        var provider = new AddressList();
        assertThat(provider.newNameResolver(URI.create("dns:///localhost:9091"), null))
                .isNull();
        assertThat(provider.newNameResolver(URI.create("addresses:///localhost:9091,localhost:9191"), null)
                        .getServiceAuthority())
                .isEqualTo("localhost");
    }
}
