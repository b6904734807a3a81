package gilprobe.profile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.jar.JarFile;

import gilprobe.record.Recording;
import gilprobe.report.model.Profile;
import gilprobe.report.model.Report;

/**
 * The async-profiler session of a run ({@code profile=} option).
 *
 * <p>One session samples two events into a JFR file: the CPU event ({@code cpu}, or {@code itimer})
 * and wall-clock samples, both of every thread. Afterwards each sample is placed by its timestamp
 * against its thread's timeline ({@link ProfileReader}): wall-clock samples taken while the thread
 * waited for the lock make the waiting graph, CPU samples are split into held and not held. The probes
 * never call the profiler: an earlier design kept async-profiler's thread filter (which only the
 * wall-clock engine honours) to the waiting threads, at about 2.6 us of filter calls per contended
 * request, paid by the very threads whose waiting it measured.
 */
public final class Profiling {
    private static AsyncProfilerLoader.Handle handle;
    private static Path jfr;
    private static String event;
    private static long intervalNanos;
    private static long startNanos;
    private static String status;
    private static final List<String> NOTES = new ArrayList<>();

    private Profiling() {
    }

    /**
     * Starts async-profiler with {@code requestedEvent} ({@code cpu} or {@code itimer}) every
     * {@code interval} ns. Never throws: a failure becomes the profile's status line, and the run goes on.
     */
    public static synchronized void start(String requestedEvent, long interval, JarFile jar) {
        event = requestedEvent;
        intervalNanos = interval;
        NOTES.clear();
        Recording.osThreadIds = true;
        try {
            if (handle == null) {
                // loaded once per JVM: a second recording (after stop) would find its own library mapped and
                // take it for another async-profiler's
                handle = AsyncProfilerLoader.load(jar);
            }
            jfr = Files.createTempFile("gilprobe-profile-", ".jfr");
            if (jfr.toString().indexOf(',') >= 0) {
                throw new AsyncProfilerLoader.Unavailable("the temporary directory's path " + jfr.getParent()
                        + " has a comma, which async-profiler's options cannot carry");
            }
            startNanos = System.nanoTime();
            String error = tryStart(requestedEvent);
            if (error != null && requestedEvent.equals("cpu")) {
                String itimerError = tryStart("itimer");
                if (itimerError == null) {
                    NOTES.add("event cpu could not start (" + error + "); sampled with itimer instead");
                    event = "itimer";
                    error = null;
                } else {
                    error = "cpu: " + error + "; itimer: " + itimerError;
                }
            }
            if (error != null) {
                throw new AsyncProfilerLoader.Unavailable("async-profiler did not start: " + error);
            }
            status = "ok";
        } catch (AsyncProfilerLoader.Unavailable e) {
            fail(e.getMessage());
        } catch (IOException | RuntimeException | LinkageError e) {
            fail("async-profiler did not start: " + AsyncProfilerLoader.oneLine(e));
        }
    }

    private static void fail(String reason) {
        status = reason;
        System.err.println("gilprobe: profile=" + event + " is off for this run: " + reason);
        deleteJfr();
    }

    /** Returns null when the profiler started, else its one-line error. */
    private static String tryStart(String ev) {
        try {
            handle.execute().invoke("start,event=" + ev + ",interval=" + intervalNanos + ",wall=" + intervalNanos
                    + ",jfr,file=" + jfr);
            return null;
        } catch (Throwable e) {
            return AsyncProfilerLoader.oneLine(e);
        }
    }

    /**
     * Stops the profiler, then takes the report with {@code snapshot} (so that the timeline covers every
     * sample) and returns it with its profile; the report unchanged if profiling was never asked for.
     * Never throws.
     */
    public static synchronized Report finish(Supplier<Report> snapshot) {
        if (status == null || "finished".equals(status)) {
            return snapshot.get();
        }
        if (!"ok".equals(status)) {
            Report failed = snapshot.get().withProfile(new Profile(event, intervalNanos, status, NOTES, List.of()));
            status = "finished"; // a later recording without profile= must not carry this one's status
            return failed;
        }
        String stopError = null;
        try {
            handle.execute().invoke("stop");
        } catch (Throwable e) {
            stopError = "async-profiler did not stop cleanly: " + AsyncProfilerLoader.oneLine(e);
        }
        List<Map<Long, Long>> open = new java.util.ArrayList<>();
        for (int li = 0; li < Recording.active().settings().locks().size(); li++) {
            open.add(Recording.active().openHolds(li));
        }
        Report report = snapshot.get();
        Profile p;
        try {
            p = ProfileReader.read(jfr, report, event, intervalNanos, startNanos, NOTES,
                    Recording.active().settings().timelinePerThread(), open, Recording.active().osToJavaThreadIds());
            if (stopError != null) {
                p = new Profile(event, intervalNanos, stopError, p.notes(), p.graphs());
            }
        } catch (Throwable e) {
            // e.g. a JDK without the jdk.jfr module, or a truncated file
            p = new Profile(event, intervalNanos, "the profile could not be read: " + AsyncProfilerLoader.oneLine(e), NOTES,
                    List.of());
        }
        deleteJfr();
        status = "finished";
        return report.withProfile(p);
    }

    private static void deleteJfr() {
        if (jfr != null) {
            try {
                Files.deleteIfExists(jfr);
            } catch (IOException ignored) {
                // a temp file left behind is harmless
            }
            jfr = null;
        }
    }
}
