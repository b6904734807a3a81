package gilprobe.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import gilprobe.it.programs.HostileNames;
import gilprobe.report.model.LockReport;
import gilprobe.report.testing.Browser;

/** Reports the agent wrote for real runs, opened in headless Chromium; screenshots kept in target/screenshots. */
class SampleReportsIT {
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        Browser.assumeAvailable();
        browser = Browser.start();
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
    }

    private static void openAndCheck(Path html) {
        browser.open(html);
        assertEquals(List.of(), browser.pageErrors(), html + ": the page recorded errors");
        assertEquals("true", browser.driver().findElement(By.cssSelector("body")).getAttribute("data-rendered"));
        assertFalse(browser.alertOpen());
    }

    private static String attr(String css, String name) {
        return browser.driver().findElement(By.cssSelector(css)).getAttribute(name);
    }

    @Test
    void minipyUnderTheOldGil() throws Exception {
        Path prog = DispatchLoopsIT.program(DispatchLoopsIT.TWO_THREADS);
        var r = ChildJvm.withAgent(DispatchLoopsIT.GIL).classpath(ChildJvm.SAMPLE_APPS_JAR.toString())
                .run(DispatchLoopsIT.MINIPY, "--gil", "old", prog.toString());
        assertEquals(0, r.exitCode(), r.stderr());
        Path html = Path.of(r.prefix() + ".html");
        openAndCheck(html);
        LockReport lock = r.lock();
        assertEquals(String.valueOf(r.report().timeline().lanes().size()), attr("#timeline", "data-lanes"));
        assertEquals(String.valueOf(lock.acquisitions()), attr("[data-metric=acquisitions]", "data-value"));
        for (var t : lock.threads()) {
            String row = "#threads-table tr[data-thread-id='" + t.id() + "'] ";
            assertEquals(String.valueOf(t.acquisitions()), attr(row + "td[data-col=acquisitions]", "data-value"));
            assertEquals(String.valueOf(t.waitNanos()), attr(row + "td[data-col=wait]", "data-value"));
        }
        assertEquals(1, browser.driver().findElements(By.cssSelector("#loops tbody tr")).size(), "minipy's dispatch loop");
        browser.screenshot(SCREENSHOTS.resolve("minipy-old-gil.png"));

        // the same report rendered again from its JSON by the CLI, and two runs compared
        Path again = html.resolveSibling("again.html");
        AgentJarIT.runJar("report", r.prefix() + ".json", "-o", again.toString());
        openAndCheck(again);
        var none = ChildJvm.withAgent(DispatchLoopsIT.GIL).classpath(ChildJvm.SAMPLE_APPS_JAR.toString())
                .run(DispatchLoopsIT.MINIPY, "--gil", "none", prog.toString());
        Path compare = html.resolveSibling("compare.html");
        AgentJarIT.runJar("compare", r.prefix() + ".json", none.prefix() + ".json", "-o", compare.toString());
        openAndCheck(compare);
        browser.screenshot(SCREENSHOTS.resolve("minipy-old-vs-none.png"));
    }

    @Test
    void hostileThreadNamesAreShownAsText() throws Exception {
        var r = ChildJvm.withAgent("monitor=gilprobe.it.programs.HostileNames.LOCK").run("gilprobe.it.programs.HostileNames");
        assertEquals(0, r.exitCode(), r.stderr());
        openAndCheck(Path.of(r.prefix() + ".html"));
        assertEquals(0L, (Long) browser.js("return document.querySelectorAll('img, svg[onload]').length"));
        String text = browser.js("return document.body.textContent");
        for (String name : HostileNames.NAMES) {
            assertTrue(text.contains(name), "shown as text: " + name);
        }
        assertEquals(4000, r.lock().acquisitions());
        browser.screenshot(SCREENSHOTS.resolve("hostile-names.png"));
    }

    /** Measured, not asserted: the size and rendering time of a real run of 10^6 acquisitions (README). */
    @Test
    void aMillionAcquisitionRun() throws Exception {
        var r = ChildJvm.withAgent("monitor=gilprobe.it.programs.SyncBlocks.LOCK,timeline=1000000")
                .run("gilprobe.it.programs.SyncBlocks", "2", "500000");
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals(1_000_000, r.lock().acquisitions());
        Path html = Path.of(r.prefix() + ".html");
        long millis = browser.open(html);
        assertEquals(List.of(), browser.pageErrors());
        assertEquals("true", attr("body", "data-rendered"));
        assertEquals(String.valueOf(r.report().timeline().lanes().size()), attr("#timeline", "data-lanes"));
        long intervals = r.report().timeline().lanes().stream().mapToLong(l -> l.intervals().size()).sum();
        System.out.printf("10^6 acquisitions: %d timeline intervals, JSON %.1f MB, HTML %.1f MB, opened and rendered in %d ms%n",
                intervals, Files.size(Path.of(r.prefix() + ".json")) / 1e6, Files.size(html) / 1e6, millis);
        browser.screenshot(SCREENSHOTS.resolve("million-acquisitions.png"));
    }
}
