package gilprobe.agent;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;

import net.bytebuddy.dynamic.ClassFileLocator;

import gilprobe.instrument.LoadedClasses;
import gilprobe.instrument.Transformer;
import gilprobe.options.AgentOptions;
import gilprobe.options.OptionException;
import gilprobe.output.IntervalWriter;
import gilprobe.output.ReportOutput;
import gilprobe.profile.Profiling;
import gilprobe.record.Recording;

/**
 * The agent's start path, shared by launch ({@code premain}) and attach ({@code agentmain}): options,
 * recording, the transformer, the classes loaded before it, and the report at exit. It lives in the loader
 * of {@code gilprobe.Agent} (the bootstrap loader at launch, the system loader at attach); the probes and
 * the recording it drives are always in the bootstrap loader.
 */
public final class AgentRuntime {
    private static volatile boolean started;
    private static volatile boolean stopped;
    private static Instrumentation instrumentation;
    private static Transformer transformer;
    private static LoadedClasses loadedClasses;
    /** The background retransformation of an attach, or null. */
    private static EarlierClasses earlier;
    private static IntervalWriter intervals;
    private static Thread hook;
    private static String prefix;
    private static int dumps;

    private AgentRuntime() {
    }

    /**
     * Starts the agent: {@code late} when attached to a running JVM. Throws {@link IllegalArgumentException}
     * with a one-line message for a bad option (the entry point decides what that means: stop a launch, or
     * report to the attaching tool). The probe classes must be in the bootstrap class loader already.
     */
    public static synchronized void start(String args, Instrumentation inst, JarFile agentJar, boolean late) {
        AgentOptions options;
        try {
            options = AgentOptions.parse(args);
        } catch (OptionException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        if (started) {
            System.err.println("gilprobe: already running in this JVM; ignoring the second start");
            return;
        }
        started = true;
        Recording.start(new Recording.Settings(options.lock.text(), options.lock.kind().label, options.raw,
                options.timelinePerThread, options.timelineThreads, options.opcodes));
        if (options.jfrThresholdNanos > 0) {
            gilprobe.jfr.LockEvents.start(options.jfrThresholdNanos, options.lock.text());
        }
        if (options.profile != null) {
            // before the transformer: no probe may run before the profiler's filter exists
            Profiling.start(options.profile, options.profileIntervalNanos, agentJar);
        }
        ClassFileLocator agentClasses = agentJar == null ? ClassFileLocator.NoOp.INSTANCE : new ClassFileLocator.ForJarFile(agentJar);
        instrumentation = inst;
        transformer = new Transformer(options, inst, agentClasses);
        loadedClasses = new LoadedClasses(inst, transformer);
        inst.addTransformer(transformer, true);

        prefix = options.out != null ? options.out : "gilprobe-" + ProcessHandle.current().pid();
        intervals = options.intervalNanos > 0
                ? new IntervalWriter(options.intervalNanos, prefix, Recording::snapshot, System.err) : null;
        if (intervals != null) {
            intervals.start();
        }
        // before the earlier classes: a program that ends while they are retransformed still gets its report
        hook = new Thread(AgentRuntime::finalReport, "gilprobe-report");
        hook.setDaemon(true);
        Runtime.getRuntime().addShutdownHook(hook);
        if (late) {
            earlier = EarlierClasses.atAttach(loadedClasses);
        } else {
            EarlierClasses.atLaunch(loadedClasses);
        }
    }

    /** The last report: at exit (the shutdown hook) or at {@code stop}. */
    private static void finalReport() {
        Recording.markAgentThread();
        if (earlier != null) {
            earlier.cancel();
        }
        finalReport(prefix);
    }

    private static synchronized void finalReport(String out) {
        if (intervals != null) {
            intervals.close();
        }
        ReportOutput.write(Profiling.finish(Recording::snapshot), out);
    }

    /**
     * A command from {@code java -jar gilprobe.jar dump|stop <pid>}, delivered through the Attach API
     * (which only the same user on the same machine can use): {@code dump[,out=<prefix>]} writes the
     * report so far; {@code stop[,out=<prefix>]} writes the final report and removes the instrumentation.
     * Throws {@link IllegalStateException} (reported to the attaching tool) when there is nothing to do.
     */
    public static synchronized void control(String command) {
        if (!started || stopped) {
            throw new IllegalStateException("gilprobe is not recording in this JVM");
        }
        String verb = command;
        String out = null;
        int comma = command.indexOf(',');
        if (comma >= 0) {
            verb = command.substring(0, comma);
            String rest = command.substring(comma + 1);
            if (!rest.startsWith("out=") || rest.length() == 4) {
                throw new IllegalArgumentException("gilprobe: control option '" + rest + "' is not out=<prefix>");
            }
            out = rest.substring(4);
        }
        switch (verb) {
            case "dump" -> {
                Recording.markAgentThread();
                String target = out != null ? out : prefix + "-dump-" + (++dumps);
                ReportOutput.write(Recording.snapshot(), target);
            }
            case "stop" -> {
                Recording.markAgentThread();
                stopped = true;
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException ignored) {
                    // already shutting down: the hook writes the report
                }
                restoreClasses();
                finalReport(out != null ? out : prefix);
            }
            default -> throw new IllegalArgumentException("gilprobe: unknown control command '" + verb + "' (dump, stop)");
        }
    }

    /** Removes the transformer and retransforms every class it changed: the JVM then reinstalls the original bytes. */
    private static void restoreClasses() {
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
        int restored = loadedClasses.retransform(back, done -> { }, () -> false);
        Recording.note("stopped on request: " + restored + " of " + back.size() + " instrumented classes restored");
        System.err.println("gilprobe: stopped; " + restored + " instrumented classes restored to their original bytes");
    }
}
