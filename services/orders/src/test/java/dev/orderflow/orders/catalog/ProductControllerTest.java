package dev.orderflow.orders.catalog;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.orderflow.defaults.ServiceDefaultsAutoConfiguration;
import dev.orderflow.orders.Money;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** The catalog controller alone: pages with totals and Link headers, a missing product as a problem. */
@WebMvcTest(ProductController.class)
@ImportAutoConfiguration(ServiceDefaultsAutoConfiguration.class)
@WithMockUser // the catalog is public; security's rules are the random-port tests' concern
class ProductControllerTest {

    @Autowired
    MockMvc mvc;

    @MockitoBean
    Catalog catalog;

    @Test
    void pagesTheCatalogWithTotalsAndLinksBothWays() throws Exception {
        given(catalog.count(null)).willReturn(45L);
        given(catalog.page(null, 1, 20))
                .willReturn(List.of(new Product("ACC-001", "Cable", "A cable", new Money(1250, "EUR"))));

        mvc.perform(get("/api/products?page=1&size=20"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.total_items").value(45))
                .andExpect(jsonPath("$.total_pages").value(3))
                .andExpect(jsonPath("$.items[0].sku").value("ACC-001"))
                .andExpect(header().string(
                                "Link",
                                allOf(
                                        containsString("page=2&size=20>; rel=\"next\""),
                                        containsString("page=0&size=20>; rel=\"prev\""))));
    }

    @Test
    void answersAnUnknownProductWithA404Problem() throws Exception {
        given(catalog.find("ZZZ-000")).willReturn(Optional.empty());

        mvc.perform(get("/api/products/ZZZ-000"))
                .andExpect(status().isNotFound())
                .andExpect(header().string("Content-Type", "application/problem+json"))
                .andExpect(jsonPath("$.type").value("https://orderflow.dev/problems/not-found"))
                .andExpect(jsonPath("$.detail").value("No product ZZZ-000."));
    }
}
