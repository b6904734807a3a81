package gilprobe.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

import gilprobe.report.model.Candidate;
import gilprobe.report.model.Handoffs;
import gilprobe.report.model.LockReport;
import gilprobe.report.model.Report;
import gilprobe.report.model.ThreadReport;
import gilprobe.report.json.ReportJson;
import gilprobe.report.testing.SyntheticReports;
import gilprobe.report.verdict.Verdict;

/** The single-run page in a real headless Chromium: what a reader sees, and that it is the JSON's numbers. */
class HtmlReportBrowserTest extends BrowserPageTest {
    /** Writes and opens the page; asserts it rendered with no recorded error. Returns the open time, ms. */
    private static long render(String name, Report report) throws IOException {
        long millis = browser.open(Pages.report(name, report));
        assertEquals(List.of(), browser.pageErrors(), name + ": the page recorded errors");
        assertEquals("true", attr("body", "data-rendered"));
        assertFalse(browser.alertOpen());
        return millis;
    }

    private static WebElement el(String css) {
        return browser.driver().findElement(By.cssSelector(css));
    }

    private static String attr(String css, String name) {
        return el(css).getAttribute(name);
    }

    private static double span() {
        return Double.parseDouble(attr("#timeline", "data-visible-span"));
    }

    @Test
    void fullReportRendersEverySectionWithTheNumbersOfTheJson() throws IOException {
        Report report = SyntheticReports.full();
        render("full", report);
        List<String> sections = browser.js("return Array.from(document.querySelectorAll('section.sec')).map(s => s.id)");
        assertEquals(List.of("verdict", "timeline-section", "distributions", "threads", "dispatch", "run"), sections);
        assertEquals("3", attr("#timeline", "data-lanes"));
        assertEquals("17", attr("[data-dropped]", "data-dropped"));
        LockReport lock = report.locks().get(0);
        assertMetric("acquisitions", lock.acquisitions(), String.format(Locale.US, "%,d", lock.acquisitions()));
        assertMetric("contended", lock.contendedAcquisitions(), String.format(Locale.US, "%,d", lock.contendedAcquisitions()));
        assertMetric("utilization", lock.utilization(), percent(lock.utilization()));
        assertMetric("speedup-bound", 1 / lock.utilization(), String.format(Locale.ROOT, "%.2f×", 1 / lock.utilization()));
        for (ThreadReport t : lock.threads()) {
            String row = "#threads-table tr[data-thread-id='" + t.id() + "'] ";
            assertEquals(String.valueOf(t.acquisitions()), attr(row + "td[data-col=acquisitions]", "data-value"));
            assertEquals(String.format(Locale.US, "%,d", t.acquisitions()), el(row + "td[data-col=acquisitions]").getText());
            assertEquals(String.valueOf(t.contendedAcquisitions()), attr(row + "td[data-col=contended]", "data-value"));
            assertEquals(String.valueOf(t.heldNanos()), attr(row + "td[data-col=held]", "data-value"));
            assertEquals(t.name(), browser.js("return arguments[0].firstChild.textContent", el(row + "td[data-col=name]")));
        }
        for (Handoffs.Edge e : lock.handoffs().matrix()) {
            assertEquals(String.valueOf(e.count()),
                    attr("#handoffs td[data-from='" + e.fromId() + "'][data-to='" + e.toId() + "']", "data-value"));
        }
        assertEquals(2, all("#notes li").size());
        assertEquals(report.run().options(), el("dd[data-meta=options]").getText());
        assertEquals(1, all("#loops tbody tr").size());
        assertEquals(3, all("[data-plot]").size(), "hold, wait and ticks-per-hold plots");
        WebElement plot = el("[data-plot=hold] svg");
        new Actions(browser.driver()).moveToElement(plot, plot.getSize().getWidth() / 4, 0).perform();
        String tip = browser.js("return document.querySelector('[data-plot=hold] .tip').textContent");
        assertTrue(tip.startsWith("at ") && tip.contains("all threads"), tip);
        new Actions(browser.driver()).moveToElement(el("#verdict h2")).perform();
        browser.screenshot(Pages.SCREENSHOTS.resolve("full.png"));
        browser.screenshotOf("#timeline-section", Pages.SCREENSHOTS.resolve("full-timeline.png"));
    }

