package dev.orderflow.analytics.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;

import dev.orderflow.analytics.limits.CostBudgets;
import dev.orderflow.analytics.limits.LimitsProperties;
import dev.orderflow.analytics.limits.QueryLimits;
import dev.orderflow.analytics.query.Views.DailySales;
import dev.orderflow.analytics.query.Views.StatusCount;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.graphql.test.autoconfigure.GraphQlTest;
import org.springframework.context.annotation.Import;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/**
 * The sales resolvers and the query limits as a {@code @GraphQlTest} slice: the contract's schema,
 * the controller and the limits instrumentation, with the store stubbed. Introspection is off here,
 * as it is by default outside the embedded profile.
 */
@GraphQlTest(controllers = SalesController.class, properties = "spring.graphql.schema.introspection.enabled=false")
@Import({QueryLimits.class, CostBudgets.class})
@EnableConfigurationProperties(LimitsProperties.class)
class SalesQueriesTest {

    @Autowired
    GraphQlTester graphql;

    @MockitoBean
    SalesViews sales;

    @Test
    void answersSalesPerDayAndStatusCountsInTheSchemasShape() {
        LocalDate day = LocalDate.parse("2026-12-01");
        given(sales.daily(day, day)).willReturn(List.of(new DailySales(day, "EUR", 3, 5, 12_345_678_901L, 500)));
        given(sales.statusCounts()).willReturn(List.of(new StatusCount("PAID", 3)));

        graphql.document(
                        "{ salesByDay(from: \"2026-12-01\", to: \"2026-12-01\") { day currency orders units revenue refunds }"
                                + " statusCounts { status count } }")
                .execute()
                .path("salesByDay[0].day")
                .entity(String.class)
                .isEqualTo("2026-12-01")
                .path("salesByDay[0].revenue")
                .entity(Long.class)
                .isEqualTo(12_345_678_901L)
                .path("statusCounts[0].status")
                .entity(String.class)
                .isEqualTo("PAID");
    }

    @Test
    void refusesARangeItCannotServeWithACode() {
        graphql.document("{ salesByDay(from: \"2026-01-01\", to: \"2027-06-01\") { day } }")
                .execute()
                .errors()
                .satisfy(errors -> assertThat(errors).singleElement().satisfies(e -> assertThat(e.getExtensions())
                        .containsEntry("code", "BAD_USER_INPUT")));
        verifyNoInteractions(sales);
    }

    @Test
    void aQueryOverTheLimitsNeverReachesAResolver() {
        StringBuilder aliases = new StringBuilder("{ ");
        for (int i = 0; i < 31; i++) {
            aliases.append("a").append(i).append(": statusCounts { count } ");
        }
        graphql.document(aliases.append("}").toString()).execute().errors().satisfy(errors -> assertThat(errors)
                .singleElement()
                .satisfies(e -> assertThat(e.getExtensions()).containsEntry("code", "MAX_ROOT_FIELDS")));
        verifyNoInteractions(sales);
    }

    @Test
    void introspectionIsOffUnlessConfigured() {
        graphql.document("{ __schema { queryType { name } } }")
                .execute()
                .errors()
                .satisfy(errors -> assertThat(errors).isNotEmpty());
    }
}
