package dev.orderflow.orders.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.orders.ApiTestSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class ProductsTest extends ApiTestSupport {

    @Test
    void listsTheSeededCatalogPageByPageWithTotalsAndLinks() {
        var first = api.get("/api/products?size=20").send();
        var second = api.get("/api/products?page=1&size=20").send();

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().get("total_items").asInt()).isGreaterThanOrEqualTo(50);
        assertThat(first.json().get("items")).hasSize(20);
        assertThat(first.header("Link"))
                .contains("page=1")
                .contains("rel=\"next\"")
                .doesNotContain("prev");
        assertThat(second.header("Link")).contains("rel=\"prev\"");
        assertThat(second.json().at("/items/0/sku").asText())
                .isGreaterThan(first.json().at("/items/19/sku").asText());
    }

    @Test
    void searchesNamesAndDescriptionsIgnoringCaseAndKeepsTheSearchInItsLinks() {
        var skillet = api.get("/api/products?q=SKILLET").send();
        assertThat(skillet.status()).isEqualTo(200);
        assertThat(skillet.json().get("items"))
                .extracting(product -> product.get("sku").asText())
                .containsExactly("KIT-002");
        assertThat(skillet.json().get("total_items").asInt()).isEqualTo(1);

        var kitchen = api.get("/api/products?q=kitchen%20range&size=2").send();
        assertThat(kitchen.json().get("items"))
                .allSatisfy(product -> assertThat(product.get("sku").asText()).startsWith("KIT-"));
        assertThat(kitchen.header("Link")).contains("q=kitchen%20range", "page=1");

        assertThat(api.get("/api/products?q=%25")
                        .send()
                        .json()
                        .get("total_items")
                        .asInt())
                .as("a %% in the search is a literal, not a wildcard")
                .isZero();
        assertThat(api.get("/api/products?q=").send().status()).isEqualTo(400);
    }

    @Test
    void capsThePageSize() {
        var response = api.get("/api/products?size=500").send();

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().at("/errors/0/field").asText()).isEqualTo("size");
    }

    @Test
    void getsOneProductOrA404() {
        assertThat(api.get("/api/products/ACC-001")
                        .send()
                        .json()
                        .at("/price/currency")
                        .asText())
                .isEqualTo("EUR");
        assertThat(api.get("/api/products/NOP-000").send().status()).isEqualTo(404);
    }

    @Test
    void swaggerUiShowsTheContractFile() throws Exception {
        var http = HttpClient.newHttpClient();
        var contract = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/openapi/orders.yaml"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        var config = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v3/api-docs/swagger-config"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        var ui = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/swagger-ui/index.html"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(contract.statusCode()).isEqualTo(200);
        assertThat(contract.body()).contains("title: Orderflow orders API");
        assertThat(ui.statusCode()).isEqualTo(200);
        assertThat(config.body()).contains("/openapi/orders.yaml");
    }
}