    /** Dispatch rate (ticks per second held) and the share of ticks under the lock: the page's numbers are the Report's. */
    @Test
    void dispatchRatesAreComputedFromTheTicksAndHoldTimes() throws IOException {
        Report report = SyntheticReports.full();
        render("dispatch-rates", report);
        LockReport lock = report.locks().get(0);
        long held = 0;
        long notHeld = 0;
        for (ThreadReport t : lock.threads()) {
            held += t.ticksHeld();
            notHeld += t.ticksNotHeld();
            String row = "#threads-table tr[data-thread-id='" + t.id() + "'] ";
            assertEquals(String.valueOf(t.ticksHeld()), attr(row + "td[data-col=ticks-held]", "data-value"));
            assertEquals(String.valueOf(t.ticksNotHeld()), attr(row + "td[data-col=ticks-not-held]", "data-value"));
            double rate = t.ticksHeld() / (t.heldNanos() / 1e9);
            assertRelative(rate, Double.parseDouble(attr(row + "td[data-col=dispatch-rate]", "data-value")), "rate of " + t.id());
            assertTrue(el(row + "td[data-col=dispatch-rate]").getText().endsWith(" ticks/s"), el(row + "td[data-col=dispatch-rate]").getText());
        }
        assertTrue(held > 0 && notHeld > 0, "the synthetic report runs ticks with and without the lock");
        double rate = held / (lock.heldNanos() / 1e9);
        assertRelative(rate, Double.parseDouble(attr("#dispatch [data-metric=dispatch-rate]", "data-value")), "lock dispatch rate");
        assertEquals(String.format(Locale.ROOT, "%.2f M ticks/s", rate / 1e6), el("#dispatch [data-metric=dispatch-rate] .v").getText());
        double share = (double) held / (held + notHeld);
        assertRelative(share, Double.parseDouble(attr("#dispatch [data-metric=ticks-held-share]", "data-value")), "ticks held share");
        assertEquals(percent(share), el("#dispatch [data-metric=ticks-held-share] .v").getText());
        assertTrue(attr("#dispatch [data-metric=dispatch-rate]", "title").contains("ticks held"), "the card explains itself");
        assertTrue(el("#dispatch details.defs").getText().contains("How these numbers are computed"));

        browser.screenshotOf("#threads", Pages.SCREENSHOTS.resolve("full-threads.png"));
        browser.screenshotOf("#dispatch", Pages.SCREENSHOTS.resolve("full-dispatch.png"));
        Number overflow = browser.js("var w = document.querySelector('#threads-table'); return w.scrollWidth - w.clientWidth");
        System.out.println("[gilprobe] threads table overflows its box by " + overflow + " px at 1400 px");
        WebElement header = el("#threads-table th[data-col=dispatch-rate]");
        header.click();
        List<Double> down = all("#threads-table tbody td[data-col=dispatch-rate]").stream()
                .map(td -> Double.parseDouble(td.getAttribute("data-value"))).toList();
        assertEquals(down.stream().sorted(java.util.Comparator.reverseOrder()).toList(), down);
        assertEquals("descending", header.getAttribute("aria-sort"));
        assertEquals(List.of(), browser.pageErrors());
    }

    @Test
    void withoutDispatchLoopsTheTickColumnsAndRatesAreAbsent() throws IOException {
        Report full = SyntheticReports.full();
        LockReport l = full.locks().get(0);
        List<ThreadReport> noTicks = l.threads().stream().map(t -> new ThreadReport(t.name(), t.id(), t.acquisitions(),
                t.contendedAcquisitions(), t.heldNanos(), t.waitNanos(), t.holdTimes(), t.waitTimes(), 0, 0,
                t.conditionWaitNanos(), t.selfReacquire(), t.unfairSelfReacquire(), t.alive())).toList();
        LockReport lock = new LockReport(l.spec(), l.kind(), l.acquisitions(), l.contendedAcquisitions(), l.heldNanos(),
                l.waitNanos(), l.conditionWaitNanos(), l.utilization(), l.handoffs(), l.holdTimes(), l.waitTimes(), noTicks,
                l.conditionWaits(), gilprobe.report.model.Dist.empty(), l.acquired(), l.suggestions(), l.instances());
        render("no-dispatch", new Report(Report.FORMAT, full.run(), List.of(lock), List.of(), full.timeline(), full.notes()));
        assertEquals(3, all("#threads-table tbody tr").size());
        for (String col : List.of("ticks-held", "ticks-not-held", "dispatch-rate")) {
            assertEquals(0, all("#threads-table [data-col=" + col + "]").size(), col);
        }
        assertEquals(0, all("[data-metric=dispatch-rate], [data-metric=ticks-held-share], #dispatch-summary").size());
        assertTrue(el("#dispatch").getText().contains("No bytecode-dispatch loop was detected"));
    }

