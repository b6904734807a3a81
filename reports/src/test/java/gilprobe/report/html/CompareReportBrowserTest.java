package gilprobe.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import gilprobe.report.compare.LabeledReport;
import gilprobe.report.model.Report;
import gilprobe.report.testing.SyntheticReports;
import gilprobe.report.verdict.Verdict;

/** The comparison page in a real headless Chromium: runs side by side on shared scales. */
class CompareReportBrowserTest extends BrowserPageTest {
    @Test
    void runsStandSideBySideOnSharedScales() throws IOException {
        List<LabeledReport> runs = List.of(
                new LabeledReport("uncontended", SyntheticReports.noContention()),
                new LabeledReport("GIL battle, 3 threads", SyntheticReports.gilBattle(3, 20_000)),
                new LabeledReport("convoy </script><b>x</b>", SyntheticReports.convoy(40)));
        browser.open(Pages.compare("compare", runs));
        assertEquals(List.of(), browser.pageErrors());
        assertFalse(browser.alertOpen());
        assertEquals(0L, (Long) browser.js("return document.querySelectorAll('b').length - document.querySelectorAll('.headline b, #compare-table td b').length"));

        List<String> labels = all("#compare-table thead th[data-run]").stream().map(WebElement::getText).toList();
        assertEquals(runs.stream().map(LabeledReport::label).toList(), labels);
        for (int i = 0; i < runs.size(); i++) {
            Report r = runs.get(i).report();
            assertEquals(r.locks().get(0).utilization(), value("utilization", i), 1e-12);
            assertEquals(r.run().durationNanos(), value("duration", i), 0.5);
            assertEquals(r.locks().get(0).acquisitions(), value("acquisitions", i), 0);
        }
        // one wall-time scale: the longest run fills its bar, the others in proportion
        List<Number> widths = browser.js("return Array.from(document.querySelectorAll(\"#compare-table td[data-metric=duration] .bar > i\"))"
                + ".map(i => parseFloat(i.style.width))");
        double longest = runs.stream().mapToLong(r -> r.report().run().durationNanos()).max().orElseThrow();
        for (int i = 0; i < runs.size(); i++) {
            assertEquals(100.0 * runs.get(i).report().run().durationNanos() / longest, widths.get(i).doubleValue(), 1e-3);
        }
        // one timeline, a group per run, lanes of every run, one time axis
        int lanes = runs.stream().mapToInt(r -> r.report().timeline().lanes().size()).sum();
        assertEquals(String.valueOf(lanes), all("#timeline").get(0).getAttribute("data-lanes"));
        assertEquals(runs.size(), all("#timeline .lab.group").size());
        assertEquals(longest, Double.parseDouble(all("#timeline").get(0).getAttribute("data-visible-span")), 1.0);
        // the hold and wait plots share their axes
        List<String> holdAxis = axisLabels("hold");
        assertEquals(holdAxis, axisLabels("wait"));
        assertTrue(holdAxis.contains("99%"), holdAxis.toString());
        assertEquals(runs.size(), all("[data-plot=hold] path.series").size());
        assertEquals(runs.size(), all("details.run").size());
        browser.screenshot(Pages.SCREENSHOTS.resolve("compare.png"));
    }

    /** The side-by-side rows show each run's verdict, as its report states it. */
    @Test
    void theRowsAreEachRunsVerdict() throws IOException {
        List<LabeledReport> runs = List.of(
                new LabeledReport("uncontended", SyntheticReports.noContention()),
                new LabeledReport("battle", SyntheticReports.gilBattle(3, 5_000)),
                new LabeledReport("convoy", SyntheticReports.convoy(40)),
                new LabeledReport("never", SyntheticReports.neverAcquired()));
        browser.open(Pages.compare("compare-verdicts", runs));
        assertEquals(List.of(), browser.pageErrors());
        for (int i = 0; i < runs.size(); i++) {
            Verdict v = runs.get(i).report().locks().get(0).verdict();
            String at = runs.get(i).label();
            assertEquals(v.utilization(), value("utilization", i), 0, at);
            assertEquals(v.waitShare(), value("wait-share", i), 0, at);
            assertEquals(v.threadsWaiting(), value("avg-waiting", i), 0, at);
            assertEquals(v.effectiveParallelism(), value("parallelism", i), 0, at);
            assertEquals(v.coresLost(), value("cores-lost", i), 0, at);
            assertEquals(v.whatIf().predictedNanos(), value("what-if", i), 0, at);
            assertTrue(all("#compare-table td[data-metric='what-if'][data-run='" + i + "']").get(0).getText()
                    .endsWith(" faster)"), at);
            assertEquals(v.threadCount(), value("threads", i), 0, at);
            assertEquals(v.contendedShare(), value("contended-share", i), 0, at);
            assertEquals(v.unfairRate(), value("unfair-rate", i), 0, at);
            assertEquals(v.handoffRate(), value("handoff-rate", i), 0, at);
            if (Double.isFinite(v.speedupCap())) {
                assertEquals(v.speedupCap(), value("speedup-bound", i), 0, at);
            }
            WebElement diagnosis = all("#compare-table td[data-metric='diagnosis'][data-run='" + i + "']").get(0);
            assertEquals(v.diagnosis(), diagnosis.getAttribute("data-diagnosis"), at);
            assertEquals(v.headline(), browser.js("return arguments[0].textContent", diagnosis), at);
        }
        assertEquals("gil-battle", all("#compare-table td[data-metric='diagnosis'][data-run='1']").get(0).getAttribute("data-diagnosis"));
    }

