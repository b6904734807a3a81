package gilprobe.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import gilprobe.report.merge.MergeReports;
import gilprobe.report.model.Jvm;
import gilprobe.report.model.Report;
import gilprobe.report.model.Run;
import gilprobe.report.testing.SyntheticReports;

/** A merged report ({@code merge}) in a real headless Chromium: the JVM table, its worst JVM marked, the fleet's numbers. */
class MergedReportBrowserTest extends BrowserPageTest {
    private static Report on(Report r, String host, long pid, long start) {
        Run run = r.run();
        return new Report(r.format(), new Run(start, run.durationNanos(), run.availableProcessors(), run.javaVersion(), pid,
                run.options(), run.mainCommand(), run.vmName(), host), r.locks(), r.dispatchLoops(), r.timeline(), r.notes());
    }

    @Test
    void theJvmTableShowsEachJvmAndMarksTheWorst() throws IOException {
        Report quiet = on(SyntheticReports.noContention(), "web-1", 101, 1_700_000_000_000L);
        Report battle = on(SyntheticReports.gilBattle(3, 5_000), SyntheticReports.HOSTILE_NAME, 202, 1_700_000_001_000L);
        Report convoy = on(SyntheticReports.convoy(40), "web-3", 303, 1_700_000_002_000L);
        Report merged = MergeReports.merge(List.of(new MergeReports.Input("quiet.json", quiet),
                new MergeReports.Input("battle.json", battle), new MergeReports.Input("convoy.json", convoy)));
        browser.open(Pages.report("merged", merged));
        assertEquals(List.of(), browser.pageErrors());
        assertEquals("true", browser.driver().findElement(By.cssSelector("body")).getAttribute("data-rendered"));
        assertFalse(browser.alertOpen(), "a hostile host name is text");

        List<String> sections = browser.js("return Array.from(document.querySelectorAll('section.sec')).map(s => s.id)");
        assertEquals(List.of("verdict", "jvms", "timeline-section", "distributions", "threads", "dispatch", "run"), sections);
        List<WebElement> rows = all("#jvms-table tbody tr");
        assertEquals(3, rows.size());
        assertTrue(rows.get(0).isDisplayed());
        for (int i = 0; i < 3; i++) {
            Jvm j = merged.jvms().get(i);
            WebElement row = all("#jvms-table tbody tr[data-jvm='" + i + "']").get(0);
            assertEquals(j.host() + ":" + j.pid(), row.findElement(By.cssSelector("td[data-col=jvm]")).getText().replace("worst", "").trim());
            assertEquals(j.locks().get(0).acquisitions(), Long.parseLong(row.findElement(By.cssSelector("td[data-col=acquisitions]")).getAttribute("data-value")));
            assertEquals(j.locks().get(0).utilization(), Double.parseDouble(row.findElement(By.cssSelector("td[data-col=utilization]")).getAttribute("data-value")), 1e-12);
            WebElement verdict = row.findElement(By.cssSelector("td[data-col=verdict] span"));
            String headline = j.locks().get(0).headline();
            assertEquals(headline, verdict.getAttribute("title"));
            assertTrue(headline.startsWith(verdict.getText() + " "), verdict.getText() + " | " + headline);
            assertEquals("sev-" + j.locks().get(0).severity(), verdict.getAttribute("class"));
        }
        // the worst: the largest wait share of the JVMs' own verdicts
        int worst = 0;
        for (int i = 1; i < 3; i++) {
            if (merged.jvms().get(i).locks().get(0).waitShare() > merged.jvms().get(worst).locks().get(0).waitShare()) {
                worst = i;
            }
        }
        List<WebElement> marked = all("#jvms-table tr.worst");
        assertEquals(1, marked.size());
        assertEquals(String.valueOf(worst), marked.get(0).getAttribute("data-jvm"));
        assertEquals(1, all("#jvms-table .worst-badge").size());
        // the fleet's numbers above it, the threads of every JVM labelled, one lane per thread
        assertEquals(merged.locks().get(0).threads().size(), all("#threads-table tbody tr").size());
        assertTrue(all("#threads-table tbody tr td[data-col=name]").stream().allMatch(td -> td.getText().startsWith("[")));
        int lanes = merged.timeline().lanes().size();
        assertEquals(String.valueOf(lanes), all("#timeline").get(0).getAttribute("data-lanes"));
        assertTrue(browser.driver().findElement(By.id("subtitle")).getText().contains("merged from 3 JVMs"));
        assertEquals("one per JVM (see JVMs)", all("[data-meta=pid]").get(0).getText());
        browser.screenshot(Pages.SCREENSHOTS.resolve("merged.png"));
    }
}