    @Test
    void aHostileThreadNameIsShownAsTextAndRunsNothing() throws IOException {
        render("hostile", SyntheticReports.full());
        assertFalse(browser.alertOpen(), "an alert opened");
        assertEquals(0L, (Long) browser.js("return document.querySelectorAll('img').length"), "an <img> was injected");
        String text = browser.js("return document.body.textContent");
        assertTrue(text.contains(SyntheticReports.HOSTILE_NAME), "the hostile name is not shown as text");
        assertEquals(5L, (Long) browser.js("return document.scripts.length"),
                "2 page scripts + page, data, derived JSON blocks, nothing else");
    }

    @Test
    void theThreadsTableSortsByAClickedColumn() throws IOException {
        render("sorting", SyntheticReports.gilBattle(3, 3_000));
        WebElement header = el("#threads-table th[data-col=acquisitions]");
        header.click();
        List<Long> down = columnValues("acquisitions");
        assertEquals(down.stream().sorted(java.util.Comparator.reverseOrder()).toList(), down);
        assertEquals("descending", header.getAttribute("aria-sort"));
        header.click();
        List<Long> up = columnValues("acquisitions");
        assertEquals(up.stream().sorted().toList(), up);
    }

    private static List<Long> columnValues(String col) {
        return all("#threads-table tbody td[data-col=" + col + "]").stream()
                .map(td -> Long.parseLong(td.getAttribute("data-value"))).toList();
    }

    /**
     * The size the budget is about: a GIL battle of three threads with a million timeline intervals.
     * Prints the page's size and how long it takes to open; asserts the timeline zooms (buttons and
     * wheel), pans, draws both states, and shows one acquisition's numbers on hover.
     */
    @Test
    void aMillionIntervalGilBattleRendersZoomsAndPans() throws IOException {
        Report report = SyntheticReports.gilBattle(3, 1_000_000);
        int intervals = report.timeline().lanes().stream().mapToInt(l -> l.intervals().size()).sum();
        long write = System.nanoTime();
        Path file = Pages.report("gil-battle-1e6", report);
        long writeMillis = (System.nanoTime() - write) / 1_000_000;
        long openMillis = render("gil-battle-1e6", report);
        Number renderMillis = browser.js("return window.__gilprobe.renderMillis");
        Number loadMillis = browser.js("return performance.getEntriesByType('navigation')[0].loadEventEnd");
        System.out.printf(Locale.ROOT, "[gilprobe] %,d-interval report: HTML %.1f MB, written in %d ms; browser: page script %.0f ms,"
                        + " load event at %.0f ms, open-to-rendered %d ms, whole-run timeline draw %s ms%n",
                intervals, Files.size(file) / 1e6, writeMillis, renderMillis.doubleValue(), loadMillis.doubleValue(),
                openMillis, attr("#timeline", "data-draw-ms"));

        assertEquals("gil-battle", attr(".headline", "data-diagnosis"));
        assertEquals("3", attr("#timeline", "data-lanes"));
        assertEquals(String.valueOf(intervals), attr("#timeline", "data-intervals"));
        assertTrue(statePixels(0x0072B2) > 100, "hold drawn");
        assertTrue(statePixels(0xD55E00) > 100, "wait drawn");
        assertEquals(0L, (Long) browser.js("return performance.getEntriesByType('resource').length"), "no request made");

        double whole = span();
        el("#tl-zoom-in").click();
        double zoomed = span();
        assertEquals(whole / 2, zoomed, 1.0, "the zoom-in button halves the visible span");
        browser.js("var c = document.querySelector('#timeline canvas'), r = c.getBoundingClientRect();"
                + "c.dispatchEvent(new WheelEvent('wheel', {deltaY: -500, clientX: r.left + r.width / 2,"
                + " clientY: r.top + 40, bubbles: true, cancelable: true}));");
        double wheeled = span();
        assertTrue(wheeled < zoomed * 0.5, "wheel zoomed in: " + zoomed + " -> " + wheeled);
        double start = Double.parseDouble(attr("#timeline", "data-view-start"));
        WebElement canvas = el("#timeline canvas");
        new Actions(browser.driver()).moveToElement(canvas).clickAndHold().moveByOffset(-300, 0).release().perform();
        double panned = Double.parseDouble(attr("#timeline", "data-view-start"));
        assertTrue(panned > start, "dragging left moves the view later: " + start + " -> " + panned);
        assertEquals(wheeled, span(), 1.0, "panning keeps the span");

        // down to single acquisitions (holds are 2..20 µs): a 40 µs window, then hover the first lane
        browser.js("document.querySelector('#tl-reset').click()");
        while (span() > 40_000) {
            el("#tl-zoom-in").click();
        }
        new Actions(browser.driver()).moveToElement(canvas, 0, -canvas.getSize().getHeight() / 2 + 26 + 11).perform();
        String tooltip = browser.js("return document.querySelector('#timeline .tip').textContent");
        assertTrue(tooltip.contains("duration") || tooltip.contains("neither"), tooltip);
        browser.viewportScreenshot(Pages.SCREENSHOTS.resolve("gil-battle-1e6-hover.png"));
        el("#tl-zoom-out").click();
        el("#tl-zoom-out").click();
        el("#tl-zoom-out").click();
        el("#tl-zoom-out").click();
        browser.screenshotOf("#timeline-section", Pages.SCREENSHOTS.resolve("gil-battle-1e6-timeline-zoomed.png"));
        browser.js("document.querySelector('#tl-reset').click()");
        browser.screenshot(Pages.SCREENSHOTS.resolve("gil-battle-1e6.png"));
        browser.screenshotOf("#timeline-section", Pages.SCREENSHOTS.resolve("gil-battle-1e6-timeline.png"));
    }

