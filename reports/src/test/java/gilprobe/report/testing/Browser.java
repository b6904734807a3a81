package gilprobe.report.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium for tests that look at gilprobe's pages as a reader would: the Debian
 * packages' browser and driver ({@code /usr/bin/chromium}, {@code /usr/bin/chromedriver}), a fresh
 * profile per instance, nothing fetched from the network (the driver is given explicitly, so
 * Selenium Manager has nothing to look up or download).
 *
 * <pre>{@code
 * Browser.assumeAvailable();                 // skips the test, saying why, when Chromium is absent
 * try (Browser b = Browser.start()) {
 *     long millis = b.open(htmlFile);        // waits until the page says it rendered
 *     assertEquals(List.of(), b.pageErrors());
 *     b.screenshot(Path.of("target/screenshots/x.png"));
 * }
 * }</pre>
 *
 * Not thread-safe: one test thread drives one browser. Published in the reports test-jar for the
 * agent's integration tests.
 */
public final class Browser implements AutoCloseable {
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Skips the calling test, with the reason, unless Chromium and its driver are installed. */
    public static void assumeAvailable() {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "browser tests skipped: " + CHROMIUM + " or " + CHROMEDRIVER
                        + " is missing (apt-get install -y chromium chromium-driver)");
    }

    /** Starts a headless browser with a 1400×1000 window and a fresh profile. */
    public static Browser start() throws IOException {
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        Path profile = Files.createTempDirectory("gilprobe-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toString());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1400,1000", "--hide-scrollbars", "--force-device-scale-factor=1",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .build();
        try {
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(120));
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
            return new Browser(driver, profile);
        } catch (RuntimeException e) {
            deleteTree(profile);
            throw e;
        }
    }

    public WebDriver driver() {
        return driver;
    }

    /** Runs {@code script} in the page (Selenium's executeScript: {@code arguments[i]} are the args). */
    @SuppressWarnings("unchecked")
    public <T> T js(String script, Object... args) {
        return (T) ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /**
     * Opens {@code file} and waits until the page has set {@code data-rendered} on its body (gilprobe
     * pages do at the end of their script). Returns the wall time from navigation to that point, ms.
     */
    public long open(Path file) {
        long start = System.nanoTime();
        driver.get(file.toUri().toString());
        new WebDriverWait(driver, Duration.ofSeconds(60))
                .until(d -> js("return document.body && document.body.getAttribute('data-rendered')") != null);
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** Errors the page recorded (window errors, console.error, policy violations), in order. */
    public List<String> pageErrors() {
        List<String> errors = js("return window.__gilprobe ? window.__gilprobe.errors.slice() : ['page has no window.__gilprobe']");
        return List.copyOf(errors);
    }

    /** Whether a JavaScript alert is open (an injected script's favourite proof). */
    public boolean alertOpen() {
        try {
            driver.switchTo().alert();
            return true;
        } catch (NoAlertPresentException e) {
            return false;
        }
    }

    /** Saves a PNG of the whole page (the window is stretched to the page's height, at most 8000 px). */
    public Path screenshot(Path target) throws IOException {
        Dimension before = driver.manage().window().getSize();
        Number height = js("return Math.ceil(document.documentElement.scrollHeight)");
        driver.manage().window().setSize(new Dimension(before.getWidth(), Math.min(8000, height.intValue() + 140)));
        try {
            byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
            Files.createDirectories(target.toAbsolutePath().getParent());
            Files.write(target, png);
            return target;
        } finally {
            driver.manage().window().setSize(before);
        }
    }

    /** Saves a PNG of what the window shows now, without scrolling or resizing (hover states stay). */
    public Path viewportScreenshot(Path target) throws IOException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        Files.write(target, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        return target;
    }

    /** Saves a PNG of the element {@code css} selects; the page's scroll position is kept. */
    public Path screenshotOf(String css, Path target) throws IOException {
        WebElement element = driver.findElement(By.cssSelector(css));
        Number scrolled = js("return window.scrollY");
        js("arguments[0].scrollIntoView({block: 'start'})", element);
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            Files.write(target, element.getScreenshotAs(OutputType.BYTES));
            return target;
        } finally {
            js("window.scrollTo(0, arguments[0])", scrolled);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteTree(profile);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary profile left behind is harmless
        }
    }
}
