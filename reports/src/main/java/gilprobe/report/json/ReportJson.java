package gilprobe.report.json;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;

import gilprobe.report.model.Candidate;
import gilprobe.report.model.DispatchLoop;
import gilprobe.report.model.Dist;
import gilprobe.report.model.Handoffs;
import gilprobe.report.model.Jvm;
import gilprobe.report.model.LockReport;
import gilprobe.report.model.Profile;
import gilprobe.report.model.Report;
import gilprobe.report.model.Run;
import gilprobe.report.model.ThreadReport;
import gilprobe.report.model.Timeline;
import gilprobe.report.verdict.Verdict;
import gilprobe.report.verdict.WhatIf;

/**
 * The {@code gilprobe-report/1} JSON codec, on Jackson's streaming API (no data binding, so the
 * agent carries no reflection-heavy library).
 *
 * <p>Writing follows docs/design.md's contract field for field; extension fields carry the name of the
 * model component they come from, except {@code holdTimes}/{@code waitTimes}, written as
 * {@code hold}/{@code wait}. Doubles that are not finite (an unused lock's speedup bound, a NaN)
 * are written as {@code null}, so the output is always valid JSON; {@code null} reads back as NaN.
 *
 * <p>The timeline is written in columns, because it may hold a million intervals. Each lane is
 * <pre>{@code
 * { "name": "...", "id": 7,
 *   "states":    "hwhc...",   // one character per interval: h = hold, w = wait, c = condition wait
 *   "starts":    [..],        // first: ns from run start; each next: difference from the previous start
 *   "durations": [..] }       // end - start, ns
 * }</pre>
 *
 * <p>Each lock carries its verdict as the extension {@code verdict} (docs/design.md "Verdict"), followed by the
 * contract's {@code whatIf} (the verdict's {@link WhatIf}). A verdict read is taken as written; a report without
 * one gets it computed when the {@link Report} is built, so a report read always has one. A report with a
 * verdict but no {@code whatIf} (written before it existed) reads with none.
 *
 * <p>Reading accepts fields in any order and ignores fields it does not know (newer writers may add
 * some); a missing required field, or a {@code format} other than {@value Report#FORMAT}, is a
 * {@link ReportFormatException} with a one-line message. So is a value no run can produce, named by its
 * path: a negative count or duration, an integer beyond 64 bits (never clamped to {@code Long.MAX_VALUE}),
 * a {@code NaN} or {@code Infinity} literal (the writer writes {@code null}), a utilization outside
 * [0, 1] (per designated object), and input that is not UTF-8 text at all.
 *
 * <pre>{@code
 * ReportFiles.writeAtomically(path, w -> ReportJson.write(report, w));
 * Report again = ReportJson.read(Files.newBufferedReader(path));
 * }</pre>
 */
public final class ReportJson {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
            .build();

    private ReportJson() {
    }

    /** Writes {@code report} indented for people (arrays stay on one line). Does not close {@code out}. */
    public static void write(Report report, Writer out) throws IOException {
        write(report, out, true);
    }

    /** Writes {@code report} with no whitespace, for embedding. Does not close {@code out}. */
    public static void writeCompact(Report report, Writer out) throws IOException {
        write(report, out, false);
    }

