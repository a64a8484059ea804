package dev.orderflow.e2e;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real browser for the pages: Debian's Chromium, headless, driven through Debian's chromedriver by
 * Selenium (which downloads nothing: the driver's path is given and SE_OFFLINE is set). Each step
 * can leave a screenshot under {@code e2e/target/screenshots}.
 */
final class Chromium implements AutoCloseable {

    private static final Path SHOTS = Path.of("target/screenshots");

    final ChromeDriver driver;
    private final URI edge;

    private Chromium(ChromeDriver driver, URI edge) {
        this.driver = driver;
        this.edge = edge;
    }

    static Chromium open(URI edge) throws IOException {
        Files.createDirectories(SHOTS);
        var options = new ChromeOptions()
                .setBinary("/usr/bin/chromium")
                .addArguments(
                        "--headless=new",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-dev-shm-usage",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-default-apps",
                        "--no-first-run",
                        "--window-size=1280,1100");
        var service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile())
                .build();
        var driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return new Chromium(driver, edge);
    }

    void go(String path) {
        driver.get(edge.resolve(path).toString());
    }

    /** Signs in as a person does: the edge sends the browser to identity's form, and back. */
    void signIn(String username, String password) {
        go("/oauth2/authorization/orderflow-edge");
        // identity's login form, once the redirects have settled and the page has loaded
        waitFor(Duration.ofSeconds(20))
                .until(page -> page.getCurrentUrl().contains("/login")
                        && "complete".equals(script("return document.readyState")));
        find(By.id("username")).sendKeys(username);
        find(By.id("password")).sendKeys(password);
        find(By.cssSelector("button[type=submit]")).click();
        waitFor(Duration.ofSeconds(20))
                .until(ExpectedConditions.urlMatches("^" + java.util.regex.Pattern.quote(edge.toString())));
        find(By.cssSelector(".who"));
    }

    WebElement find(By by) {
        return waitFor(Duration.ofSeconds(20)).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    List<WebElement> all(By by) {
        return driver.findElements(by);
    }

    WebDriverWait waitFor(Duration timeout) {
        return new WebDriverWait(driver, timeout);
    }

    Object script(String script, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(script, arguments);
    }

    /** Saves what the browser shows as {@code target/screenshots/<name>.png}. */
    Path screenshot(String name) throws IOException {
        Path file = SHOTS.resolve(name + ".png");
        Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
        return file;
    }

    /** As {@link #screenshot}, of the whole page: the window grows to the page's height (up to 3000 px) first. */
    Path wholePage(String name) throws IOException {
        var window = driver.manage().window();
        var before = window.getSize();
        long height = ((Number) script("return document.documentElement.scrollHeight")).longValue();
        window.setSize(new org.openqa.selenium.Dimension(before.getWidth(), (int) Math.min(3000, height + 140)));
        try {
            script("window.scrollTo(0, 0)");
            return screenshot(name);
        } finally {
            window.setSize(before);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