    private static double num(String css, String name) {
        return Double.parseDouble(attr(css, name));
    }

    /**
     * A 10.5 s run whose exact timeline kept only its last moments: the page opens on the whole run drawn from
     * the buckets (no lane "not recorded" anywhere in the run, the holds of main's start-up painted), and the
     * kept window switches to exact intervals.
     */
    @Test
    void aLongRunIsDrawnWholeFromItsBucketsAndExactInItsKeptWindow() throws IOException {
        Report report = SyntheticReports.startupThenBattle(2_000);
        long windowStart = report.timeline().windowStartNanos();
        assertTrue(report.timeline().droppedEvents() > 10_000, "most intervals were dropped");
        assertTrue(windowStart > SyntheticReports.BATTLE_START, "the kept window is inside the battle");
        render("startup-then-battle", report);
        assertEquals(String.valueOf(windowStart), attr("#timeline", "data-exact-start"));
        assertEquals("0", attr("#timeline", "data-cut-px"), "no lane is hatched \"not recorded\" over the run");
        double bucketPx = num("#timeline", "data-bucket-px");
        double exactPx = num("#timeline", "data-exact-px");
        assertTrue(bucketPx > 0 && exactPx > 0, bucketPx + " / " + exactPx);
        // three lanes, each drawn from the buckets up to the window and exactly after it
        double share = bucketPx / (bucketPx + exactPx);
        assertEquals((double) windowStart / SyntheticReports.LONG_RUN, share, 0.02, "the buckets draw the part before the window");
        long holdPixels = statePixels(0x0072B2);
        assertTrue(holdPixels > 1_000, "main's start-up holds are painted: " + holdPixels);
        assertTrue(el("#tl-buckets-note").getText().contains("whole-run buckets"));
        browser.screenshotOf("#timeline-section", Pages.SCREENSHOTS.resolve("startup-then-battle-whole-run.png"));

        el("#tl-kept-window").click();
        assertEquals("0", attr("#timeline", "data-bucket-px"), "inside the kept window nothing comes from the buckets");
        assertTrue(num("#timeline", "data-exact-px") > 0);
        assertEquals("0", attr("#timeline", "data-cut-px"));
        // zoomed into a millisecond of the battle: single 100 µs intervals, each its own run of pixels
        browser.js("document.querySelector('#tl-reset').click()");
        double mid = (windowStart + SyntheticReports.BATTLE_END) / 2.0;
        browser.js("document.querySelector('#timeline').tlSetView(arguments[0], arguments[1])", mid, mid + 1_000_000);
        assertEquals("0", attr("#timeline", "data-bucket-px"));
        assertTrue(statePixels(0x0072B2) > 0 && statePixels(0xD55E00) > 0, "holds and waits drawn from exact intervals");
        browser.screenshotOf("#timeline-section", Pages.SCREENSHOTS.resolve("startup-then-battle-exact.png"));
    }