    private static void write(Report report, Writer out, boolean pretty) throws IOException {
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            if (pretty) {
                g.setPrettyPrinter(new DefaultPrettyPrinter());
            }
            writeReport(g, report);
            if (pretty) {
                g.writeRaw('\n');
            }
        }
        out.flush();
    }

    /** Reads a report; see the class comment for what is accepted. Does not close {@code in}. */
    public static Report read(Reader in) throws IOException {
        Object root;
        try (JsonParser p = FACTORY.createParser(in)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new ReportFormatException("not a gilprobe report: the input is empty");
            }
            root = readValue(p);
        } catch (CharacterCodingException e) {
            throw new ReportFormatException("not a gilprobe report (binary data, not UTF-8 text)", e);
        } catch (JsonParseException e) {
            throw new ReportFormatException("not a gilprobe report: invalid JSON: " + e.getOriginalMessage()
                    + " at line " + e.getLocation().getLineNr(), e);
        }
        if (!(root instanceof Map)) {
            throw new ReportFormatException("not a gilprobe report: the top level is not a JSON object");
        }
        Obj top = new Obj(castMap(root), "");
        Object format = top.map.get("format");
        if (!Report.FORMAT.equals(format)) {
            throw new ReportFormatException("unsupported report format " + (format == null ? "(none)" : "\"" + format + "\"")
                    + ": expected \"" + Report.FORMAT + "\"");
        }
        return readReport(top);
    }

    // ---------------------------------------------------------------- writing

    private static void writeReport(JsonGenerator g, Report r) throws IOException {
        g.writeStartObject();
        g.writeStringField("format", r.format());
        writeRun(g, r.run());
        g.writeArrayFieldStart("locks");
        for (int i = 0; i < r.locks().size(); i++) {
            writeLock(g, r.locks().get(i), i > 0);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("dispatchLoops");
        for (DispatchLoop loop : r.dispatchLoops()) {
            writeLoop(g, loop);
        }
        g.writeEndArray();
        g.writeFieldName("timeline");
        writeTimeline(g, r.timeline());
        g.writeArrayFieldStart("notes");
        for (String note : r.notes()) {
            g.writeString(note);
        }
        g.writeEndArray();
        if (r.candidates() != null) {
            g.writeArrayFieldStart("candidates");
            for (Candidate c : r.candidates()) {
                writeCandidate(g, c);
            }
            g.writeEndArray();
        }
        if (r.jvms() != null) {
            g.writeArrayFieldStart("jvms");
            for (Jvm j : r.jvms()) {
                writeJvm(g, j);
            }
            g.writeEndArray();
        }
        if (r.profile() != null) {
            g.writeFieldName("profile");
            writeProfile(g, r.profile());
        }
        g.writeEndObject();
    }

    /**
     * A flame graph is written flat, in columns, so that deep stacks do not nest JSON: {@code strings}
     * holds each frame name once; frame {@code i} (pre-order, root first) has name
     * {@code strings[names[i]]}, {@code totals[i]} samples and parent frame {@code parents[i]} (-1 for
     * the root).
     */
    private static void writeProfile(JsonGenerator g, Profile p) throws IOException {
        g.writeStartObject();
        g.writeStringField("event", p.event());
        g.writeNumberField("intervalNanos", p.intervalNanos());
        g.writeStringField("status", p.status());
        g.writeArrayFieldStart("notes");
        for (String n : p.notes()) {
            g.writeString(n);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("graphs");
        for (Profile.FlameGraph fg : p.graphs()) {
            List<Profile.Frame> order = new ArrayList<>();
            List<Integer> parents = new ArrayList<>();
            flatten(fg.root(), -1, order, parents);
            Map<String, Integer> ids = new LinkedHashMap<>();
            g.writeStartObject();
            g.writeStringField("kind", fg.kind());
            g.writeStringField("title", fg.title());
            g.writeNumberField("samples", fg.samples());
            if (fg.lock() != 0) {
                g.writeNumberField("lock", fg.lock());
            }
            g.writeArrayFieldStart("names");
            for (Profile.Frame f : order) {
                g.writeNumber(ids.computeIfAbsent(f.name(), k -> ids.size()));
            }
            g.writeEndArray();
            g.writeArrayFieldStart("strings");
            for (String name : ids.keySet()) {
                g.writeString(name);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("parents");
            for (int parent : parents) {
                g.writeNumber(parent);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("totals");
            for (Profile.Frame f : order) {
                g.writeNumber(f.total());
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void flatten(Profile.Frame root, int rootParent, List<Profile.Frame> order, List<Integer> parents) {
        // iterative pre-order: stacks of interpreters can be thousands of frames deep
        java.util.ArrayDeque<Object[]> todo = new java.util.ArrayDeque<>();
        todo.push(new Object[] {root, rootParent});
        while (!todo.isEmpty()) {
            Object[] item = todo.pop();
            Profile.Frame f = (Profile.Frame) item[0];
            int index = order.size();
            order.add(f);
            parents.add((Integer) item[1]);
            for (int i = f.children().size() - 1; i >= 0; i--) {
                todo.push(new Object[] {f.children().get(i), index});
            }
        }
    }

    private static void writeRun(JsonGenerator g, Run run) throws IOException {
        g.writeObjectFieldStart("run");
        g.writeNumberField("startEpochMillis", run.startEpochMillis());
        g.writeNumberField("durationNanos", run.durationNanos());
        g.writeNumberField("availableProcessors", run.availableProcessors());
        g.writeStringField("javaVersion", run.javaVersion());
        g.writeNumberField("pid", run.pid());
        g.writeStringField("options", run.options());
        g.writeStringField("mainCommand", run.mainCommand());
        g.writeStringField("vmName", run.vmName());
        if (!run.host().isEmpty()) {
            g.writeStringField("host", run.host());
        }
        g.writeEndObject();
    }

    /** {@code jvms[i]} (a merged report): see {@link Jvm}. */
    private static void writeJvm(JsonGenerator g, Jvm j) throws IOException {
        g.writeStartObject();
        g.writeStringField("file", j.file());
        g.writeStringField("host", j.host());
        g.writeNumberField("pid", j.pid());
        g.writeNumberField("startEpochMillis", j.startEpochMillis());
        g.writeNumberField("durationNanos", j.durationNanos());
        g.writeNumberField("availableProcessors", j.availableProcessors());
        g.writeStringField("javaVersion", j.javaVersion());
        g.writeArrayFieldStart("locks");
        for (Jvm.JvmLock l : j.locks()) {
            g.writeStartObject();
            g.writeStringField("spec", l.spec());
            g.writeNumberField("acquisitions", l.acquisitions());
            g.writeNumberField("contendedAcquisitions", l.contendedAcquisitions());
            g.writeNumberField("heldNanos", l.heldNanos());
            g.writeNumberField("waitNanos", l.waitNanos());
            writeDouble(g, "utilization", l.utilization());
            writeDouble(g, "waitShare", l.waitShare());
            writeDouble(g, "coresLost", l.coresLost());
            g.writeNumberField("threads", l.threads());
            g.writeStringField("diagnosis", l.diagnosis());
            g.writeStringField("severity", l.severity());
            g.writeStringField("headline", l.headline());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** One entry of {@code locks[]}; {@code ownTimeline}: write the lock's timeline in it (every lock but the first). */
    private static void writeLock(JsonGenerator g, LockReport lock, boolean ownTimeline) throws IOException {
        g.writeStartObject();
        g.writeStringField("spec", lock.spec());
        g.writeStringField("kind", lock.kind());
        g.writeNumberField("acquisitions", lock.acquisitions());
        g.writeNumberField("contendedAcquisitions", lock.contendedAcquisitions());
        g.writeNumberField("heldNanos", lock.heldNanos());
        g.writeNumberField("waitNanos", lock.waitNanos());
        g.writeNumberField("conditionWaitNanos", lock.conditionWaitNanos());
        writeDouble(g, "utilization", lock.utilization());
        writeDouble(g, "speedupBound", lock.speedupBound());
        writeHandoffs(g, lock.handoffs());
        writeDist(g, "hold", lock.holdTimes());
        writeDist(g, "wait", lock.waitTimes());
        g.writeArrayFieldStart("threads");
        for (ThreadReport t : lock.threads()) {
            writeThread(g, t);
        }
        g.writeEndArray();
        g.writeNumberField("conditionWaits", lock.conditionWaits());
        writeDist(g, "ticksPerHold", lock.ticksPerHold());
        g.writeBooleanField("acquired", lock.acquired());
        g.writeArrayFieldStart("suggestions");
        for (LockReport.Suggestion s : lock.suggestions()) {
            g.writeStartObject();
            g.writeStringField("option", s.option());
            g.writeStringField("site", s.site());
            g.writeNumberField("acquisitions", s.acquisitions());
            g.writeEndObject();
        }
        g.writeEndArray();
        if (lock.verdict() != null) {
            writeVerdict(g, lock.verdict());
            if (lock.verdict().whatIf() != null) {
                writeWhatIf(g, lock.verdict().whatIf());
            }
        }
        g.writeNumberField("instances", lock.instances());
        if (ownTimeline && lock.timeline() != null) {
            g.writeFieldName("timeline");
            writeTimeline(g, lock.timeline());
        }
        g.writeEndObject();
    }

    /** {@code candidates[i]} ({@code find=true}): see {@link Candidate}. */
    private static void writeCandidate(JsonGenerator g, Candidate c) throws IOException {
        g.writeStartObject();
        g.writeStringField("spec", c.spec());
        g.writeStringField("kind", c.kind());
        g.writeStringField("name", c.name());
        g.writeNumberField("acquisitions", c.acquisitions());
        g.writeNumberField("contendedAcquisitions", c.contendedAcquisitions());
        g.writeNumberField("heldNanos", c.heldNanos());
        g.writeNumberField("waitNanos", c.waitNanos());
        g.writeNumberField("conditionWaitNanos", c.conditionWaitNanos());
        g.writeNumberField("blockedNanos", c.blockedNanos());
        writeDouble(g, "utilization", c.utilization());
        g.writeNumberField("threads", c.threads());
        g.writeNumberField("blockedThreads", c.blockedThreads());
        g.writeNumberField("instances", c.instances());
        g.writeStringField("site", c.site());
        g.writeEndObject();
    }

    /** {@code locks[i].whatIf} (contract): see {@link WhatIf}. */
    private static void writeWhatIf(JsonGenerator g, WhatIf w) throws IOException {
        g.writeObjectFieldStart("whatIf");
        g.writeNumberField("predictedNanos", w.predictedNanos());
        writeDouble(g, "speedup", w.speedup());
        g.writeStringField("method", w.method());
        g.writeEndObject();
    }

    /** {@code locks[i].verdict}: see {@link Verdict}; an infinite {@code speedupCap} is written as null. */
    private static void writeVerdict(JsonGenerator g, Verdict v) throws IOException {
        g.writeObjectFieldStart("verdict");
        g.writeStringField("diagnosis", v.diagnosis());
        g.writeStringField("severity", v.severity());
        g.writeStringField("headline", v.headline());
        g.writeStringField("summary", v.summary());
        g.writeArrayFieldStart("diagnoses");
        for (Verdict.Diagnosis d : v.diagnoses()) {
            g.writeStartObject();
            g.writeStringField("code", d.code());
            g.writeStringField("severity", d.severity());
            g.writeStringField("title", d.title());
            g.writeStringField("text", d.text());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeNumberField("threadCount", v.threadCount());
        g.writeNumberField("cores", v.cores());
        g.writeNumberField("objects", v.objects());
        writeDouble(g, "utilization", v.utilization());
        writeDouble(g, "speedupCap", v.speedupCap());
        writeDouble(g, "waitShare", v.waitShare());
        writeDouble(g, "unheldWaitShare", v.unheldWaitShare());
        writeDouble(g, "threadsWaiting", v.threadsWaiting());
        writeDouble(g, "effectiveParallelism", v.effectiveParallelism());
        writeDouble(g, "coresLost", v.coresLost());
        writeDouble(g, "contendedShare", v.contendedShare());
        writeDouble(g, "selfReacquireRate", v.selfReacquireRate());
        writeDouble(g, "unfairRate", v.unfairRate());
        writeDouble(g, "handoffRate", v.handoffRate());
        g.writeStringField("spanSource", v.spanSource());
        g.writeStringField("workSource", v.workSource());
        g.writeFieldName("convoy");
        Verdict.Convoy c = v.convoy();
        if (c == null) {
            g.writeNull();
        } else {
            g.writeStartObject();
            g.writeNumberField("threadId", c.threadId());
            g.writeStringField("thread", c.thread());
            g.writeNumberField("holdP50", c.holdP50());
            g.writeNumberField("waitP50", c.waitP50());
            g.writeNumberField("byThreadId", c.byThreadId());
            g.writeStringField("byThread", c.byThread());
            g.writeNumberField("byHoldP50", c.byHoldP50());
            g.writeEndObject();
        }
        g.writeArrayFieldStart("threads");
        for (Verdict.ThreadNumbers t : v.threads()) {
            g.writeStartObject();
            g.writeNumberField("id", t.id());
            g.writeNumberField("spanNanos", t.spanNanos());
            g.writeNumberField("workNanos", t.workNanos());
            writeDouble(g, "waitShare", t.waitShare());
            writeDouble(g, "heldShare", t.heldShare());
            writeDouble(g, "contendedShare", t.contendedShare());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void writeHandoffs(JsonGenerator g, Handoffs h) throws IOException {
        g.writeObjectFieldStart("handoffs");
        g.writeNumberField("toOtherThread", h.toOtherThread());
        g.writeNumberField("selfReacquire", h.selfReacquire());
        g.writeNumberField("unfairSelfReacquire", h.unfairSelfReacquire());
        g.writeArrayFieldStart("matrix");
        for (Handoffs.Edge e : h.matrix()) {
            g.writeStartObject();
            g.writeNumberField("fromId", e.fromId());
            g.writeNumberField("toId", e.toId());
            g.writeNumberField("count", e.count());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void writeThread(JsonGenerator g, ThreadReport t) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", t.name());
        g.writeNumberField("id", t.id());
        g.writeNumberField("acquisitions", t.acquisitions());
        g.writeNumberField("contendedAcquisitions", t.contendedAcquisitions());
        g.writeNumberField("heldNanos", t.heldNanos());
        g.writeNumberField("waitNanos", t.waitNanos());
        writeDist(g, "hold", t.holdTimes());
        writeDist(g, "wait", t.waitTimes());
        g.writeNumberField("ticksHeld", t.ticksHeld());
        g.writeNumberField("ticksNotHeld", t.ticksNotHeld());
        g.writeNumberField("conditionWaitNanos", t.conditionWaitNanos());
        g.writeNumberField("selfReacquire", t.selfReacquire());
        g.writeNumberField("unfairSelfReacquire", t.unfairSelfReacquire());
        g.writeBooleanField("alive", t.alive());
        g.writeEndObject();
    }

    private static void writeDist(JsonGenerator g, String field, Dist d) throws IOException {
        g.writeFieldName(field);
        if (d == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        g.writeNumberField("count", d.count());
        g.writeNumberField("min", d.min());
        writeDouble(g, "mean", d.mean());
        g.writeNumberField("p50", d.p50());
        g.writeNumberField("p90", d.p90());
        g.writeNumberField("p99", d.p99());
        g.writeNumberField("p999", d.p999());
        g.writeNumberField("max", d.max());
        g.writeStringField("histogram", d.histogram());
        g.writeEndObject();
    }

    private static void writeLoop(JsonGenerator g, DispatchLoop loop) throws IOException {
        g.writeStartObject();
        g.writeStringField("className", loop.className());
        g.writeStringField("method", loop.method());
        g.writeStringField("descriptor", loop.descriptor());
        g.writeNumberField("cases", loop.cases());
        g.writeNumberField("ticks", loop.ticks());
        g.writeArrayFieldStart("threads");
        for (DispatchLoop.LoopThread t : loop.threads()) {
            g.writeStartObject();
            g.writeStringField("name", t.name());
            g.writeNumberField("id", t.id());
            g.writeNumberField("ticks", t.ticks());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("opcodes");
        for (DispatchLoop.OpcodeCount o : loop.opcodes()) {
            g.writeStartObject();
            g.writeNumberField("key", o.key());
            g.writeBooleanField("isDefault", o.isDefault());
            g.writeNumberField("count", o.count());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void writeTimeline(JsonGenerator g, Timeline t) throws IOException {
        if (t == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        g.writeNumberField("runStartNanos", t.runStartNanos());
        g.writeNumberField("windowStartNanos", t.windowStartNanos());
        g.writeNumberField("capacity", t.capacity());
        g.writeNumberField("droppedEvents", t.droppedEvents());
        g.writeArrayFieldStart("lanes");
        for (Timeline.Lane lane : t.lanes()) {
            List<Timeline.Interval> intervals = lane.intervals();
            g.writeStartObject();
            g.writeStringField("name", lane.name());
            g.writeNumberField("id", lane.id());
            char[] states = new char[intervals.size()];
            for (int i = 0; i < states.length; i++) {
                states[i] = intervals.get(i).state().code;
            }
            g.writeFieldName("states");
            g.writeString(states, 0, states.length);
            g.writeArrayFieldStart("starts");
            long previous = 0;
            for (Timeline.Interval in : intervals) {
                g.writeNumber(in.startNanos() - previous);
                previous = in.startNanos();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("durations");
            for (Timeline.Interval in : intervals) {
                g.writeNumber(in.endNanos() - in.startNanos());
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
        if (t.buckets() != null) {
            writeBuckets(g, t.buckets());
        }
        g.writeEndObject();
    }

    /** {@code timeline.buckets}: the whole run per thread, one number per bucket and state. */
    private static void writeBuckets(JsonGenerator g, Timeline.Buckets b) throws IOException {
        g.writeObjectFieldStart("buckets");
        g.writeNumberField("startNanos", b.startNanos());
        g.writeNumberField("bucketNanos", b.bucketNanos());
        g.writeArrayFieldStart("lanes");
        for (Timeline.BucketLane lane : b.lanes()) {
            g.writeStartObject();
            g.writeNumberField("id", lane.id());
            g.writeStringField("name", lane.name());
            g.writeFieldName("held");
            g.writeArray(lane.held(), 0, lane.held().length);
            g.writeFieldName("waiting");
            g.writeArray(lane.waiting(), 0, lane.waiting().length);
            g.writeFieldName("conditionWait");
            g.writeArray(lane.conditionWait(), 0, lane.conditionWait().length);
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static Timeline.State state(char code, String path) {
        Timeline.State s = Timeline.State.ofCode(code);
        if (s == null) {
            throw new ReportFormatException(path + ": state code '" + code + "' is not one of h, w, c");
        }
        return s;
    }

    private static void writeDouble(JsonGenerator g, String field, double value) throws IOException {
        if (Double.isFinite(value)) {
            g.writeNumberField(field, value);
        } else {
            g.writeNullField(field);
        }
    }

    // ---------------------------------------------------------------- reading

    private static Report readReport(Obj o) {
        Obj timeline = o.optObj("timeline");
        List<String> notes = new ArrayList<>();
        for (Object n : o.optList("notes")) {
            notes.add(String.valueOf(n));
        }
        Obj profile = o.optObj("profile");
        Object candidates = o.map.get("candidates");
        Object jvms = o.map.get("jvms");
        return new Report(Report.FORMAT, readRun(o.obj("run")), map(o.objs("locks"), ReportJson::readLock),
                map(o.objs("dispatchLoops"), ReportJson::readLoop),
                timeline == null ? null : readTimeline(timeline), notes, profile == null ? null : readProfile(profile),
                candidates == null || candidates == NULL ? null : map(o.optObjs("candidates"), ReportJson::readCandidate),
                jvms == null || jvms == NULL ? null : map(o.optObjs("jvms"), ReportJson::readJvm));
    }

    /** {@code jvms[i]} of a merged report. */
    private static Jvm readJvm(Obj o) {
        return new Jvm(o.str("file"), o.str("host"), o.lng("pid"), o.lng("startEpochMillis"), o.count("durationNanos"),
                o.intCount("availableProcessors"), o.str("javaVersion"),
                map(o.objs("locks"), l -> new Jvm.JvmLock(l.str("spec"), l.count("acquisitions"),
                        l.count("contendedAcquisitions"), l.count("heldNanos"), l.count("waitNanos"), l.dbl("utilization"),
                        l.dbl("waitShare"), l.dbl("coresLost"), l.intCount("threads"), l.str("diagnosis"),
                        l.str("severity"), l.str("headline"))));
    }

    /**
     * A candidate of {@code find=true}: counts and durations at least 0, {@code blockedNanos} exactly
     * {@code waitNanos + conditionWaitNanos}, a utilization within [0, instances], a spec that is empty or an
     * option of its kind, and no more blocked threads than threads.
     */
    private static Candidate readCandidate(Obj o) {
        String kind = o.str("kind");
        if (!kind.equals("monitor") && !kind.equals("lock")) {
            throw new ReportFormatException("not a gilprobe report: field " + o.at("kind") + " is \"" + kind
                    + "\", not monitor or lock");
        }
        String spec = o.str("spec");
        if (!spec.isEmpty() && !spec.startsWith(kind + "=")) {
            throw new ReportFormatException("not a gilprobe report: field " + o.at("spec") + " is \"" + spec
                    + "\", neither empty nor a " + kind + "= option");
        }
        long wait = o.count("waitNanos");
        long conditionWait = o.count("conditionWaitNanos");
        long blocked = o.count("blockedNanos");
        if (wait + conditionWait < 0 || blocked != wait + conditionWait) {
            throw new ReportFormatException("not a gilprobe report: field " + o.at("blockedNanos") + " is " + blocked
                    + ", not waitNanos + conditionWaitNanos (" + wait + " + " + conditionWait + ")");
        }
        int instances = (int) Math.min(Integer.MAX_VALUE, o.optCount("instances", 1));
        int threads = o.intCount("threads");
        int blockedThreads = (int) Math.min(Integer.MAX_VALUE, o.optCount("blockedThreads", 0));
        if (blockedThreads > threads) {
            throw new ReportFormatException("not a gilprobe report: field " + o.at("blockedThreads") + " is "
                    + blockedThreads + ", more than threads (" + threads + ")");
        }
        return new Candidate(spec, kind, o.str("name"), o.count("acquisitions"), o.count("contendedAcquisitions"),
                o.count("heldNanos"), wait, conditionWait, blocked, utilization(o, instances), threads, blockedThreads,
                instances, o.optStr("site", ""));
    }

    private static Profile readProfile(Obj o) {
        List<String> notes = new ArrayList<>();
        for (Object n : o.optList("notes")) {
            notes.add(String.valueOf(n));
        }
        List<Profile.FlameGraph> graphs = new ArrayList<>();
        for (Obj g : o.optObjs("graphs")) {
            long[] names = g.longs("names");
            long[] parents = g.longs("parents");
            long[] totals = g.counts("totals");
            List<Object> strings = g.optList("strings");
            int n = names.length;
            if (n == 0 || parents.length != n || totals.length != n || parents[0] != -1) {
                throw new ReportFormatException("not a gilprobe report: flame graph " + g.path + " has inconsistent columns");
            }
            List<List<Profile.Frame>> children = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                children.add(new ArrayList<>());
                if (names[i] < 0 || names[i] >= strings.size() || (i > 0 && (parents[i] < 0 || parents[i] >= i))) {
                    throw new ReportFormatException("not a gilprobe report: flame graph " + g.path + " frame " + i + " is out of range");
                }
            }
            Profile.Frame[] built = new Profile.Frame[n];
            for (int i = n - 1; i >= 0; i--) {
                built[i] = new Profile.Frame(String.valueOf(strings.get((int) names[i])), totals[i], children.get(i));
                if (i > 0) {
                    children.get((int) parents[i]).add(0, built[i]);
                }
            }
            graphs.add(new Profile.FlameGraph(g.str("kind"), g.str("title"), g.count("samples"), built[0],
                    (int) Math.min(Integer.MAX_VALUE, g.optCount("lock", 0))));
        }
        return new Profile(o.str("event"), o.count("intervalNanos"), o.str("status"), notes, graphs);
    }

    private static Run readRun(Obj o) {
        return new Run(o.lng("startEpochMillis"), o.count("durationNanos"), o.intCount("availableProcessors"),
                o.str("javaVersion"), o.lng("pid"), o.str("options"), o.optStr("mainCommand", ""), o.optStr("vmName", ""),
                o.optStr("host", ""));
    }

    private static LockReport readLock(Obj o) {
        Obj ownTimeline = o.optObj("timeline");
        Obj ticks = o.optObj("ticksPerHold");
        Obj verdict = o.optObj("verdict");
        Obj whatIf = o.optObj("whatIf");
        int instances = (int) Math.min(Integer.MAX_VALUE, o.optCount("instances", 1));
        return new LockReport(o.str("spec"), o.str("kind"), o.count("acquisitions"), o.count("contendedAcquisitions"),
                o.count("heldNanos"), o.count("waitNanos"), o.count("conditionWaitNanos"), utilization(o, instances),
                readHandoffs(o.obj("handoffs")), readDist(o.obj("hold")), readDist(o.obj("wait")),
                map(o.objs("threads"), ReportJson::readThread), o.optCount("conditionWaits", 0),
                ticks == null ? null : readDist(ticks), o.optBool("acquired", o.count("acquisitions") > 0),
                map(o.optObjs("suggestions"), s -> new LockReport.Suggestion(s.str("option"), s.optStr("site", ""),
                        s.optCount("acquisitions", 0))),
                instances, verdict == null ? null : readVerdict(verdict).withWhatIf(whatIf == null ? null
                        : new WhatIf(whatIf.count("predictedNanos"), whatIf.dbl("speedup"), whatIf.str("method"))),
                ownTimeline == null ? null : readTimeline(ownTimeline));
    }

    /**
     * A verdict as written; a report without one (written before verdicts existed) gets its verdict computed
     * by the {@link Report} it is read into. A {@code speedupCap} of null (never held) reads as infinite.
     */
    private static Verdict readVerdict(Obj o) {
        Obj convoy = o.optObj("convoy");
        double cap = o.dbl("speedupCap");
        return new Verdict(o.str("diagnosis"), o.str("severity"), o.str("headline"), o.str("summary"),
                map(o.objs("diagnoses"), d -> new Verdict.Diagnosis(d.str("code"), d.str("severity"), d.str("title"),
                        d.str("text"))),
                o.intCount("threadCount"), o.intCount("cores"), o.intCount("objects"), o.dbl("utilization"),
                Double.isNaN(cap) ? Double.POSITIVE_INFINITY : cap, o.dbl("waitShare"), o.dbl("unheldWaitShare"),
                o.dbl("threadsWaiting"), o.dbl("effectiveParallelism"), o.dbl("coresLost"), o.dbl("contendedShare"),
                o.dbl("selfReacquireRate"), o.dbl("unfairRate"), o.dbl("handoffRate"), o.str("spanSource"),
                o.str("workSource"),
                convoy == null ? null : new Verdict.Convoy(convoy.lng("threadId"), convoy.str("thread"),
                        convoy.count("holdP50"), convoy.count("waitP50"), convoy.lng("byThreadId"),
                        convoy.str("byThread"), convoy.count("byHoldP50")),
                map(o.objs("threads"), t -> new Verdict.ThreadNumbers(t.lng("id"), t.count("spanNanos"),
                        t.count("workNanos"), t.dbl("waitShare"), t.dbl("heldShare"), t.dbl("contendedShare"))));
    }

    /**
     * Hold time / wall time: each designated object is held at most the whole run, so the value lies in
     * [0, objects] (an instance field designates several objects, counted as one lock), up to the
     * rounding of a division. Null, how a writer says "not defined", reads as NaN.
     */
    private static double utilization(Obj o, int instances) {
        double u = o.dbl("utilization");
        double max = Math.max(1, instances);
        if (u < 0 || u > max * (1 + 1e-6)) {
            throw new ReportFormatException("not a gilprobe report: field " + o.at("utilization") + " is " + u
                    + ", outside [0, " + (long) max + "]" + (max > 1 ? " for " + instances + " designated objects" : ""));
        }
        return u;
    }

    private static Handoffs readHandoffs(Obj o) {
        return new Handoffs(o.count("toOtherThread"), o.count("selfReacquire"), o.count("unfairSelfReacquire"),
                map(o.optObjs("matrix"), e -> new Handoffs.Edge(e.lng("fromId"), e.lng("toId"), e.count("count"))));
    }

    private static ThreadReport readThread(Obj o) {
        return new ThreadReport(o.str("name"), o.lng("id"), o.count("acquisitions"), o.count("contendedAcquisitions"),
                o.count("heldNanos"), o.count("waitNanos"), readDist(o.obj("hold")), readDist(o.obj("wait")),
                o.count("ticksHeld"), o.count("ticksNotHeld"), o.optCount("conditionWaitNanos", 0),
                o.optCount("selfReacquire", 0), o.optCount("unfairSelfReacquire", 0), o.optBool("alive", false));
    }

    private static Dist readDist(Obj o) {
        double mean = o.dbl("mean");
        if (!(mean >= 0)) {
            throw new ReportFormatException("not a gilprobe report: field " + o.at("mean") + " is "
                    + (Double.isNaN(mean) ? "null" : mean + ", negative"));
        }
        return new Dist(o.count("count"), o.count("min"), mean, o.count("p50"), o.count("p90"), o.count("p99"),
                o.count("p999"), o.count("max"), o.str("histogram"));
    }

    private static DispatchLoop readLoop(Obj o) {
        return new DispatchLoop(o.str("className"), o.str("method"), o.str("descriptor"), o.intCount("cases"),
                o.count("ticks"), map(o.objs("threads"), t -> new DispatchLoop.LoopThread(t.str("name"), t.lng("id"),
                        t.count("ticks"))),
                map(o.optObjs("opcodes"), c -> new DispatchLoop.OpcodeCount(c.integer("key"),
                        c.optBool("isDefault", false), c.count("count"))));
    }

    private static Timeline readTimeline(Obj o) {
        List<Timeline.Lane> lanes = new ArrayList<>();
        for (Obj lane : o.objs("lanes")) {
            String states = lane.str("states");
            long[] starts = lane.longs("starts");
            long[] durations = lane.counts("durations");
            if (starts.length != states.length() || durations.length != states.length()) {
                throw new ReportFormatException(lane.path + ": states, starts and durations differ in length ("
                        + states.length() + ", " + starts.length + ", " + durations.length + ")");
            }
            List<Timeline.Interval> intervals = new ArrayList<>(states.length());
            long start = 0;
            for (int i = 0; i < starts.length; i++) {
                start += starts[i];
                intervals.add(new Timeline.Interval(state(states.charAt(i), lane.path), start, start + durations[i]));
            }
            lanes.add(new Timeline.Lane(lane.str("name"), lane.lng("id"), intervals));
        }
        Obj buckets = o.optObj("buckets");
        return new Timeline(o.lng("runStartNanos"), o.count("windowStartNanos"), o.intCount("capacity"),
                o.count("droppedEvents"), lanes, buckets == null ? null : readBuckets(buckets));
    }

    private static Timeline.Buckets readBuckets(Obj o) {
        long width = o.count("bucketNanos");
        if (width <= 0) {
            throw new ReportFormatException(o.at("bucketNanos") + ": must be positive");
        }
        List<Timeline.BucketLane> lanes = new ArrayList<>();
        int size = -1;
        for (Obj lane : o.objs("lanes")) {
            long[] held = lane.counts("held");
            long[] waiting = lane.counts("waiting");
            long[] conditionWait = lane.counts("conditionWait");
            if (held.length != waiting.length || held.length != conditionWait.length
                    || (size >= 0 && held.length != size)) {
                throw new ReportFormatException(lane.path + ": held, waiting and conditionWait must have the same "
                        + "number of buckets in every lane");
            }
            size = held.length;
            lanes.add(new Timeline.BucketLane(lane.lng("id"), lane.str("name"), held, waiting, conditionWait));
        }
        return new Timeline.Buckets(o.lng("startNanos"), width, lanes);
    }

    private static <T> List<T> map(List<Obj> objs, java.util.function.Function<Obj, T> f) {
        List<T> out = new ArrayList<>(objs.size());
        for (Obj o : objs) {
            out.add(f.apply(o));
        }
        return out;
    }

    /** JSON null inside the tree; a missing key is Java {@code null}. */
    private static final Object NULL = new Object();

    /**
     * Reads the value at the current token into a plain tree: Map, List, String, Long, Double,
     * Boolean or {@link #NULL}. An array of integers only becomes a {@code long[]}, so a timeline's
     * million numbers are not boxed.
     */
    private static Object readValue(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT: {
                Map<String, Object> m = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    m.put(name, readValue(p));
                }
                return m;
            }
            case START_ARRAY:
                return readArray(p);
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                // kept exact: an integer beyond 64 bits is an error, never a clamped or rounded count
                return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? (Object) p.getBigIntegerValue() : (Object) p.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return p.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return NULL;
            default:
                throw new ReportFormatException("not a gilprobe report: unexpected " + t + " at line "
                        + p.currentLocation().getLineNr());
        }
    }

    private static Object readArray(JsonParser p) throws IOException {
        long[] longs = new long[16];
        int n = 0;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            if (n == longs.length) {
                longs = Arrays.copyOf(longs, n * 2);
            }
            longs[n++] = p.getLongValue();
        }
        if (t == JsonToken.END_ARRAY) {
            return Arrays.copyOf(longs, n);
        }
        List<Object> list = new ArrayList<>(n + 4);
        for (int i = 0; i < n; i++) {
            list.add(longs[i]);
        }
        do {
            list.add(readValue(p));
        } while (p.nextToken() != JsonToken.END_ARRAY);
        return list;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object o) {
        return (Map<String, Object>) o;
    }

    /** An object of the tree with its path, so that every error names where it is. */
    private static final class Obj {
        final Map<String, Object> map;
        final String path;

        Obj(Map<String, Object> map, String path) {
            this.map = map;
            this.path = path;
        }

        private String at(String key) {
            return path.isEmpty() ? key : path + "." + key;
        }

        private Object required(String key) {
            Object v = map.get(key);
            if (v == null || v == NULL) {
                throw new ReportFormatException("not a gilprobe report: required field " + at(key) + " is missing");
            }
            return v;
        }

        private ReportFormatException wrongType(String key, String expected) {
            return new ReportFormatException("not a gilprobe report: field " + at(key) + " is not " + expected);
        }

        /** A 64-bit integer; a number with a fraction, or beyond 64 bits, is an error (never rounded or clamped). */
        long lng(String key) {
            return integerValue(required(key), at(key));
        }

        private static long integerValue(Object v, String where) {
            if (v instanceof Long) {
                return (Long) v;
            }
            if (v instanceof BigInteger) {
                throw new ReportFormatException("not a gilprobe report: field " + where + " is " + v
                        + ", beyond the 64-bit integer range");
            }
            if (v instanceof Double) {
                double d = (Double) v;
                finite(d, where);
                if (d == Math.rint(d)) {
                    if (d >= -0x1p63 && d < 0x1p63) {
                        return (long) d;
                    }
                    throw new ReportFormatException("not a gilprobe report: field " + where + " is " + d
                            + ", beyond the 64-bit integer range");
                }
            }
            throw new ReportFormatException("not a gilprobe report: field " + where + " is not an integer");
        }

        private static double finite(double d, String where) {
            if (!Double.isFinite(d)) {
                throw new ReportFormatException("not a gilprobe report: field " + where + " is " + d
                        + ", not a finite number");
            }
            return d;
        }

        private static long nonNegative(long v, String where) {
            if (v < 0) {
                throw new ReportFormatException("not a gilprobe report: field " + where + " is " + v
                        + ", a count or duration cannot be negative");
            }
            return v;
        }

        /** A count or a duration: an integer, at least 0. */
        long count(String key) {
            return nonNegative(lng(key), at(key));
        }

        int integer(String key) {
            long v = lng(key);
            if (v != (int) v) {
                throw wrongType(key, "a 32-bit integer");
            }
            return (int) v;
        }

        /** A count that is a 32-bit integer. */
        int intCount(String key) {
            return (int) nonNegative(integer(key), at(key));
        }

        /**
         * A finite double; JSON null (how the writer writes a value that is not finite) reads as NaN, but a
         * {@code NaN} or {@code Infinity} literal, or a number too large for a double, is an error.
         */
        double dbl(String key) {
            Object v = map.get(key);
            if (v == NULL) {
                return Double.NaN;
            }
            v = required(key);
            if (v instanceof Number) {
                return finite(((Number) v).doubleValue(), at(key));
            }
            throw wrongType(key, "a number");
        }

        String str(String key) {
            Object v = required(key);
            if (v instanceof String) {
                return (String) v;
            }
            throw wrongType(key, "a string");
        }

        Obj obj(String key) {
            Object v = required(key);
            if (v instanceof Map) {
                return new Obj(castMap(v), at(key));
            }
            throw wrongType(key, "an object");
        }

        List<Obj> objs(String key) {
            required(key);
            return optObjs(key);
        }

        long[] longs(String key) {
            Object v = required(key);
            if (v instanceof long[]) {
                return (long[]) v;
            }
            if (v instanceof List) {
                // not all 64-bit integers: name the first element that is not one
                List<?> list = (List<?>) v;
                for (int i = 0; i < list.size(); i++) {
                    integerValue(list.get(i), at(key) + "[" + i + "]");
                }
            }
            throw wrongType(key, "an array of integers");
        }

        /** An array of counts or durations: integers, each at least 0. */
        long[] counts(String key) {
            long[] values = longs(key);
            for (int i = 0; i < values.length; i++) {
                nonNegative(values[i], at(key) + "[" + i + "]");
            }
            return values;
        }

        String optStr(String key, String otherwise) {
            Object v = map.get(key);
            return v == null || v == NULL ? otherwise : str(key);
        }

        long optCount(String key, long otherwise) {
            Object v = map.get(key);
            return v == null || v == NULL ? otherwise : count(key);
        }

        boolean optBool(String key, boolean otherwise) {
            Object v = map.get(key);
            if (v == null || v == NULL) {
                return otherwise;
            }
            if (v instanceof Boolean) {
                return (Boolean) v;
            }
            throw wrongType(key, "true or false");
        }

        Obj optObj(String key) {
            Object v = map.get(key);
            return v == null || v == NULL ? null : obj(key);
        }

        List<Object> optList(String key) {
            Object v = map.get(key);
            if (v == null || v == NULL || (v instanceof long[] && ((long[]) v).length == 0)) {
                return List.of();
            }
            if (v instanceof List) {
                @SuppressWarnings("unchecked")
                List<Object> list = (List<Object>) v;
                return list;
            }
            throw wrongType(key, "an array");
        }

        List<Obj> optObjs(String key) {
            List<Object> list = optList(key);
            List<Obj> out = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                Object v = list.get(i);
                if (!(v instanceof Map)) {
                    throw new ReportFormatException("not a gilprobe report: " + at(key) + "[" + i + "] is not an object");
                }
                out.add(new Obj(castMap(v), at(key) + "[" + i + "]"));
            }
            return out;
        }
    }
}
