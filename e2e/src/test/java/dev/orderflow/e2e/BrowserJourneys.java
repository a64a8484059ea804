package dev.orderflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.testing.BrowserSession;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * What people do in the pages, in a real browser (Chromium), against a running platform's edge.
 * PlatformIT runs them on the platform it launched; each leaves screenshots of its steps under
 * {@code e2e/target/screenshots}.
 */
final class BrowserJourneys {

    private final URI edge;
    private final URI identity;

    BrowserJourneys(URI edge, URI identity) {
        this.edge = edge;
        this.identity = identity;
    }

    /**
     * alice signs in, finds two products (one by searching), checks out with an address the form
     * first refuses (as the API would), pays with the succeeding test card, and watches PAID, SHIPPED
     * and DELIVERED arrive without reloading; the X-ray lists the order's REST, gRPC, Kafka and SSE
     * crossings. Returns the order's id.
     */
    String aliceBuysTwoProductsPaysAndWatchesItDelivered() throws Exception {
        try (var browser = Chromium.open(edge)) {
            browser.signIn("alice", "alice-password");
            browser.script("localStorage.removeItem('orderflow.cart')");
            browser.screenshot("01-signed-in-catalog");

            browser.go("/products/KIT-001");
            browser.find(By.id("name"));
            browser.waitFor(Duration.ofSeconds(10))
                    .until(ExpectedConditions.not(ExpectedConditions.textToBe(By.id("name"), "Product")));
            browser.find(By.id("add-to-cart")).click();
            browser.waitFor(Duration.ofSeconds(10))
                    .until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "added to your cart"));

            browser.go("/");
            WebElement search = browser.find(By.id("q"));
            search.sendKeys("skillet");
            browser.find(By.cssSelector("#search button")).click();
            WebElement skillet = browser.find(By.cssSelector("li[data-sku='KIT-002'] button"));
            assertThat(browser.all(By.cssSelector("#products li"))).hasSize(1);
            browser.screenshot("02-search");
            skillet.click();
            browser.waitFor(Duration.ofSeconds(5)).until(ExpectedConditions.textToBe(By.id("cart-count"), "2"));

            browser.find(By.cssSelector("a[href='/cart']")).click();
            browser.waitFor(Duration.ofSeconds(10))
                    .until(driver -> driver.findElements(By.cssSelector("#lines tbody tr"))
                                    .size()
                            == 2);
            browser.screenshot("03-cart");
            browser.find(By.id("checkout")).click();

            browser.find(By.id("line1")).sendKeys("1 Rue de la Paix");
            browser.find(By.id("city")).sendKeys("Lyon");
            browser.find(By.id("postal_code")).sendKeys("69001");
            browser.find(By.id("country")).sendKeys("F1");
            browser.find(By.id("place")).click();
            WebElement countryError = browser.find(By.id("country-error"));
            assertThat(countryError.getText())
                    .as("refused in the page, like the API's pattern")
                    .isNotBlank();
            assertThat(browser.driver.getCurrentUrl()).endsWith("/checkout");
            browser.screenshot("04-checkout-refused");
            browser.find(By.id("country")).clear();
            browser.find(By.id("country")).sendKeys("fr");
            browser.find(By.id("place")).click();

            browser.waitFor(Duration.ofSeconds(20)).until(ExpectedConditions.urlMatches("/orders/[0-9a-f-]{36}$"));
            String orderId = browser.driver
                    .getCurrentUrl()
                    .substring(browser.driver.getCurrentUrl().lastIndexOf('/') + 1);
            browser.find(By.cssSelector("#items li"));
            assertThat(browser.all(By.cssSelector("#items li"))).hasSize(2);
            browser.script("window.orderflowNoReload = true");

            browser.waitFor(Duration.ofSeconds(30))
                    .until(ExpectedConditions.visibilityOfElementLocated(By.id("payment")));
            browser.screenshot("05-order-awaiting-payment");
            browser.find(By.cssSelector("input[value='pm_card_visa']")).click();
            browser.find(By.id("pay-button")).click();
            browser.waitFor(Duration.ofSeconds(20))
                    .until(ExpectedConditions.textToBePresentInElementLocated(By.id("payment-message"), "accepted"));

            for (String status : List.of("PAID", "SHIPPED", "DELIVERED")) {
                browser.waitFor(Duration.ofSeconds(90))
                        .until(ExpectedConditions.presenceOfElementLocated(
                                By.cssSelector("#timeline li[data-status='" + status + "']")));
            }
            assertThat(browser.script("return window.orderflowNoReload === true"))
                    .as("the statuses arrived without a reload")
                    .isEqualTo(true);
            assertThat(browser.find(By.id("order-status")).getText()).isEqualTo("DELIVERED");

