package dev.orderflow.analytics.query;

import dev.orderflow.analytics.query.QueryErrors.BadInput;
import dev.orderflow.analytics.query.Views.DailySales;
import dev.orderflow.analytics.query.Views.FulfilmentTiming;
import dev.orderflow.analytics.query.Views.ItemView;
import dev.orderflow.analytics.query.Views.Money;
import dev.orderflow.analytics.query.Views.ProductSales;
import dev.orderflow.analytics.query.Views.ProductView;
import dev.orderflow.analytics.query.Views.StatusCount;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

/** Products, sales per day, best sellers, status counts and fulfilment timing. */
@Controller
class SalesController {

    static final int MAX_DAYS = 366;

    private final SalesViews sales;

    SalesController(SalesViews sales) {
        this.sales = sales;
    }

    @QueryMapping
    List<ProductView> products(@Argument int limit) {
        return sales.products(bounded("limit", limit, 100));
    }

    @QueryMapping
    List<DailySales> salesByDay(@Argument LocalDate from, @Argument LocalDate to) {
        checkRange(from, to);
        return sales.daily(from, to);
    }

    @QueryMapping
    List<ProductSales> topProducts(@Argument LocalDate from, @Argument LocalDate to, @Argument int limit) {
        checkRange(from, to);
        return sales.top(from, to, bounded("limit", limit, 100));
    }

    @QueryMapping
    List<StatusCount> statusCounts() {
        return sales.statusCounts();
    }

    @QueryMapping
    FulfilmentTiming fulfilment(@Argument LocalDate from, @Argument LocalDate to) {
        if (from != null && to != null) {
            checkRange(from, to);
        }
        return sales.fulfilment(from, to);
    }

    /** A line's product is joined with the line itself: nothing more to load. */
    @SchemaMapping(typeName = "OrderItem", field = "product")
    ProductView product(ItemView item) {
        return item.product();
    }

    @BatchMapping(typeName = "Product", field = "unitsSold")
    Map<ProductView, Integer> unitsSold(List<ProductView> products) {
        var sold = sales.sold(products.stream().map(ProductView::sku).distinct().toList());
        Map<ProductView, Integer> result = new LinkedHashMap<>();
        products.forEach(p -> result.put(p, sold.get(p.sku()).units()));
        return result;
    }

    @BatchMapping(typeName = "Product", field = "revenue")
    Map<ProductView, List<Money>> revenue(List<ProductView> products) {
        var sold = sales.sold(products.stream().map(ProductView::sku).distinct().toList());
        Map<ProductView, List<Money>> result = new LinkedHashMap<>();
        products.forEach(p -> result.put(p, sold.get(p.sku()).revenue()));
        return result;
    }

    private static void checkRange(LocalDate from, LocalDate to) {
        if (to.isBefore(from)) {
            throw new BadInput("to (" + to + ") is before from (" + from + ").");
        }
        if (ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) {
            throw new BadInput("At most " + MAX_DAYS + " days at once.");
        }
    }

    private static int bounded(String name, int value, int max) {
        if (value < 1 || value > max) {
            throw new BadInput(name + " must be between 1 and " + max + ".");
        }
        return value;
    }
}
