package gilprobe.report.html;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import gilprobe.report.testing.Browser;

/**
 * The browser of the page tests: one headless Chromium per test class, started before its first test (the
 * class is skipped when no Chromium is installed) and closed after its last.
 */
abstract class BrowserPageTest {
    static Browser browser;

    @BeforeAll
    static void startBrowser() throws IOException {
        Browser.assumeAvailable();
        browser = Browser.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }

    /** The open page's elements matching {@code css}. */
    static List<WebElement> all(String css) {
        return browser.driver().findElements(By.cssSelector(css));
    }
}
