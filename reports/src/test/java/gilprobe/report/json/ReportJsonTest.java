package gilprobe.report.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;

import gilprobe.report.model.Candidate;
import gilprobe.report.model.Dist;
import gilprobe.report.model.LockReport;
import gilprobe.report.model.Profile;
import gilprobe.report.model.Report;
import gilprobe.report.testing.SyntheticReports;
import gilprobe.report.verdict.WhatIf;

class ReportJsonTest {

    private static String write(Report r, boolean pretty) throws IOException {
        StringWriter w = new StringWriter();
        if (pretty) {
            ReportJson.write(r, w);
        } else {
            ReportJson.writeCompact(r, w);
        }
        return w.toString();
    }

    private static Report read(String json) throws IOException {
        return ReportJson.read(new StringReader(json));
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void roundTripOfAFullyPopulatedReportEqualsTheOriginal(boolean pretty) throws IOException {
        Report original = SyntheticReports.full();
        assertFalse(original.timeline().lanes().isEmpty());
        assertFalse(original.locks().get(0).handoffs().matrix().isEmpty());
        assertEquals(original, read(write(original, pretty)));
    }

    @Test
    void roundTripOfOtherShapes() throws IOException {
        for (Report r : List.of(SyntheticReports.neverAcquired(), SyntheticReports.convoy(3),
                SyntheticReports.noContention(), SyntheticReports.gilBattle(3, 2_000))) {
            assertEquals(r, read(write(r, false)));
        }
    }

    @Test
    void profileRoundTripsFlatEvenForDeepStacks() throws IOException {
        // a 1500-frame recursion: nested JSON would hit the parser's depth limit, the flat columns do not
        Profile.Frame deep = new Profile.Frame("leaf \"quoted\" </script>", 3, List.of());
        for (int i = 0; i < 1500; i++) {
            deep = new Profile.Frame("vm.Interp.eval", 3, List.of(deep));
        }
        Profile.Frame root = new Profile.Frame("all", 10, List.of(
                new Profile.Frame("a.B.run", 7, List.of(new Profile.Frame("a.B.spin", 4, List.of()), deep)),
                new Profile.Frame("c.D.idle", 3, List.of())));
        Profile p = new Profile("cpu", 10_000_000L, "ok", List.of("a note"),
                List.of(new Profile.FlameGraph("held", "On CPU while holding the lock", 10, root),
                        new Profile.FlameGraph("wait", "Waiting", 0, new Profile.Frame("all", 0, List.of())),
                        new Profile.FlameGraph("held", "On CPU while holding the second lock", 3,
                                new Profile.Frame("all", 3, List.of(new Profile.Frame("c.D.idle", 3, List.of()))), 1)));
        Report r = SyntheticReports.full().withProfile(p);
        // records compare recursively, too deep for a test thread's stack: compare the written forms
        // and walk the deep branch by hand
        String once = write(r, false);
        Report back = read(once);
        assertEquals(once, write(back, false));
        assertEquals(once, write(read(write(r, true)), false));
        assertEquals(r.locks(), back.locks());
        assertEquals(List.of(0, 0, 1), back.profile().graphs().stream().map(Profile.FlameGraph::lock).toList(),
                "each graph keeps the lock it is split by");
        assertEquals(p.graphs().get(2), back.profile().graphs().get(2));
        Profile.Frame f = back.profile().graphs().get(0).root().children().get(0).children().get(1);
        int depth = 0;
        while (!f.children().isEmpty()) {
            assertEquals("vm.Interp.eval", f.name());
            f = f.children().get(0);
            depth++;
        }
        assertEquals(1500, depth);
        assertEquals("leaf \"quoted\" </script>", f.name());
        assertEquals(List.of("a note"), back.profile().notes());
        Report failed = SyntheticReports.full().withProfile(new Profile("cpu", 1_000_000L, "no library", List.of(), List.of()));
        assertEquals(failed, read(write(failed, false)));
        assertNull(read(write(SyntheticReports.full(), false)).profile());
    }

    @Test
    void writesTheContractFieldNames() throws IOException {
        String json = write(SyntheticReports.full(), false);
        for (String field : List.of("\"format\":\"gilprobe-report/1\"", "\"run\":{\"startEpochMillis\":",
                "\"durationNanos\":", "\"availableProcessors\":", "\"javaVersion\":", "\"pid\":", "\"options\":",
                "\"locks\":[{\"spec\":", "\"kind\":\"monitor\"", "\"acquisitions\":", "\"contendedAcquisitions\":",
                "\"heldNanos\":", "\"waitNanos\":", "\"conditionWaitNanos\":", "\"utilization\":",
                "\"handoffs\":{\"toOtherThread\":", "\"selfReacquire\":", "\"unfairSelfReacquire\":",
                "\"hold\":{\"count\":", "\"wait\":{\"count\":", "\"min\":", "\"mean\":", "\"p50\":", "\"p90\":",
                "\"p99\":", "\"p999\":", "\"max\":", "\"histogram\":", "\"threads\":[{\"name\":", "\"ticksHeld\":",
                "\"ticksNotHeld\":", "\"dispatchLoops\":[{\"className\":", "\"method\":", "\"descriptor\":",
                "\"cases\":", "\"ticks\":", "\"timeline\":{", "\"notes\":[", "\"matrix\":[{\"fromId\":", "\"alive\":")) {
            assertTrue(json.contains(field), () -> "missing " + field);
        }
        assertFalse(json.contains("holdTimes") || json.contains("waitTimes"), "model names leaked into JSON");
    }

    @Test
    void distDecodeOfAWrittenHistogramGivesTheSamePercentiles() throws IOException {
        Histogram h = new Histogram(3);
        for (long v = 1; v <= 100_000; v++) {
            h.recordValue(v * v % 9_999_991 + 100);
        }
        Dist d = Dist.of(h);
        Report r = withHold(SyntheticReports.full(), d);
        Histogram back = read(write(r, true)).locks().get(0).holdTimes().decode();
        assertEquals(h.getTotalCount(), back.getTotalCount());
        for (double p : new double[] {0, 10, 50, 90, 99, 99.9, 99.99, 100}) {
            assertEquals(h.getValueAtPercentile(p), back.getValueAtPercentile(p), "p" + p);
        }
        assertEquals(d.p999(), back.getValueAtPercentile(99.9));
    }

    @Test
    void unknownFieldsAreIgnoredAtEveryLevel() throws IOException {
        Report original = SyntheticReports.full();
        String extra = "\"fromTheFuture\":{\"a\":[1,2.5,{\"b\":null}],\"c\":\"d\",\"e\":[]},";
        String json = write(original, false)
                .replace("{\"format\"", "{" + extra + "\"format\"")
                .replace("\"run\":{", "\"run\":{" + extra)
                .replace("\"locks\":[{", "\"locks\":[{" + extra)
                .replace("\"threads\":[{", "\"threads\":[{" + extra)
                .replace("\"hold\":{", "\"hold\":{" + extra)
                .replace("\"timeline\":{", "\"timeline\":{" + extra)
                .replace("\"lanes\":[{", "\"lanes\":[{" + extra)
                .replace("\"notes\":", "\"zz\":[[1],[\"x\"]],\"notes\":");
        assertEquals(original, read(json));
    }

    @Test
    void aWrongFormatIsRejectedWithOneClearLine() throws IOException {
        String json = write(SyntheticReports.full(), false).replace("gilprobe-report/1", "gilprobe-report/2");
        ReportFormatException e = assertThrows(ReportFormatException.class, () -> read(json));
        assertEquals("unsupported report format \"gilprobe-report/2\": expected \"gilprobe-report/1\"", e.getMessage());
        assertThrows(ReportFormatException.class, () -> read("{\"run\":{}}"));
        assertThrows(ReportFormatException.class, () -> read("[1,2]"));
        assertThrows(ReportFormatException.class, () -> read(""));
        ReportFormatException broken = assertThrows(ReportFormatException.class, () -> read("{\"format\":"));
        assertFalse(broken.getMessage().contains("\n"), broken.getMessage());
    }

    @Test
    void aMissingRequiredFieldIsNamedWithItsPath() throws IOException {
        String json = write(SyntheticReports.full(), false).replaceFirst("\"contendedAcquisitions\":\\d+,", "");
        ReportFormatException e = assertThrows(ReportFormatException.class, () -> read(json));
        assertEquals("not a gilprobe report: required field locks[0].contendedAcquisitions is missing", e.getMessage());
    }

    /** A field of the compact JSON of {@link SyntheticReports#full()} (a regex), what replaces it, and the error's end. */
    static Stream<Arguments> impossibleValues() {
        return Stream.of(
                Arguments.of("\"acquisitions\":150", "\"acquisitions\":-5", "locks[0].acquisitions is -5, a count or duration cannot be negative"),
                Arguments.of("\"durationNanos\":2500000", "\"durationNanos\":-1", "run.durationNanos is -1"),
                Arguments.of("\"heldNanos\":1500000", "\"heldNanos\":-1500000", "locks[0].threads[0].heldNanos is -1500000"),
                Arguments.of("\"acquisitions\":150", "\"acquisitions\":10000000000000000000000000000000000000000",
                        "locks[0].acquisitions is 10000000000000000000000000000000000000000, beyond the 64-bit integer range"),
                Arguments.of("\"acquisitions\":150", "\"acquisitions\":1e40", "locks[0].acquisitions is 1.0E40, beyond the 64-bit integer range"),
                Arguments.of("\"acquisitions\":150", "\"acquisitions\":9223372036854775808", "locks[0].acquisitions is 9223372036854775808, beyond"),
                Arguments.of("\"utilization\":0.94", "\"utilization\":2.5", "locks[0].utilization is 2.5, outside [0, 2] for 2 designated objects"),
                Arguments.of("\"utilization\":0.94", "\"utilization\":-0.2", "locks[0].utilization is -0.2, outside [0, 2]"),
                Arguments.of("\"utilization\":0.94", "\"utilization\":NaN", "locks[0].utilization is NaN, not a finite number"),
                Arguments.of("\"utilization\":0.94", "\"utilization\":Infinity", "locks[0].utilization is Infinity, not a finite number"),
                Arguments.of("\"mean\":15670.666666666666", "\"mean\":1e400", "locks[0].hold.mean is Infinity, not a finite number"),
                Arguments.of("\"mean\":15670.666666666666", "\"mean\":-Infinity", "locks[0].hold.mean is -Infinity, not a finite number"),
                Arguments.of("\"max\":30015", "\"max\":-30015", "locks[0].hold.max is -30015"),
                Arguments.of("\"durations\":\\[\\d+", "\"durations\":[-7", "timeline.lanes[0].durations[0] is -7"),
                Arguments.of("\"starts\":\\[\\d+", "\"starts\":[100000000000000000000", "timeline.lanes[0].starts[0] is 100000000000000000000, beyond"));
    }

    @ParameterizedTest
    @MethodSource("impossibleValues")
    void impossibleValuesAreRejectedInOneLineNamingTheField(String field, String value, String expected) throws IOException {
        String json = write(SyntheticReports.full(), false);
        assertTrue(java.util.regex.Pattern.compile(field).matcher(json).find(), field);
        ReportFormatException e = assertThrows(ReportFormatException.class, () -> read(json.replaceFirst(field, value)));
        assertTrue(e.getMessage().startsWith("not a gilprobe report: field " + expected), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void utilizationIsBoundedByTheNumberOfDesignatedObjects() throws IOException {
        // an instance field designates every object stored in it, counted as one lock: two objects held
        // at once for the whole run are a utilization of 2; one object is held at most the whole run
        String json = write(SyntheticReports.full(), false);
        assertTrue(json.contains("\"instances\":2}"), "the synthetic report designates two objects");
        String high = json.replace("\"utilization\":0.94", "\"utilization\":1.7");
        assertEquals(1.7, read(high).locks().get(0).utilization());
        String one = high.replace("\"instances\":2}", "\"instances\":1}");
        ReportFormatException e = assertThrows(ReportFormatException.class, () -> read(one));
        assertEquals("not a gilprobe report: field locks[0].utilization is 1.7, outside [0, 1]", e.getMessage());
        // the rounding of a division is not an error
        assertEquals(1.0000000001, read(one.replace("1.7", "1.0000000001")).locks().get(0).utilization());
    }

    @Test
    void binaryInputIsNotAReportInOneLine() {
        byte[] garbage = new byte[4096];
        new Random(11).nextBytes(garbage);
        // a strict decoder, as Files.newBufferedReader uses
        ReportFormatException e = assertThrows(ReportFormatException.class, () -> ReportJson.read(new InputStreamReader(
                new ByteArrayInputStream(garbage), StandardCharsets.UTF_8.newDecoder())));
        assertEquals("not a gilprobe report (binary data, not UTF-8 text)", e.getMessage());
        // control characters that decode fine are quoted by the parser: still one printable line
        ReportFormatException c = assertThrows(ReportFormatException.class, () -> read("\u2028{\n\u0001"));
        assertTrue(c.getMessage().startsWith("not a gilprobe report: invalid JSON"), c.getMessage());
        assertTrue(c.getMessage().chars().noneMatch(ch -> Character.isISOControl(ch) || ch == '\u2028'), c.getMessage());
    }

    @Test
    void nonFiniteDoublesAreWrittenAsNullAndTheOutputIsStrictJson() throws IOException {
        Report r = SyntheticReports.neverAcquired(); // utilization 0: speedup bound is infinite
        LockReport l = r.locks().get(0);
        LockReport nan = new LockReport(l.spec(), l.kind(), 0, 0, 0, 0, 0, Double.NaN, l.handoffs(), l.holdTimes(),
                l.waitTimes(), l.threads(), 0, null, false, l.suggestions(), 0);
        Report withNan = new Report(r.format(), r.run(), List.of(nan), r.dispatchLoops(), null, r.notes());
        String json = write(withNan, true);
        assertTrue(json.contains("\"utilization\" : null"), json);
        assertTrue(json.contains("\"speedupBound\" : null"), json);
        try (JsonParser p = new JsonFactory().createParser(json)) { // default factory rejects NaN tokens
            while (p.nextToken() != null) {
                p.getText();
            }
        }
        Report back = read(json);
        assertTrue(Double.isNaN(back.locks().get(0).utilization()));
        assertNull(back.locks().get(0).ticksPerHold());
        assertNull(back.timeline());
    }

    @Test
    void doesNotCloseTheCallersWriter() throws IOException {
        StringWriter w = new StringWriter() {
            @Override
            public void close() {
                throw new AssertionError("closed");
            }
        };
        ReportJson.write(SyntheticReports.full(), w);
        assertTrue(w.toString().endsWith("}\n"));
    }

    /**
     * A lane's state is one of the three states by type; a file whose {@code states} column holds another code
     * is refused with the path of the lane, never read as some state.
     */
    @Test
    void rejectsAnUnknownIntervalState() throws IOException {
        String json = write(SyntheticReports.full(), false);
        int at = json.indexOf("\"states\":\"");
        assertTrue(at > 0);
        int first = at + "\"states\":\"".length();
        String bad = json.substring(0, first) + "r" + json.substring(first + 1);
        ReportFormatException e = assertThrows(ReportFormatException.class, () -> read(bad));
        assertTrue(e.getMessage().contains("state code 'r' is not one of h, w, c"), e.getMessage());
        assertTrue(e.getMessage().contains("timeline"), e.getMessage());
    }

    /** {@code json} without any {@code verdict} field: a report as written before verdicts existed. */
    static String withoutVerdicts(String json) throws IOException {
        StringWriter out = new StringWriter();
        JsonFactory f = new JsonFactory();
        try (JsonParser p = f.createParser(json); com.fasterxml.jackson.core.JsonGenerator g = f.createGenerator(out)) {
            while (p.nextToken() != null) {
                if (p.currentToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME && p.currentName().equals("verdict")) {
                    p.nextToken();
                    p.skipChildren();
                    continue;
                }
                g.copyCurrentEvent(p);
            }
        }
        return out.toString();
    }

    @Test
    void theVerdictIsWrittenAsAnExtensionOfEachLockAndReadBack() throws IOException {
        Report r = SyntheticReports.gilBattle(3, 5_000);
        String json = write(r, false);
        assertTrue(json.contains("\"verdict\":{\"diagnosis\":\"gil-battle\",\"severity\":\"bad\",\"headline\":\"GIL battle. "), json);
        for (String field : List.of("\"summary\":", "\"diagnoses\":[{\"code\":\"gil-battle\"", "\"threadCount\":3",
                "\"cores\":4", "\"objects\":1", "\"speedupCap\":", "\"waitShare\":", "\"unheldWaitShare\":",
                "\"threadsWaiting\":", "\"effectiveParallelism\":", "\"coresLost\":", "\"contendedShare\":",
                "\"selfReacquireRate\":", "\"unfairRate\":", "\"handoffRate\":", "\"spanSource\":\"timeline\"",
                "\"workSource\":\"ticks\"", "\"convoy\":null", "\"threads\":[{\"id\":1,\"spanNanos\":")) {
            assertTrue(json.contains(field), () -> "missing " + field);
        }
        assertEquals(r.locks().get(0).verdict(), read(json).locks().get(0).verdict());
        // a lock never held: the speedup cap is infinite, written as null
        Report never = SyntheticReports.neverAcquired();
        String nj = write(never, false);
        assertTrue(nj.contains("\"speedupCap\":null"), nj);
        assertEquals(Double.POSITIVE_INFINITY, read(nj).locks().get(0).verdict().speedupCap());
        Report convoy = SyntheticReports.convoy(50);
        assertTrue(write(convoy, false).contains("\"convoy\":{\"threadId\":2,\"thread\":\"io\",\"holdP50\":"));
        assertEquals(convoy, read(write(convoy, true)));
    }

    @Test
    void aReportWrittenWithoutVerdictsGetsThemComputedOnRead() throws IOException {
        for (Report r : List.of(SyntheticReports.full(), SyntheticReports.gilBattle(3, 2_000), SyntheticReports.convoy(20),
                SyntheticReports.noContention(), SyntheticReports.neverAcquired())) {
            String old = withoutVerdicts(write(r, false));
            assertFalse(old.contains("\"verdict\""), old);
            assertEquals(r, read(old), "the verdict computed on read is the one written");
        }
    }

    /** {@code locks[i].whatIf} (contract: predictedNanos, speedup, method) is written beside the verdict and read back. */
    @Test
    void theWhatIfIsWrittenBesideTheVerdictAndReadBack() throws IOException {
        Report r = SyntheticReports.gilBattle(3, 5_000);
        WhatIf w = r.locks().get(0).verdict().whatIf();
        assertTrue(w.speedup() > 1, String.valueOf(w));
        String json = write(r, false);
        assertTrue(json.contains(",\"whatIf\":{\"predictedNanos\":" + w.predictedNanos() + ",\"speedup\":"
                + w.speedup() + ",\"method\":\"Without the lock each thread does only its work: "), json);
        assertEquals(w, read(json).locks().get(0).verdict().whatIf());
        assertEquals(r, read(write(r, true)));
        // a report written before the what-if existed (a verdict, no whatIf) still loads, without one
        String old = json.replaceFirst(",\"whatIf\":\\{[^}]*\\}", "");
        assertFalse(old.contains("whatIf"), old);
        Report back = read(old);
        assertNull(back.locks().get(0).verdict().whatIf());
        assertEquals(r.locks().get(0).verdict().withWhatIf(null), back.locks().get(0).verdict());
        // one that lacks a field of it is an error, named by its path
        ReportFormatException e = assertThrows(ReportFormatException.class,
                () -> read(json.replaceFirst(",\"speedup\":[0-9.E-]+", "")));
        assertEquals("not a gilprobe report: required field locks[0].whatIf.speedup is missing", e.getMessage());
    }

    @Test
    void aVerdictInTheJsonIsTakenAsWritten() throws IOException {
        Report r = SyntheticReports.noContention();
        String json = write(r, false);
        String headline = r.locks().get(0).verdict().headline();
        Report back = read(json.replace(headline, "Written by hand.").replaceFirst("\"coresLost\":[0-9.E-]+", "\"coresLost\":0.25"));
        assertEquals("Written by hand.", back.locks().get(0).verdict().headline());
        assertEquals(0.25, back.locks().get(0).verdict().coresLost());
        // a verdict that lacks a field is an error like any other, named by its path
        ReportFormatException e = assertThrows(ReportFormatException.class,
                () -> read(json.replaceFirst("\"coresLost\":[0-9.E-]+,", "")));
        assertEquals("not a gilprobe report: required field locks[0].verdict.coresLost is missing", e.getMessage());
    }

    private static Report withHold(Report r, Dist hold) {
        LockReport l = r.locks().get(0);
        LockReport changed = new LockReport(l.spec(), l.kind(), l.acquisitions(), l.contendedAcquisitions(),
                l.heldNanos(), l.waitNanos(), l.conditionWaitNanos(), l.utilization(), l.handoffs(), hold,
                l.waitTimes(), l.threads(), l.conditionWaits(), l.ticksPerHold(), l.acquired(), l.suggestions(),
                l.instances());
        return new Report(r.format(), r.run(), List.of(changed), r.dispatchLoops(), r.timeline(), r.notes());
    }

    /**
     * Several locks: the first lock's timeline is the report's top-level one (written once), each further
     * lock's is written in its own entry, and both come back as each lock's timeline.
     */
    @Test
    void eachLockKeepsItsOwnTimeline() throws IOException {
        Report battle = gilprobe.report.testing.SyntheticReports.gilBattle(2, 50);
        Report quiet = gilprobe.report.testing.SyntheticReports.noContention();
        Report two = new Report(Report.FORMAT, battle.run(),
                java.util.List.of(battle.locks().get(0), quiet.locks().get(0).withTimeline(quiet.timeline())),
                battle.dispatchLoops(), battle.timeline(), battle.notes());
        assertEquals(battle.timeline(), two.locks().get(0).timeline(), "the report's timeline is the first lock's");
        String json = write(two, false);
        Report back = read(json);
        assertEquals(battle.timeline(), back.timeline());
        assertEquals(battle.timeline(), back.locks().get(0).timeline());
        assertEquals(quiet.timeline(), back.locks().get(1).timeline());
        assertEquals(2, json.split("\"timeline\":", -1).length - 1, "written once per lock, not twice for the first");
    }

    // ---------------------------------------------------------------- timeline.buckets

    /** The whole-run buckets are written in the contract's shape and read back equal; without them a report loads. */
    @Test
    void timelineBucketsRoundTripAndAreOptional() throws IOException {
        Report full = SyntheticReports.full();
        gilprobe.report.model.Timeline.Buckets b = full.timeline().buckets();
        assertTrue(b != null && !b.lanes().isEmpty() && b.size() > 0);
        String json = write(full, false);
        assertTrue(json.contains("\"buckets\":{\"startNanos\":" + b.startNanos() + ",\"bucketNanos\":" + b.bucketNanos()
                + ",\"lanes\":[{\"id\":11,\"name\":\"main\",\"held\":["), json.substring(json.indexOf("\"buckets\"")));
        Report back = read(json);
        assertEquals(b, back.timeline().buckets());
        for (gilprobe.report.model.Timeline.BucketLane lane : back.timeline().buckets().lanes()) {
            var t = back.locks().get(0).threads().stream().filter(x -> x.id() == lane.id()).findFirst().orElseThrow();
            assertEquals(t.heldNanos(), lane.heldNanos());
            assertEquals(t.waitNanos(), lane.waitNanos());
            assertEquals(t.conditionWaitNanos(), lane.conditionWaitNanos());
        }
        Report without = SyntheticReports.gilBattle(2, 100);
        assertFalse(write(without, false).contains("\"buckets\""));
        assertEquals(null, read(write(without, false)).timeline().buckets());
        // lanes of different lengths are refused in one line naming the lane
        String bad = json.replaceFirst("\"waiting\":\\[", "\"waiting\":[1,");
        ReportFormatException e = org.junit.jupiter.api.Assertions.assertThrows(ReportFormatException.class, () -> read(bad));
        assertTrue(e.getMessage().contains("timeline.buckets.lanes[0]") && e.getMessage().contains("same number of buckets"),
                e.getMessage());
    }

    // ---------------------------------------------------------------- candidates (find=true)

    /** A find=true report: no designated lock, three candidates, ranked. */
    static Report withCandidates() {
        Report r = SyntheticReports.full();
        return new Report(r.format(), r.run(), List.of(), r.dispatchLoops(), null, List.of("find: a note"), null, List.of(
                new Candidate("monitor=a.B.GIL", "monitor", "a.B.GIL (static field)", 20_000, 9_000, 2_000_000,
                        1_500_000, 600_000, 2_100_000, 0.8, 4, 3, 1, "synchronized block a.B.run:12"),
                new Candidate("lock=a.C.lock", "lock", "a.C.lock (instance field of a.C, 2 objects)", 10, 1, 100,
                        20, 0, 20, 1.5, 2, 1, 2, "lock() a.C.take:7"),
                new Candidate("", "monitor", "a.D objects \"</script>\" (synchronized (this) a.D.f:3)", 5, 0, 50, 0, 0,
                        0, 0.0, 1, 0, 40, "")));
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void candidatesRoundTrip(boolean pretty) throws IOException {
        Report r = withCandidates();
        Report back = read(write(r, pretty));
        assertEquals(r, back);
        assertEquals(3, back.candidates().size());
        assertTrue(back.locks().isEmpty());
        String json = write(r, false);
        for (String field : List.of("\"candidates\":[{\"spec\":\"monitor=a.B.GIL\"", "\"kind\":\"monitor\"", "\"name\":",
                "\"acquisitions\":20000", "\"contendedAcquisitions\":9000", "\"heldNanos\":2000000",
                "\"waitNanos\":1500000", "\"conditionWaitNanos\":600000", "\"blockedNanos\":2100000",
                "\"utilization\":0.8", "\"threads\":4", "\"blockedThreads\":3", "\"instances\":1", "\"site\":")) {
            assertTrue(json.contains(field), () -> "missing " + field + " in " + json);
        }
    }

    @Test
    void candidatesAreAbsentWhenFindWasOffAndEmptyWhenItFoundNothing() throws IOException {
        Report off = SyntheticReports.full();
        assertNull(off.candidates());
        assertFalse(write(off, false).contains("candidates"));
        assertNull(read(write(off, false)).candidates());
        Report none = off.withCandidates(List.of());
        assertTrue(write(none, false).contains("\"candidates\":[]"));
        assertEquals(List.of(), read(write(none, false)).candidates());
    }

    static Stream<Arguments> impossibleCandidates() {
        return Stream.of(
                Arguments.of("\"blockedNanos\":2100000", "\"blockedNanos\":2100001",
                        "candidates[0].blockedNanos is 2100001, not waitNanos + conditionWaitNanos (1500000 + 600000)"),
                Arguments.of("\"waitNanos\":1500000", "\"waitNanos\":-1", "candidates[0].waitNanos is -1, a count or duration cannot be negative"),
                Arguments.of("\"utilization\":0.8", "\"utilization\":1.2", "candidates[0].utilization is 1.2, outside [0, 1]"),
                Arguments.of("\"blockedThreads\":3", "\"blockedThreads\":5", "candidates[0].blockedThreads is 5, more than threads (4)"),
                Arguments.of("\"spec\":\"monitor=a.B.GIL\"", "\"spec\":\"lock=a.B.GIL\"",
                        "candidates[0].spec is \"lock=a.B.GIL\", neither empty nor a monitor= option"),
                Arguments.of("\"kind\":\"monitor\",\"name\":\"a.B", "\"kind\":\"methods\",\"name\":\"a.B",
                        "candidates[0].kind is \"methods\", not monitor or lock"));
    }

    @ParameterizedTest
    @MethodSource("impossibleCandidates")
    void impossibleCandidatesAreRejectedInOneLineNamingTheField(String field, String value, String expected) throws IOException {
        String json = write(withCandidates(), false);
        assertTrue(json.contains(field), field);
        ReportFormatException e = assertThrows(ReportFormatException.class, () -> read(json.replace(field, value)));
        assertEquals("not a gilprobe report: field " + expected, e.getMessage());
    }

    @Test
    void aCandidateWithoutItsRequiredFieldsIsRejected() throws IOException {
        String json = write(withCandidates(), false).replaceFirst("\"blockedNanos\":2100000,", "");
        ReportFormatException e = assertThrows(ReportFormatException.class, () -> read(json));
        assertEquals("not a gilprobe report: required field candidates[0].blockedNanos is missing", e.getMessage());
    }
}