            browser.waitFor(Duration.ofSeconds(30)).until(driver -> {
                List<String> dialects = driver.findElements(By.cssSelector("#xray tbody tr")).stream()
                        .map(row -> row.getAttribute("data-dialect"))
                        .toList();
                return dialects.containsAll(List.of("REST", "gRPC", "Kafka", "SSE"));
            });
            assertThat(browser.find(By.id("zipkin-link")).getAttribute("href")).contains("/zipkin/traces/");
            browser.wholePage("06-order-delivered-xray");
            return orderId;
        }
    }

    /** A declined test card: a clear message in the page, and the order ends PAYMENT_FAILED. */
    void aDeclinedCardShowsAClearMessage() throws Exception {
        try (var browser = Chromium.open(edge)) {
            browser.signIn("alice", "alice-password");
            checkOut(browser, "HOM-003", "2 Quai Test");
            browser.waitFor(Duration.ofSeconds(30))
                    .until(ExpectedConditions.visibilityOfElementLocated(By.id("payment")));
            browser.find(By.cssSelector("input[value='pm_card_chargeDeclined']"))
                    .click();
            browser.find(By.id("pay-button")).click();

            browser.waitFor(Duration.ofSeconds(20))
                    .until(ExpectedConditions.textToBePresentInElementLocated(By.id("payment-message"), "declined"));
            assertThat(browser.find(By.id("payment-message")).getAttribute("role"))
                    .isEqualTo("alert");
            browser.waitFor(Duration.ofSeconds(30))
                    .until(ExpectedConditions.presenceOfElementLocated(
                            By.cssSelector("#timeline li[data-status='PAYMENT_FAILED']")));
            browser.screenshot("07-declined");
        }
    }

    /** One product in the cart, checked out to an address in Lyon; returns the new order's id (from its page's URL). */
    private static String checkOut(Chromium browser, String sku, String line1) {
        browser.script("localStorage.setItem('orderflow.cart', JSON.stringify({'" + sku + "': 1}))");
        browser.go("/checkout");
        browser.find(By.id("line1")).sendKeys(line1);
        browser.find(By.id("city")).sendKeys("Lyon");
        browser.find(By.id("postal_code")).sendKeys("69004");
        browser.find(By.id("country")).sendKeys("FR");
        browser.find(By.id("place")).click();
        browser.waitFor(Duration.ofSeconds(20)).until(ExpectedConditions.urlMatches("/orders/[0-9a-f-]{36}$"));
        String url = browser.driver.getCurrentUrl();
        return url.substring(url.lastIndexOf('/') + 1);
    }

    /**
     * My orders: alice checks out an order, leaves it unpaid, and cancels it from her list (newest
     * first, one a page here); "Show older orders" follows orders' cursor to the next page.
     */
    void aliceCancelsAnUnpaidOrderFromMyOrders() throws Exception {
        try (var browser = Chromium.open(edge)) {
            browser.signIn("alice", "alice-password");
            String id = checkOut(browser, "ACC-001", "4 Rue Test");

            browser.go("/orders?limit=1");
            By row = By.cssSelector("#orders tr[data-order='" + id + "']");
            browser.find(row);
            assertThat(browser.all(By.cssSelector("#orders tbody tr")))
                    .as("one order a page, the newest first")
                    .hasSize(1);
            browser.find(By.cssSelector("#orders tr[data-order='" + id + "'] button"))
                    .click();
            browser.waitFor(Duration.ofSeconds(20))
                    .until(ExpectedConditions.textToBe(
                            By.cssSelector("#orders tr[data-order='" + id + "'] .status"), "CANCELLED"));
            browser.screenshot("11-my-orders-cancelled");

            browser.find(By.id("more")).click();
            browser.waitFor(Duration.ofSeconds(10))
                    .until(driver -> driver.findElements(By.cssSelector("#orders tbody tr"))
                                    .size()
                            == 2);
            assertThat(browser.all(By.cssSelector("#orders tbody tr")).get(1).getAttribute("data-order"))
                    .as("the next page, by orders' cursor: an older order")
                    .isNotEqualTo(id);
        }
    }

    /**
     * carol, a partner, opens the dashboard: every chart is drawn from its own query, with data; the
     * live ticker shows today's sales; she refunds part of alice's paid order.
     */
    void carolSeesTheDashboardWithDataAndRefundsPartOfAnOrder(String paidOrder) throws Exception {
        try (var browser = Chromium.open(edge)) {
            browser.signIn("carol", "carol-password");
            browser.go("/dashboard");
            for (String chart : List.of("sales", "status", "top", "fulfilment")) {
                browser.waitFor(Duration.ofSeconds(20))
                        .until(ExpectedConditions.attributeToBe(
                                By.cssSelector("[data-chart='" + chart + "']"), "data-state", "drawn"));
                assertThat(browser.all(By.cssSelector("#chart-" + chart + " canvas")))
                        .as("chart %s is drawn", chart)
                        .isNotEmpty();
                assertThat(browser.all(By.cssSelector("#data-" + chart + " tr")))
                        .as("chart %s has data", chart)
                        .isNotEmpty();
            }
            browser.waitFor(Duration.ofSeconds(20))
                    .until(ExpectedConditions.textToBePresentInElementLocated(By.id("ticker-now"), "Today so far"));
            payAnOrderAsAlice();
            browser.waitFor(Duration.ofSeconds(30))
                    .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#ticker li")));
            assertThat(browser.find(By.cssSelector("#ticker li")).getText()).contains("orders paid");
            browser.screenshot("09-dashboard");

            browser.find(By.id("refund-order")).sendKeys(paidOrder);
            browser.find(By.id("refund-amount")).sendKeys("10.00");
            browser.find(By.id("refund-button")).click();
            browser.waitFor(Duration.ofSeconds(20))
                    .until(ExpectedConditions.textToBePresentInElementLocated(By.id("refund-message"), "requested"));
            assertThat(browser.find(By.id("refund-message")).getText()).contains("€10.00");
            browser.screenshot("10-refund-requested");
        }
    }

    /** Meanwhile, in another browser: alice places and pays an order (through the edge, cookies only). */
    private void payAnOrderAsAlice() throws Exception {
        var alice = new BrowserSession(edge);
        alice.signIn(identity, "alice", "alice-password");
        placeAndPay(alice, "ACC-001");
    }

    /**
     * What the pages' scripts do, without a browser: place an order of one {@code sku} through the
     * edge (CSRF token, Idempotency-Key), wait for its payment intent, and confirm it with the test
     * Visa card through the edge's relay to the provider. Returns the order's id.
     */
    static String placeAndPay(BrowserSession session, String sku) throws Exception {
        var json = new tools.jackson.databind.json.JsonMapper();
        session.get("/", "text/html"); // the page that sets the CSRF cookie
        var placed = session.send(
                "POST",
                "/api/orders",
                "{\"items\":[{\"sku\":\"" + sku + "\",\"quantity\":1}],\"shipping_address\":{\"name\":\"Alice\","
                        + "\"line1\":\"3 Rue Test\",\"city\":\"Lyon\",\"postal_code\":\"69003\",\"country\":\"FR\"}}",
                true,
                "Idempotency-Key",
                java.util.UUID.randomUUID().toString());
        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
        String id = json.readTree(placed.body()).get("id").asString();
        var payment = org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(
                        () -> json.readTree(session.get("/api/orders/" + id).body())
                                .get("payment"),
                        found -> found != null && !found.isNull());
        var confirmed = session.send(
                "POST",
                "/psp/v1/payment_intents/" + payment.get("intent_id").asString() + "/confirm",
                "{\"payment_method\":\"pm_card_visa\",\"client_secret\":\""
                        + payment.get("client_secret").asString() + "\"}",
                true);
        assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
        return id;
    }

    /** An analyst reads the charts but is offered no refund; a customer is told the dashboard is not theirs. */
    void theDashboardShowsEachPersonOnlyWhatTheirRoleAllows() throws Exception {
        try (var browser = Chromium.open(edge)) {
            browser.signIn("dan", "dan-password");
            browser.go("/dashboard");
            browser.waitFor(Duration.ofSeconds(20))
                    .until(ExpectedConditions.attributeToBe(
                            By.cssSelector("[data-chart='status']"), "data-state", "drawn"));
            assertThat(browser.driver.findElement(By.id("refunds")).isDisplayed())
                    .as("no refund form without orders:refund")
                    .isFalse();
        }
        try (var browser = Chromium.open(edge)) {
            browser.signIn("bob", "bob-password");
            browser.go("/dashboard");
            browser.waitFor(Duration.ofSeconds(10))
                    .until(ExpectedConditions.textToBePresentInElementLocated(
                            By.id("status"), "partners and analysts"));
        }
    }

    /**
     * bob, signed in, opens alice's order page: a page saying there is no such page, and nothing of
     * hers. Then he signs out (here and at identity): back on the catalog, and a page that needs a
     * session sends him to identity's login form again.
     */
    void bobCannotOpen(String alicesOrder) throws Exception {
        try (var browser = Chromium.open(edge)) {
            browser.signIn("bob", "bob-password");
            browser.go("/orders/" + alicesOrder);
            assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("There is no such page");
            assertThat(browser.driver.getPageSource()).doesNotContain("alice").doesNotContain("1 Rue de la Paix");
            browser.screenshot("08-bob-refused");

            browser.go("/");
            browser.find(By.cssSelector(".account button[type=submit]")).click();
            browser.waitFor(Duration.ofSeconds(20))
                    .until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-in")));
            assertThat(browser.driver.getCurrentUrl())
                    .as("signed out here and at identity, and back at the edge")
                    .isEqualTo(edge + "/");
            browser.go("/orders");
            browser.waitFor(Duration.ofSeconds(20)).until(ExpectedConditions.urlContains("/login"));
        }
    }
}
