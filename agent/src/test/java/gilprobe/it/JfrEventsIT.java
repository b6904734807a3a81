package gilprobe.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

import gilprobe.it.programs.SpinHold;

/** {@code jfr=}: gilprobe.LockHold / gilprobe.LockWait in a JFR recording started the usual way. */
class JfrEventsIT {
    @Test
    void holdsAndWaitsAboveTheThresholdAreInTheRecording() throws Exception {
        Path dir = Files.createTempDirectory("gilprobe-jfr");
        Path jfr = dir.resolve("run.jfr");
        String spin = SpinHold.class.getName();
        var r = ChildJvm.withAgent("monitor=" + spin + ".LOCK,jfr=1ms")
                .jvmArg("-XX:StartFlightRecording=filename=" + jfr + ",settings=default")
                .run(spin, "2", "20", "3000");
        assertEquals(0, r.exitCode(), r.stderr());
        List<RecordedEvent> events = RecordingFile.readAllEvents(jfr);
        List<RecordedEvent> holds = events.stream().filter(e -> e.getEventType().getName().equals("gilprobe.LockHold")).toList();
        List<RecordedEvent> waits = events.stream().filter(e -> e.getEventType().getName().equals("gilprobe.LockWait")).toList();
        // every hold spins 3 ms: all 40 are over the 1 ms threshold, as in the report
        assertEquals(40, holds.size());
        assertEquals(40, r.lock().holdTimes().count());
        for (RecordedEvent e : holds) {
            long nanos = e.getDuration("holdTime").toNanos();
            assertTrue(nanos >= 3_000_000 && nanos < 3_000_000_000L, "hold " + nanos);
            assertEquals("monitor=" + spin + ".LOCK", e.getString("lock"));
            assertTrue(e.getStackTrace() != null && e.getStackTrace().getFrames().stream()
                    .anyMatch(f -> f.getMethod().getType().getName().startsWith(spin)), "stack names the program");
        }
        // waits: as many events as the report's wait histogram has waits of 1 ms or more (the histogram
        // keeps values within 1%, hence the band around the threshold)
        var w = IntervalIT.decode(r.lock().waitTimes());
        long atLeast = w.getCountBetweenValues(1_010_000, w.getMaxValue());
        long atMost = w.getCountBetweenValues(990_000, w.getMaxValue());
        assertTrue(waits.size() >= atLeast && waits.size() <= atMost, waits.size() + " events for " + atLeast + ".." + atMost);
        long waitedByEvents = 0;
        for (RecordedEvent e : waits) {
            long nanos = e.getDuration("waitTime").toNanos();
            assertTrue(nanos >= 1_000_000, "wait " + nanos);
            waitedByEvents += nanos;
        }
        assertTrue(waitedByEvents <= r.lock().waitNanos());
        long heldByEvents = holds.stream().mapToLong(e -> e.getDuration("holdTime").toNanos()).sum();
        assertEquals(r.lock().heldNanos(), heldByEvents, "every hold is in the recording, so the sums agree");
    }
}