    /**
     * Range selection: the whole run selected gives the numbers of locks[0].verdict (the same formulas, over
     * the same spans), and the proposed contended phase is the battle, with the numbers the history implies.
     */
    @Test
    void selectingARangeRecomputesTheVerdictsNumbersAndTheBattleIsProposed() throws IOException {
        Report report = SyntheticReports.startupThenBattle(2_000);
        Verdict v = report.locks().get(0).verdict();
        assertEquals("buckets", v.spanSource(), "the verdict's spans come from the buckets: the timeline dropped events");
        render("startup-then-battle-range", report);
        el("#tl-select-view").click();
        assertEquals("0", attr("#tl-range", "data-start"));
        assertEquals(String.valueOf(SyntheticReports.LONG_RUN), attr("#tl-range", "data-end"));
        assertEquals(v.utilization(), num("#tl-range", "data-utilization"), 1e-9);
        assertEquals(v.threadsWaiting(), num("#tl-range", "data-threads-waiting"), 1e-9);
        assertEquals(v.waitShare(), num("#tl-range", "data-wait-share"), 1e-9);
        assertEquals(v.effectiveParallelism(), num("#tl-range", "data-effective-parallelism"), 1e-9);
        assertEquals(v.coresLost(), num("#tl-range", "data-cores-lost"), 1e-9);
        assertEquals(v.threadCount(), (int) num("#tl-range", "data-thread-count"));
        assertEquals(v.whatIf().predictedNanos(), num("#tl-range", "data-predicted-nanos"), 1.0, "the range's what-if is the verdict's");
        // whole-run numbers: the start-up dilutes the battle
        assertTrue(v.threadsWaiting() < 0.25, "over the whole run few threads wait: " + v.threadsWaiting());

        // the battle stands out: proposed, to within a bucket at each end
        long w = SyntheticReports.LONG_RUN_BUCKET;
        assertEquals(SyntheticReports.BATTLE_START, num("#timeline", "data-phase-start"), w);
        assertEquals(SyntheticReports.BATTLE_END, num("#timeline", "data-phase-end"), w);
        el("#tl-select-phase").click();
        // in the battle: the lock always held, one worker always waiting, one core lost of 2;
        // each worker holds half and waits half: wait share 1/2
        assertEquals(1.0, num("#tl-range", "data-utilization"), 0.01);
        assertEquals(1.0, num("#tl-range", "data-threads-waiting"), 0.01);
        assertEquals(0.5, num("#tl-range", "data-wait-share"), 0.01);
        assertEquals(1.0, num("#tl-range", "data-effective-parallelism"), 0.01);
        assertEquals(1.0, num("#tl-range", "data-cores-lost"), 0.01);
        // the battle without the lock: each worker's work (its holds) on its own core, half the phase
        double phase = num("#tl-range", "data-end") - num("#tl-range", "data-start");
        assertEquals(phase / 2, num("#tl-range", "data-predicted-nanos"), phase * 0.02);
        assertTrue(el("#tl-range").getText().contains("Selected range"));
        browser.screenshotOf("#timeline-section", Pages.SCREENSHOTS.resolve("startup-then-battle-phase.png"));

        // a shift-drag selects too: over the start-up, one thread holds alone and nobody waits
        WebElement canvas = el("#timeline canvas");
        browser.js("document.querySelector('#tl-reset').click()");
        int width = canvas.getSize().getWidth();
        new Actions(browser.driver()).keyDown(org.openqa.selenium.Keys.SHIFT)
                .moveToElement(canvas, -width / 2 + width / 10, 0).clickAndHold()
                .moveToElement(canvas, -width / 2 + width / 4, 0).release().keyUp(org.openqa.selenium.Keys.SHIFT).perform();
        double start = num("#tl-range", "data-start");
        double end = num("#tl-range", "data-end");
        assertTrue(start > 0 && end < SyntheticReports.BATTLE_START && end > start, start + ".." + end);
        assertEquals(0.0, num("#tl-range", "data-threads-waiting"), 1e-9);
        assertEquals(1.0, num("#tl-range", "data-utilization"), 0.01);
    }

    /** A run without a phase that stands out proposes none; a report without buckets has no range panel. */
    @Test
    void noPhaseIsProposedWhenNoneStandsOut() throws IOException {
        render("gil-battle-no-buckets", SyntheticReports.gilBattle(2, 2_000));
        assertTrue(all("#tl-range").isEmpty(), "no buckets: no range numbers");
        assertTrue(all("#tl-select-phase").isEmpty());
        Report full = SyntheticReports.full();
        render("full-buckets", full);
        assertFalse(all("#tl-range").isEmpty());
        assertTrue(all("#tl-select-phase").isEmpty(), "full's waits are spread over the whole run");
        assertEquals(null, el("#timeline").getAttribute("data-phase-start"));
    }

