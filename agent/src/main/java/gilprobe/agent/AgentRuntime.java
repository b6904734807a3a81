package gilprobe.agent;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;

import gilprobe.instrument.LoadedClasses;
import gilprobe.instrument.Transformer;
import gilprobe.options.AgentOptions;
import gilprobe.options.OptionException;
import gilprobe.output.FindSummary;
import gilprobe.output.IntervalWriter;
import gilprobe.output.PrefixClaim;
import gilprobe.output.ReportOutput;
import gilprobe.profile.Profiling;
import gilprobe.record.Recording;

/**
 * The agent's start path, shared by launch ({@code premain}) and attach ({@code agentmain}): options,
 * recording, the transformer, the classes loaded before it, and the report at exit. It lives in the loader
 * of {@code gilprobe.Agent} (the bootstrap loader at launch, the system loader at attach); the probes and
 * the recording it drives are always in the bootstrap loader.
 *
 * <p>States: not recording (never started, or stopped) and recording. {@link #start} while recording and
 * {@link #control} while not recording are refused with an {@link IllegalStateException} whose message
 * says why in one line; {@code start} after {@code stop} begins a new recording from nothing. Each
 * recording claims its output prefix ({@link PrefixClaim}) until its last report is written.
 */
public final class AgentRuntime {
    private static Instrumentation instrumentation;
    private static Transformer transformer;
    private static LoadedClasses loadedClasses;
    /** The background retransformation of an attach, or null. */
    private static EarlierClasses earlier;
    /** Classes a {@code stop} could not restore yet (a thread ran a loop of theirs), or null. */
    private static WaitingClasses restoreLater;
    private static IntervalWriter intervals;
    private static Thread hook;
    /** The output prefix of the recording in progress; null when not recording. */
    private static PrefixClaim claim;
    private static boolean stopped;
    private static int dumps;

    private AgentRuntime() {
    }

    /** The report so far; an instance, not a method reference, because start() runs in premain. */
    private static final java.util.function.Supplier<gilprobe.report.model.Report> SNAPSHOT =
            new java.util.function.Supplier<>() {
                @Override
                public gilprobe.report.model.Report get() {
                    return Recording.active().snapshot();
                }
            };