    private static double value(String metric, int run) {
        return Double.parseDouble(all("#compare-table td[data-metric='" + metric + "'][data-run='" + run + "']").get(0)
                .getAttribute("data-value"));
    }

    private static List<String> axisLabels(String plot) {
        return browser.js("return Array.from(document.querySelectorAll('[data-plot=" + plot + "] svg text')).map(t => t.textContent)"
                + ".filter(t => t !== 'hold time' && t !== 'wait time')");
    }

    /**
     * Runs with several locks are compared lock by lock: the same spec in each run; a run without that lock
     * shows '–'; the buttons switch the whole page to another lock.
     */
    @Test
    void runsWithSeveralLocksAreComparedLockByLock() throws IOException {
        Report battle = SyntheticReports.gilBattle(2, 200);
        Report quiet = SyntheticReports.noContention();
        gilprobe.report.model.LockReport other = withSpec(quiet.locks().get(0), "lock=demo.Other.lock");
        Report two = new Report(battle.format(), battle.run(), List.of(battle.locks().get(0), other.withTimeline(quiet.timeline())),
                battle.dispatchLoops(), battle.timeline(), battle.notes());
        List<LabeledReport> runs = List.of(new LabeledReport("two locks", two), new LabeledReport("one lock", battle));
        browser.open(Pages.compare("compare-locks", runs));
        assertEquals(List.of(), browser.pageErrors());
        assertEquals(List.of(battle.locks().get(0).spec(), "lock=demo.Other.lock"),
                all("#lock-choice button").stream().map(b -> b.getAttribute("data-spec")).toList());
        assertEquals(battle.locks().get(0).acquisitions(), value("acquisitions", 0), 0);
        assertEquals(battle.locks().get(0).acquisitions(), value("acquisitions", 1), 0);

        all("#lock-choice button").get(1).click();
        assertEquals(List.of(), browser.pageErrors());
        assertEquals("true", all("#lock-choice button").get(1).getAttribute("aria-pressed"));
        assertEquals(other.acquisitions(), value("acquisitions", 0), 0);
        assertEquals("–", all("#compare-table td[data-metric=acquisitions]").get(1).getText(), "the other run has no such lock");
        assertEquals(1, all("section#summary").size(), "the page is redrawn, not appended to");
    }

    private static gilprobe.report.model.LockReport withSpec(gilprobe.report.model.LockReport l, String spec) {
        return new gilprobe.report.model.LockReport(spec, "lock", l.acquisitions(), l.contendedAcquisitions(), l.heldNanos(),
                l.waitNanos(), l.conditionWaitNanos(), l.utilization(), l.handoffs(), l.holdTimes(), l.waitTimes(), l.threads(),
                l.conditionWaits(), l.ticksPerHold(), l.acquired(), l.suggestions(), l.instances());
    }

    /** A find=true run without a designated lock stands beside a run with one: its cells say there is no lock. */
    @Test
    void aRunWithoutADesignatedLockComparesToo() throws IOException {
        Report full = SyntheticReports.full();
        Report find = new Report(Report.FORMAT, full.run(), List.of(), List.of(), null, List.of("find: a note"), null,
                List.of(new gilprobe.report.model.Candidate("monitor=a.B.GIL", "monitor", "field a.B.GIL (1 object)", 10, 5,
                        100, 50, 0, 50, 0.5, 2, 2, 1, "synchronized block a.B.run:1")));
        browser.open(Pages.compare("compare-find", List.of(new LabeledReport("find", find), new LabeledReport("designated", full))));
        assertEquals(List.of(), browser.pageErrors());
        assertEquals("true", browser.driver().findElement(By.cssSelector("body")).getAttribute("data-rendered"));
        assertEquals("no lock", browser.driver().findElement(By.cssSelector("td[data-metric='diagnosis'][data-run='0']")).getText());
    }
}