    /** Pixels of the timeline canvas's lanes painted in {@code rgb} (within 2 per channel). */
    private static long statePixels(int rgb) {
        Number n = browser.js("var c = document.querySelector('#timeline canvas'), x = c.getContext('2d'), dpr = window.devicePixelRatio || 1;"
                + "var count = 0, r = arguments[0] >> 16, g = (arguments[0] >> 8) & 255, b = arguments[0] & 255;"
                + "var y0 = Math.round(26 * dpr), d = x.getImageData(0, y0, c.width, c.height - y0).data;"
                + "for (var i = 0; i < d.length; i += 4)"
                + " if (Math.abs(d[i] - r) <= 2 && Math.abs(d[i + 1] - g) <= 2 && Math.abs(d[i + 2] - b) <= 2) count++;"
                + "return count;", rgb);
        return n.longValue();
    }

    @Test
    void aConvoyIsDiagnosed() throws IOException {
        render("convoy", SyntheticReports.convoy(200));
        List<String> ids = all("[data-diagnosis]").stream().map(e -> e.getAttribute("data-diagnosis")).toList();
        assertTrue(ids.contains("convoy"), ids.toString());
        assertTrue(el("[data-diagnosis=convoy]").getText().contains("io holds the lock 20.0 µs at a time"));
        browser.screenshot(Pages.SCREENSHOTS.resolve("convoy.png"));
    }

    /**
     * What the verdict section shows is locks[0].verdict of the JSON embedded in the page, word for word and
     * number for number, whatever that verdict says: the page computes none of it.
     */
    @Test
    void theVerdictShownIsTheJsonsVerdict() throws IOException {
        for (Report report : List.of(SyntheticReports.gilBattle(3, 5_000), SyntheticReports.convoy(50),
                SyntheticReports.full(), SyntheticReports.noContention())) {
            render("verdict-" + report.locks().get(0).verdict().diagnosis(), report);
            Verdict v = embeddedVerdict();
            assertEquals(report.locks().get(0).verdict(), v, "the page embeds the report's verdict");
            assertShows(v);
        }
        // a verdict nothing could compute from these numbers is shown exactly as written
        Report quiet = SyntheticReports.noContention();
        LockReport lock = quiet.locks().get(0);
        Verdict.Diagnosis first = new Verdict.Diagnosis("gil-battle", "bad", "Stated.", "Not computed by the page.");
        Verdict.Diagnosis second = new Verdict.Diagnosis("serial", "warn", "Also stated.", "Shown second.");
        Verdict stated = new Verdict("gil-battle", "bad", first.line(), "A summary written by hand.", List.of(first, second), 7,
                3, 1, 0.123, 8.13, 0.456, 0.5, 1.25, 0.75, 1.5, 0.0625, 0.03125, 0.2, 0.4, "run", "span", null,
                lock.verdict().threads());
        Report shown = new Report(quiet.format(), quiet.run(), List.of(lock.withVerdict(stated)), quiet.dispatchLoops(),
                quiet.timeline(), quiet.notes());
        render("verdict-stated", shown);
        assertEquals(stated, embeddedVerdict());
        assertShows(stated);
    }

    private static Verdict embeddedVerdict() throws IOException {
        String json = browser.js("return document.getElementById('data').textContent");
        return ReportJson.read(new java.io.StringReader(json)).locks().get(0).verdict();
    }

