package gilprobe.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.management.Attribute;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import org.junit.jupiter.api.Test;

import com.sun.tools.attach.VirtualMachine;

import gilprobe.report.model.LockReport;
import gilprobe.report.model.Report;

/**
 * The live metrics as their users read them: the MBeans from another JVM over the JVM's own local
 * management agent (what jconsole and VisualVM do), and Prometheus' JMX exporter agent beside gilprobe
 * with the configuration the repository ships. The target ({@code LiveCounts}) knows how often its workers
 * took the lock and pauses, with no thread touching the lock, before it ends: the last read and the final
 * report then see the same events.
 */
class LiveMetricsIT {
    private static final String MAIN = "gilprobe.it.programs.LiveCounts";
    private static final String SPEC = "monitor=" + MAIN + ".LOCK";
    private static final ObjectName NAME = name(SPEC);
    private static final String[] ATTRIBUTES = {"Acquisitions", "ContendedAcquisitions", "HeldNanos", "WaitNanos",
        "ConditionWaitNanos", "Utilization", "WaitShare", "HoldP99Nanos", "WaitP99Nanos", "Handoffs",
        "UnfairSelfReacquires", "SelfReacquires", "ElapsedNanos", "Spec"};
    /** Longer than the MBean's percentile cache (1 s), so that a read after it sees every hold. */
    private static final long PAST_PERCENTILE_CACHE_MILLIS = 1_200;

    private static ObjectName name(String spec) {
        try {
            return new ObjectName("gilprobe:type=Lock,name=" + ObjectName.quote(spec));
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> read(MBeanServerConnection c) throws Exception {
        Map<String, Object> out = new HashMap<>();
        for (Object o : c.getAttributes(NAME, ATTRIBUTES)) {
            out.put(((Attribute) o).getName(), ((Attribute) o).getValue());
        }
        assertEquals(ATTRIBUTES.length, out.size(), out.toString());
        return out;
    }

    private static long n(Map<String, Object> v, String name) {
        return (Long) v.get(name);
    }

    private static double d(Map<String, Object> v, String name) {
        return (Double) v.get(name);
    }

    /** Waits (30 s at most) until {@code NAME} is registered (gilprobe registers once the MBean server exists). */
    private static void awaitRegistered(MBeanServerConnection c) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!c.isRegistered(NAME)) {
            assertTrue(System.nanoTime() < deadline, "never registered: " + NAME);
            Thread.sleep(50);
        }
    }

    private static long workersDone(ChildJvm.Running child) throws Exception {
        child.awaitStdout("workers done ");
        Matcher m = Pattern.compile("workers done (\\d+)").matcher(child.stdoutSoFar());
        assertTrue(m.find(), child.stdoutSoFar());
        return Long.parseLong(m.group(1));
    }