    /**
     * Starts a recording ({@code late}: attached to a running JVM) and returns the line saying where its
     * report goes. Throws {@link IllegalArgumentException} with a one-line message for a bad option (the
     * entry point decides what that means: stop a launch, or answer the attaching tool), and
     * {@link IllegalStateException} when this JVM is already recording. The probe classes must be in the
     * bootstrap class loader already.
     */
    public static synchronized String start(String args, Instrumentation inst, JarFile agentJar, boolean late) {
        AgentOptions options;
        try {
            options = AgentOptions.parse(args);
        } catch (OptionException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        if (claim != null) {
            throw new IllegalStateException("already recording in this JVM; its report goes to " + claim.prefix()
                    + ".json and .html (stop it first to record with other options)");
        }
        // at launch the jar is opened only for the profiler's library (see AgentJar)
        JarFile jar = agentJar != null || options.profile == null ? agentJar : AgentJar.open();
        claim = PrefixClaim.claim(options.out != null ? options.out : "gilprobe-" + gilprobe.record.ProcessId.current());
        String files = claim.prefix() + ".json and .html" + (options.intervalNanos > 0 ? " (interval log " + claim.prefix() + ".hlog)" : "");
        if (claim.moved()) {
            System.err.println("gilprobe: " + claim.requested() + " is in use by another JVM; this one writes " + files);
        }
        stopped = false;
        List<Recording.Designation> designations = new ArrayList<>();
        List<String> specs = new ArrayList<>();
        for (gilprobe.options.LockSpec spec : options.locks) {
            designations.add(new Recording.Designation(spec.text(), spec.kind().label));
            specs.add(spec.text());
        }
        Recording recording = Recording.start(new Recording.Settings(designations, options.raw,
                options.timelinePerThread, options.timelineThreads, options.opcodes, options.find));
        gilprobe.jfr.LockEvents.start(options.jfrThresholdNanos, specs); // 0: off
        if (options.profile != null) {
            // before the transformer: no probe may run before the profiler's filter exists
            Profiling.start(options.profile, options.profileIntervalNanos, jar);
        }
        instrumentation = inst;
        transformer = new Transformer(options, inst);
        loadedClasses = new LoadedClasses(inst, transformer);
        inst.addTransformer(transformer, true);

        intervals = options.intervalNanos > 0
                ? new IntervalWriter(options.intervalNanos, claim.prefix(), SNAPSHOT, System.err) : null;
        if (intervals != null) {
            intervals.start();
        }
        // before the earlier classes: a program that ends while they are retransformed still gets its report
        hook = new Thread(new Runnable() {
            @Override
            public void run() {
                reportAtExit();
            }
        }, "gilprobe-report");
        hook.setDaemon(true);
        Runtime.getRuntime().addShutdownHook(hook);
        if (options.jmx) {
            // the MBeans: registered by a thread of their own once something has made the platform MBean server
            gilprobe.jmx.LiveMetrics.start(recording);
        }
        if (late) {
            // a stopped recording's classes still waiting to be restored: this recording retransforms them its way
            List<Class<?>> again = restoreLater != null ? restoreLater.cancel() : List.of();
            restoreLater = null;
            transformer.restoreAtStop(again);
            earlier = EarlierClasses.atAttach(loadedClasses, again);
        } else {
            EarlierClasses.atLaunch(loadedClasses);
        }
        return "recording; the report goes to " + files + " at exit, or at dump/stop"
                + (claim.moved() ? " (" + claim.requested() + " is in use by another JVM)" : "");
    }

    /** The shutdown hook: the last report, unless {@code stop} wrote it. */
    private static void reportAtExit() {
        Recording.markAgentThread();
        if (earlier != null) {
            earlier.cancel();
        }
        WaitingClasses w = restoreLater;
        if (w != null) {
            w.cancel();
        }
        synchronized (AgentRuntime.class) {
            if (claim != null) {
                System.err.println("gilprobe: " + finalReport(claim.prefix()).line());
            }
        }
    }

    /** Ends the recording in progress with its last report, and gives its output prefix back. */
    private static ReportOutput.Written finalReport(String out) {
        if (intervals != null) {
            intervals.close();
        }
        gilprobe.report.model.Report report = Profiling.finish(SNAPSHOT);
        ReportOutput.Written written = ReportOutput.write(report, out);
        for (String line : FindSummary.lines(report)) {
            System.err.println(line); // find=true: the top candidates, each with the option to paste
        }
        claim.release();
        claim = null;
        return written;
    }

    /**
     * A command from {@code java -jar gilprobe.jar dump|stop <pid>}, delivered through the Attach API
     * (which only the same user on the same machine can use): {@code dump} writes the report so far;
     * {@code stop} writes the final report and removes the instrumentation. {@code out} is the output
     * prefix, or empty for the recording's own. Returns the line saying what happened; throws
     * {@link IllegalStateException} with the line saying why nothing did.
     */
    public static synchronized String control(String verb, String out) {
        if (!verb.equals("dump") && !verb.equals("stop")) {
            throw new IllegalArgumentException("unknown control command '" + verb + "' (dump, stop)");
        }
        if (claim == null) {
            throw new IllegalStateException(stopped ? "gilprobe was stopped in this JVM; nothing is recorded until the next attach"
                    : "gilprobe is not recording in this JVM");
        }
        Recording.markAgentThread();
        if (verb.equals("dump")) {
            ReportOutput.Written written = ReportOutput.write(Recording.active().snapshot(),
                    out.isEmpty() ? claim.prefix() + "-dump-" + (++dumps) : out);
            if (written.json() == null) {
                throw new IllegalStateException(written.line());
            }
            System.err.println("gilprobe: " + written.line());
            return written.line();
        }
        stopped = true;
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException ignored) {
            // already shutting down: the hook waits for this lock, then finds the recording ended
        }
        gilprobe.jmx.LiveMetrics.stop();
        String restored = restoreClasses();
        ReportOutput.Written written = finalReport(out.isEmpty() ? claim.prefix() : out);
        if (written.json() == null) {
            throw new IllegalStateException("stopped (" + restored + "), but " + written.line());
        }
        System.err.println("gilprobe: " + written.line());
        return "stopped; " + restored + "; final " + written.line();
    }

    /**
     * Removes the transformer and retransforms every class it changed: the JVM then reinstalls the original
     * bytes. A class a thread is running a loop of is restored later, once none does (see
     * {@link gilprobe.instrument.RunningLoops}; until then its probes go on counting into the stopped
     * recording, which nothing reads). Returns how many were restored, in words.
     */
    private static String restoreClasses() {
        if (earlier != null) {
            earlier.cancel();
        }
        instrumentation.removeTransformer(transformer);
        Set<String> names = transformer.transformedNames();
        List<Class<?>> back = new ArrayList<>();
        for (Class<?> c : loadedClasses.candidates()) {
            if (names.contains(c.getName().replace('.', '/'))) {
                back.add(c);
            }
        }
        LoadedClasses.Outcome o = loadedClasses.retransform(back, LoadedClasses.NO_PROGRESS, LoadedClasses.NOT_CANCELLED, true);
        String line = o.done() + " of " + back.size() + " instrumented classes restored"
                + (o.waiting().isEmpty() ? "" : ", " + o.waiting().size() + " later");
        Recording.note("stopped on request: " + line);
        System.err.println("gilprobe: stopped; " + o.done() + " instrumented classes restored to their original bytes");
        if (!o.waiting().isEmpty()) {
            System.err.println("gilprobe: stopped; " + o.waiting().size() + " instrumented "
                    + (o.waiting().size() == 1 ? "class is" : "classes are") + " restored once no thread runs a loop of "
                    + (o.waiting().size() == 1 ? "it" : "theirs") + " (restoring now would leave the loop interpreted until"
                    + " it returns): " + o.waitingText());
            restoreLater = new WaitingClasses(loadedClasses, o.waiting(), "restored").startThread("gilprobe-restore");
        }
        return line;
    }
}