    private static void assertShows(Verdict v) {
        String name = v.diagnosis();
        assertEquals(v.diagnosis(), attr(".headline", "data-diagnosis"), name);
        assertTrue(attr(".headline", "class").contains("sev-" + v.severity()), name);
        assertEquals(v.headline(), browser.js("return document.querySelector('.headline').textContent"), name);
        assertEquals(v.summary(), browser.js("return document.getElementById('verdict-summary').textContent"), name);
        assertEquals(v.diagnoses().stream().map(Verdict.Diagnosis::code).toList(),
                all("#verdict [data-diagnosis]").stream().map(e -> e.getAttribute("data-diagnosis")).toList(), name);
        List<String> others = browser.js("return Array.from(document.querySelectorAll('#verdict .diag')).map(d => d.textContent)");
        assertEquals(v.diagnoses().stream().skip(1).map(Verdict.Diagnosis::line).toList(), others, name);
        assertNumber("utilization", v.utilization());
        assertNumber("speedup-bound", v.speedupCap());
        assertNumber("wait-share", v.waitShare());
        assertNumber("cores-lost", v.coresLost());
        assertNumber("parallelism", v.effectiveParallelism());
        assertNumber("avg-waiting", v.threadsWaiting());
        assertNumber("self-reacquire-rate", v.selfReacquireRate());
        assertNumber("unfair-rate", v.unfairRate());
        assertEquals(percent(v.waitShare()), el("[data-metric='wait-share'] .v").getText());
        assertTrue(el("[data-metric='cores-lost'] .sub").getText().contains("of " + v.cores() + " core"), name);
        assertTrue(el("[data-metric='contended'] .sub").getText().startsWith(percent(v.contendedShare())), name);
        // the what-if under the summary, as written (none for a verdict written without one)
        List<String> whatIf = browser.js("return Array.from(document.querySelectorAll('#verdict-whatif')).map(p => p.textContent)");
        if (v.whatIf() == null) {
            assertEquals(List.of(), whatIf, name);
        } else {
            assertEquals(1, whatIf.size(), name);
            assertEquals(v.whatIf().predictedNanos(), Long.parseLong(attr("#verdict-whatif", "data-predicted")), name);
            assertEquals(v.whatIf().speedup(), Double.parseDouble(attr("#verdict-whatif", "data-speedup")), 0, name);
            assertTrue(whatIf.get(0).startsWith("Without this lock: about "), whatIf.get(0));
            assertTrue(whatIf.get(0).contains(String.format(java.util.Locale.ROOT, " (%.2f× faster). ", v.whatIf().speedup()))
                    || v.whatIf().speedup() >= 10, whatIf.get(0));
            assertTrue(whatIf.get(0).endsWith(v.whatIf().method()), whatIf.get(0));
        }
        for (Verdict.ThreadNumbers t : v.threads()) {
            String cell = "#threads-table tr[data-thread-id='" + t.id() + "'] td[data-col=wait] .pct";
            assertEquals(t.waitShare(), Double.parseDouble(attr(cell, "data-wait-share")), 0, name + " thread " + t.id());
            assertEquals(percent(t.waitShare()), el(cell).getText(), name);
        }
    }

    /** The card's raw value is the verdict's number, exactly (JavaScript writes the shortest round-trip form). */
    private static void assertNumber(String key, double value) {
        assertEquals(value, Double.parseDouble(attr("[data-metric='" + key + "']", "data-value")), 0, key);
    }

    @Test
    void aLockNeverAcquiredShowsTheSuggestions() throws IOException {
        Report report = SyntheticReports.neverAcquired();
        render("never-acquired", report);
        assertEquals("never-acquired", attr(".headline", "data-diagnosis"));
        List<String> shown = all(".suggestions li code").stream().map(WebElement::getText).toList();
        assertEquals(report.locks().get(0).suggestions().stream().map(LockReport.Suggestion::option).toList(), shown);
        assertEquals("No timeline recorded in this run.", el("#no-timeline").getText());
        browser.screenshot(Pages.SCREENSHOTS.resolve("never-acquired.png"));
    }

    @Test
    void anUncontendedLockSaysSo() throws IOException {
        render("no-contention", SyntheticReports.noContention());
        assertEquals("no-contention", attr(".headline", "data-diagnosis"));
    }

    @Test
    void aReportWithoutLocksTimelineOrLoopsStillRenders() throws IOException {
        Report full = SyntheticReports.full();
        render("empty", new Report(Report.FORMAT, full.run(), List.of(), List.of(), null, List.of()));
        assertTrue(el("#verdict").getText().contains("no designated lock"));
        Report two = new Report(Report.FORMAT, full.run(), List.of(full.locks().get(0), full.locks().get(0)), List.of(),
                new gilprobe.report.model.Timeline(0, 0, 0, 0, List.of(new gilprobe.report.model.Timeline.Lane("idle", 1, List.of()))),
                List.of());
        render("two-same-locks", two);
        assertTrue(el("#verdict").getText().contains("lock 1 of 2"), el("#verdict").getText());
        assertEquals(2, all("#locks-table tbody tr").size());
        assertEquals("1", attr("#timeline", "data-lanes"));
    }