    /**
     * Read twice while the workers run: the counts grow, utilization is in (0, 1]. Read once more when they
     * have stopped: the counts are the program's, and {@code stop} writes a report with the same numbers and
     * removes the MBean. A new {@code attach} registers it again, counting from zero.
     */
    @Test
    void readFromAnotherJvmTheCountsGrowAndTheLastReadIsTheFinalReport() throws Exception {
        ChildJvm.Running child = ChildJvm.withAgent(SPEC).start(MAIN, "stop-workers", "exit");
        Path dir = child.dir;
        String pid = String.valueOf(child.process.pid());
        try {
            AttachIT.awaitAttachable(pid);
            String address = localManagementAgent(pid);
            try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
                MBeanServerConnection c = connector.getMBeanServerConnection();
                awaitRegistered(c);
                Map<String, Object> first = read(c);
                assertEquals(SPEC, first.get("Spec"));
                Map<String, Object> second = read(c);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (n(second, "Acquisitions") <= n(first, "Acquisitions") || n(first, "Acquisitions") == 0) {
                    assertTrue(System.nanoTime() < deadline, "the counts never grew: " + first + " " + second);
                    Thread.sleep(100);
                    if (n(first, "Acquisitions") == 0) {
                        first = read(c);
                    }
                    second = read(c);
                }
                assertTrue(n(second, "HeldNanos") > n(first, "HeldNanos"), first + " then " + second);
                assertTrue(n(second, "ElapsedNanos") > n(first, "ElapsedNanos"));
                for (Map<String, Object> v : java.util.List.of(first, second)) {
                    assertTrue(d(v, "Utilization") > 0 && d(v, "Utilization") <= 1, v.toString());
                    assertEquals((double) n(v, "HeldNanos") / n(v, "ElapsedNanos"), d(v, "Utilization"), 1e-12);
                    assertTrue(d(v, "WaitShare") >= 0 && d(v, "WaitShare") <= 1, v.toString());
                }

                Files.createFile(dir.resolve("stop-workers"));
                long taken = workersDone(child);
                Thread.sleep(PAST_PERCENTILE_CACHE_MILLIS);
                Map<String, Object> last = read(c);
                assertEquals(taken, n(last, "Acquisitions"), "the program's own count: " + last);
                assertEquals(taken - 1, n(last, "Handoffs") + n(last, "SelfReacquires"),
                        "every acquisition but the first had a previous holder");

                ChildJvm.Cli stop = ChildJvm.jar("stop", pid);
                assertEquals(0, stop.exitCode(), stop.output());
                assertFalse(c.isRegistered(NAME), "removed at stop");
                Report report = AttachIT.read(Path.of(child.prefix + ".json"));
                LockReport l = report.locks().get(0);
                assertEquals(l.acquisitions(), n(last, "Acquisitions"));
                assertEquals(l.contendedAcquisitions(), n(last, "ContendedAcquisitions"));
                assertEquals(l.heldNanos(), n(last, "HeldNanos"));
                assertEquals(l.waitNanos(), n(last, "WaitNanos"));
                assertEquals(l.conditionWaitNanos(), n(last, "ConditionWaitNanos"));
                assertEquals(l.handoffs().toOtherThread(), n(last, "Handoffs"));
                assertEquals(l.handoffs().selfReacquire(), n(last, "SelfReacquires"));
                assertEquals(l.handoffs().unfairSelfReacquire(), n(last, "UnfairSelfReacquires"));
                assertEquals(l.holdTimes().p99(), n(last, "HoldP99Nanos"));
                assertEquals(l.waitTimes().p99(), n(last, "WaitP99Nanos"));
                assertTrue(report.run().durationNanos() >= n(last, "ElapsedNanos"), "the report ends after the read");
                // the wait share: the two workers are the lock's only users, each spanning the time since the
                // start, without condition waits or dispatch ticks: Σ W / (2 × elapsed)
                assertEquals((double) l.waitNanos() / (2.0 * n(last, "ElapsedNanos")), d(last, "WaitShare"), 1e-12);

                // a new recording in the same JVM, counting from zero
                ChildJvm.Cli again = ChildJvm.jar("attach", pid, SPEC + ",out=" + dir.resolve("again"));
                assertEquals(0, again.exitCode(), again.output());
                awaitRegistered(c);
                Map<String, Object> fresh = read(c);
                assertEquals(0L, fresh.get("Acquisitions"), "no thread takes the lock any more");
                assertEquals(0.0, fresh.get("Utilization"));
                assertEquals(0, ChildJvm.jar("stop", pid).exitCode());
                assertFalse(c.isRegistered(NAME), "removed at the second stop");
            }
            Files.createFile(dir.resolve("exit"));
            ChildJvm.Result r = child.finish();
            assertEquals(0, r.exitCode(), r.stderr());
        } finally {
            child.process.destroyForcibly();
        }
    }

    /**
     * Attached to a JVM started without gilprobe: the agent's start path and the MBean classes are in the
     * system class loader, the recording in the bootstrap one. The MBean is registered, its counts grow and
     * its percentiles are read (histogram copies cross the two loaders), and {@code stop} removes it.
     */
    @Test
    void attachedToARunningJvmTheMBeanWorksAcrossTheClassLoaders() throws Exception {
        ChildJvm.Running child = ChildJvm.withoutAgent().start(MAIN, "stop-workers", "exit");
        Path dir = child.dir;
        String pid = String.valueOf(child.process.pid());
        try {
            AttachIT.awaitAttachable(pid);
            ChildJvm.Cli attach = ChildJvm.jar("attach", pid, SPEC + ",out=" + dir.resolve("attached"));
            assertEquals(0, attach.exitCode(), attach.output());
            String address = localManagementAgent(pid);
            try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
                MBeanServerConnection c = connector.getMBeanServerConnection();
                awaitRegistered(c);
                Map<String, Object> first = read(c);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                Map<String, Object> later = read(c);
                while (n(later, "Acquisitions") <= n(first, "Acquisitions") || n(later, "HoldP99Nanos") == 0) {
                    assertTrue(System.nanoTime() < deadline, "the counts never grew: " + first + " " + later);
                    Thread.sleep(100);
                    later = read(c);
                }
                assertTrue(d(later, "Utilization") > 0 && d(later, "Utilization") <= 1, later.toString());
                assertTrue(n(later, "HoldP99Nanos") >= 20_000, "each hold spins 20 us: " + later);
                assertEquals(0, ChildJvm.jar("stop", pid).exitCode());
                assertFalse(c.isRegistered(NAME), "removed at stop");
                Report report = AttachIT.read(dir.resolve("attached.json"));
                assertTrue(report.locks().get(0).acquisitions() >= n(later, "Acquisitions"));
            }
            Files.createFile(dir.resolve("stop-workers"));
            workersDone(child);
            Files.createFile(dir.resolve("exit"));
            ChildJvm.Result r = child.finish();
            assertEquals(0, r.exitCode(), r.stderr());
            assertFalse(r.stderr().contains("not available"), r.stderr());
        } finally {
            child.process.destroyForcibly();
        }
    }

    /** A port nobody listens on now (the exporter binds it a moment later). */
    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static final Pattern SAMPLE = Pattern.compile("^(gilprobe_lock_\\w+)\\{lock=\"([^\"]*)\"\\} (\\S+)$",
            Pattern.MULTILINE);

    /** The gilprobe samples of one scrape: metric name to value, for the lock labelled {@code SPEC}. */
    private static Map<String, Double> scrape(HttpClient http, int port) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(java.time.Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        Map<String, Double> out = new HashMap<>();
        Matcher m = SAMPLE.matcher(r.body());
        while (m.find()) {
            if (m.group(2).equals(SPEC)) {
                out.put(m.group(1), Double.parseDouble(m.group(3)));
            }
        }
        return out;
    }

    /**
     * Prometheus' own JMX exporter agent, with docs/prometheus/gilprobe-jmx-exporter.yaml, serves the lock's
     * metrics under the names the configuration gives them, labelled with the lock's spec, with the values
     * the program and the final report know.
     */
    @Test
    void prometheusJmxExporterServesTheLockWithTheRightValues() throws Exception {
        Path exporter = Path.of(System.getProperty("prometheus.jmx.agent", "target/it-tools/jmx_prometheus_javaagent.jar"));
        Path config = Path.of(System.getProperty("prometheus.jmx.config", "../docs/prometheus/gilprobe-jmx-exporter.yaml"));
        assertTrue(Files.isRegularFile(exporter), "the exporter agent (copied by the build): " + exporter);
        assertTrue(Files.isRegularFile(config), config.toString());
        int port = freePort();
        ChildJvm.Running child = ChildJvm.withAgent(SPEC)
                .jvmArg("-javaagent:" + exporter.toAbsolutePath() + "=127.0.0.1:" + port + ":" + config.toAbsolutePath())
                .start(MAIN, "stop-workers", "exit");
        Path dir = child.dir;
        HttpClient http = HttpClient.newHttpClient();
        try {
            Map<String, Double> running = Map.of();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (running.getOrDefault("gilprobe_lock_acquisitions_total", 0.0) == 0) {
                assertTrue(child.process.isAlive() && System.nanoTime() < deadline,
                        "no gilprobe_lock_acquisitions_total above 0: " + running + "\n" + child.stderrSoFar());
                Thread.sleep(200);
                try {
                    running = scrape(http, port);
                } catch (java.net.ConnectException notYet) {
                    // the exporter's server is not up yet
                }
            }
            double u = running.get("gilprobe_lock_utilization");
            assertTrue(u > 0 && u <= 1, "utilization " + u);

            Files.createFile(dir.resolve("stop-workers"));
            long taken = workersDone(child);
            Thread.sleep(PAST_PERCENTILE_CACHE_MILLIS);
            Map<String, Double> last = scrape(http, port);
            Files.createFile(dir.resolve("exit"));
            ChildJvm.Result r = child.finish();
            assertEquals(0, r.exitCode(), r.stderr());
            LockReport l = r.lock();

            assertEquals(13, last.size(), "one sample per attribute: " + last.keySet());
            assertEquals((double) taken, last.get("gilprobe_lock_acquisitions_total"), "the program's count");
            assertEquals((double) l.acquisitions(), last.get("gilprobe_lock_acquisitions_total"));
            assertEquals((double) l.contendedAcquisitions(), last.get("gilprobe_lock_contended_acquisitions_total"));
            assertEquals((double) l.handoffs().toOtherThread(), last.get("gilprobe_lock_handoffs_total"));
            assertEquals((double) l.handoffs().selfReacquire(), last.get("gilprobe_lock_self_reacquires_total"));
            assertEquals((double) l.handoffs().unfairSelfReacquire(), last.get("gilprobe_lock_unfair_self_reacquires_total"));
            assertEquals(taken - 1, Math.round(last.get("gilprobe_lock_handoffs_total") + last.get("gilprobe_lock_self_reacquires_total")));
            // nanoseconds as seconds
            assertEquals(l.heldNanos() / 1e9, last.get("gilprobe_lock_held_seconds_total"), 1e-12);
            assertEquals(l.waitNanos() / 1e9, last.get("gilprobe_lock_wait_seconds_total"), 1e-12);
            assertEquals(l.conditionWaitNanos() / 1e9, last.get("gilprobe_lock_condition_wait_seconds_total"), 1e-12);
            assertEquals(l.holdTimes().p99() / 1e9, last.get("gilprobe_lock_hold_p99_seconds"), 1e-15);
            assertEquals(l.waitTimes().p99() / 1e9, last.get("gilprobe_lock_wait_p99_seconds"), 1e-15);
            double elapsed = last.get("gilprobe_lock_recording_seconds");
            assertTrue(elapsed > 0 && elapsed <= r.report().run().durationNanos() / 1e9, "scraped before the end");
            assertEquals(l.heldNanos() / 1e9 / elapsed, last.get("gilprobe_lock_utilization"), 1e-9);
            assertEquals(l.waitNanos() / 1e9 / (2 * elapsed), last.get("gilprobe_lock_wait_share"), 1e-9);
        } finally {
            child.process.destroyForcibly();
        }
    }

    /** The JMX address of JVM {@code pid}'s local management agent, started through the Attach API. */
    static String localManagementAgent(String pid) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(pid);
        try {
            return vm.startLocalManagementAgent();
        } finally {
            vm.detach();
        }
    }
}
