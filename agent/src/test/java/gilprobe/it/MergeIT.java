package gilprobe.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Reader;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import gilprobe.report.json.ReportJson;
import gilprobe.report.model.Dist;
import gilprobe.report.model.Jvm;
import gilprobe.report.model.LockReport;
import gilprobe.report.model.Report;
import gilprobe.report.model.ThreadReport;

/**
 * {@code java -jar gilprobe.jar merge} on the reports of two real runs of a program with known counts (two JVMs
 * of the same lock): the merged counts are the exact sums, the histograms hold every hold of both, and each JVM
 * has its row with the host the agent wrote.
 */
class MergeIT {
    private static final String P = "gilprobe.it.programs.";

    @Test
    void twoJvmsOfTheSameLockAddUp() throws Exception {
        ChildJvm.Result a = ChildJvm.withAgent("monitor=" + P + "SyncBlocks.LOCK").run(P + "SyncBlocks", "3", "20000", "block");
        ChildJvm.Result b = ChildJvm.withAgent("monitor=" + P + "SyncBlocks.LOCK").run(P + "SyncBlocks", "2", "7000", "nested");
        assertEquals(0, a.exitCode(), a.stderr());
        assertEquals(0, b.exitCode(), b.stderr());
        assertEquals("counter=60000\n", a.stdout());
        assertEquals("counter=14000\n", b.stdout());
        // the agent writes the host: this machine's name, as the kernel gives it (no name lookup; on Linux)
        Path kernel = Path.of("/proc/sys/kernel/hostname");
        String host = Files.isReadable(kernel) ? Files.readString(kernel).trim() : InetAddress.getLocalHost().getHostName();
        assertEquals(host, a.report().run().host());
        assertEquals(host, b.report().run().host());

        Path aJson = Path.of(a.prefix() + ".json");
        Path bJson = Path.of(b.prefix() + ".json");
        Path out = Files.createTempDirectory("gilprobe-merge").resolve("fleet");
        ChildJvm.Cli merge = ChildJvm.jar("merge", aJson.toString(), bJson.toString(), "-o", out.toString());
        assertEquals(0, merge.exitCode(), merge.output());
        assertEquals(out + ".json\n" + out + ".html\n", merge.output());
        Report merged;
        try (Reader r = Files.newBufferedReader(Path.of(out + ".json"))) {
            merged = ReportJson.read(r);
        }
        LockReport lock = merged.locks().get(0);
        assertEquals(60_000 + 14_000, lock.acquisitions(), "3 x 20,000 + 2 x 7,000; re-entrant nesting adds none");
        assertEquals(74_000, lock.holdTimes().count());
        LockReport la = a.lock();
        LockReport lb = b.lock();
        assertEquals(la.heldNanos() + lb.heldNanos(), lock.heldNanos());
        assertEquals(la.waitNanos() + lb.waitNanos(), lock.waitNanos());
        assertEquals(la.contendedAcquisitions() + lb.contendedAcquisitions(), lock.contendedAcquisitions());
        assertEquals(la.handoffs().toOtherThread() + lb.handoffs().toOtherThread(), lock.handoffs().toOtherThread());
        assertEquals(la.handoffs().selfReacquire() + lb.handoffs().selfReacquire(), lock.handoffs().selfReacquire());
        assertEquals(a.report().run().durationNanos() + b.report().run().durationNanos(), merged.run().durationNanos());
        assertEquals((double) lock.heldNanos() / merged.run().durationNanos(), lock.utilization(), 1e-15);
        // each JVM's first acquisition follows no release: every other one is a handoff or a self re-acquire
        assertEquals(lock.acquisitions() - 2, lock.handoffs().toOtherThread() + lock.handoffs().selfReacquire());
        assertEquals(lock.handoffs().toOtherThread() + lock.handoffs().selfReacquire(),
                lock.handoffs().matrix().stream().mapToLong(e -> e.count()).sum());
        long threadAcquisitions = 0;
        for (ThreadReport t : lock.threads()) {
            threadAcquisitions += t.acquisitions();
            assertEquals(t.acquisitions(), t.holdTimes().count(), t.name());
        }
        assertEquals(lock.acquisitions(), threadAcquisitions);
        // the merged histogram is the two JVMs' histograms in one
        Histogram both = la.holdTimes().decode();
        both.add(lb.holdTimes().decode());
        Dist expected = Dist.of(both);
        assertEquals(expected.p50(), lock.holdTimes().p50());
        assertEquals(expected.p99(), lock.holdTimes().p99());
        assertEquals(expected.p999(), lock.holdTimes().p999());
        assertEquals(expected.max(), lock.holdTimes().max());
        // every worker of both JVMs, labelled with its JVM
        for (int i = 0; i < 3; i++) {
            assertEquals(20_000, thread(lock, "[" + host + ":" + a.report().run().pid() + "] worker-" + i).acquisitions());
        }
        for (int i = 0; i < 2; i++) {
            assertEquals(7_000, thread(lock, "[" + host + ":" + b.report().run().pid() + "] worker-" + i).acquisitions());
        }
        // one row per JVM
        List<Jvm> jvms = merged.jvms();
        assertEquals(2, jvms.size());
        assertEquals(aJson.toString(), jvms.get(0).file());
        assertEquals(a.report().run().pid(), jvms.get(0).pid());
        assertEquals(b.report().run().pid(), jvms.get(1).pid());
        assertEquals(host, jvms.get(1).host());
        assertEquals(60_000, jvms.get(0).locks().get(0).acquisitions());
        assertEquals(14_000, jvms.get(1).locks().get(0).acquisitions());
        assertTrue(Files.readString(Path.of(out + ".html")).startsWith("<!DOCTYPE html>"));

        // the same run twice is refused in one line
        ChildJvm.Cli twice = ChildJvm.jar("merge", aJson.toString(), aJson.toString(), "-o", out + "-2");
        assertEquals(1, twice.exitCode(), twice.output());
        assertEquals(1, twice.output().lines().count(), twice.output());
        assertTrue(twice.output().startsWith("gilprobe: " + aJson + " is the same run as " + aJson), twice.output());
        assertFalse(Files.exists(Path.of(out + "-2.json")));
    }

    private static ThreadReport thread(LockReport lock, String name) {
        return lock.threads().stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no thread " + name + " in " + lock.threads()));
    }
}