    /** find=true without a designation: no lock, the candidates in the JSON's order with their specs, the run's notes. */
    @Test
    void aFindReportWithoutADesignatedLockShowsTheCandidates() throws IOException {
        Report full = SyntheticReports.full();
        List<Candidate> candidates = List.of(
                new Candidate("monitor=a.B.GIL", "monitor", "a.B.GIL (static field)", 20_000, 9_000, 2_000_000_000L,
                        1_500_000_000L, 600_000_000L, 2_100_000_000L, 0.8, 4, 3, 1, "synchronized block a.B.run:12"),
                new Candidate("", "monitor", SyntheticReports.HOSTILE_NAME, 5, 0, 50, 0, 7, 7, 0.0, 1, 1, 40, ""),
                new Candidate("lock=a.C.lock", "lock", "a.C.lock (instance field)", 10, 0, 100, 0, 0, 0, 0.1, 2, 0, 2, ""));
        Report find = new Report(Report.FORMAT, full.run(), List.of(), full.dispatchLoops(), null,
                List.of("find: a note"), null, candidates);
        render("find", find);
        List<String> sections = browser.js("return Array.from(document.querySelectorAll('section.sec')).map(s => s.id)");
        assertEquals(List.of("verdict", "candidates", "run"), sections);
        assertTrue(el("#verdict").getText().contains("no designated lock"));
        List<String> specs = all("#candidates tbody tr").stream().map(r -> r.getAttribute("data-spec")).toList();
        assertEquals(List.of("monitor=a.B.GIL", "", "lock=a.C.lock"), specs, "in the JSON's order");
        assertEquals("2100000000", attr("#candidates tbody tr td[data-col='blocked']", "data-value"));
        assertTrue(el("#candidates tbody").getText().contains("no option designates it"));
        assertTrue(el("#candidates tbody").getText().contains(SyntheticReports.HOSTILE_NAME), "a hostile name is text");
        assertEquals("find: a note", el("#notes li").getText());
        browser.screenshot(Pages.SCREENSHOTS.resolve("find.png"));
        // with a designated lock too, the page shows the lock and, after it, the candidates
        render("find-and-lock", full.withCandidates(candidates));
        sections = browser.js("return Array.from(document.querySelectorAll('section.sec')).map(s => s.id)");
        assertEquals(List.of("verdict", "timeline-section", "distributions", "threads", "dispatch", "candidates", "run"), sections);
        render("find-nothing", find.withCandidates(List.of()));
        assertTrue(el("#candidates").getText().contains("No monitor or Lock"));
    }

    @Test
    void theRawTemplateIsAValidPageThatSaysItHasNoData() throws IOException {
        Path template = Path.of("target", "classes", "gilprobe", "report", "html", ReportPage.TEMPLATE).toAbsolutePath();
        browser.open(template);
        assertEquals(List.of(), browser.pageErrors());
        assertTrue(el("#placeholder").isDisplayed());
        assertTrue(el("#placeholder").getText().contains("holds no report data"));
    }

    private static void assertMetric(String key, double raw, String shown) {
        String css = "[data-metric='" + key + "']";
        assertEquals(raw, Double.parseDouble(attr(css, "data-value")), Math.abs(raw) * 1e-12, key);
        assertEquals(shown, el(css + " .v").getText(), key);
    }

    private static void assertRelative(double expected, double actual, String what) {
        assertEquals(expected, actual, Math.abs(expected) * 1e-9, what);
    }

    static String percent(double f) {
        double p = f * 100;
        return p == 0 ? "0%" : p < 0.1 ? "<0.1%" : String.format(Locale.ROOT, "%.1f%%", p);
    }

    /**
     * A run with two locks: both side by side in the locks table, the first shown in full; choosing the
     * second redraws the page for it (its verdict, its own timeline), and #lock-2 opens it directly.
     */
    @Test
    void severalLocksSideBySideAndOneInFull() throws IOException {
        Report battle = SyntheticReports.gilBattle(2, 200);
        Report quiet = SyntheticReports.noContention();
        LockReport second = quiet.locks().get(0).withTimeline(quiet.timeline());
        Report two = new Report(battle.format(), battle.run(), List.of(battle.locks().get(0), second),
                battle.dispatchLoops(), battle.timeline(), battle.notes());
        render("two-locks", two);
        List<WebElement> rows = all("#locks-table tbody tr");
        assertEquals(2, rows.size());
        assertEquals(List.of(battle.locks().get(0).spec(), second.spec()),
                all("#locks-table tbody tr code").stream().map(WebElement::getText).toList());
        assertEquals("true", rows.get(0).getAttribute("aria-selected"));
        assertEquals("0", attr("#verdict", "data-lock"));
        assertShows(two.locks().get(0).verdict());

        rows.get(1).click();
        assertEquals(List.of(), browser.pageErrors());
        assertEquals("1", attr("#verdict", "data-lock"));
        assertEquals("true", all("#locks-table tbody tr").get(1).getAttribute("aria-selected"));
        assertShows(two.locks().get(1).verdict());
        int quietLanes = quiet.timeline().lanes().size();
        String note = browser.js("return document.querySelector('#timeline-section [data-dropped]').textContent");
        assertTrue(note.contains(quietLanes == 1 ? "1 lane" : quietLanes + " lanes"), note);
        assertEquals(1, all("section#verdict").size(), "the page is redrawn, not appended to");

        browser.js("location.hash = '#lock-2'; location.reload();");
        assertEquals("1", attr("#verdict", "data-lock"));
    }
}
