package gilprobe.agent;

import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;

import net.bytebuddy.dynamic.ClassFileLocator;

import gilprobe.instrument.Transformer;
import gilprobe.options.AgentOptions;
import gilprobe.options.OptionException;
import gilprobe.output.IntervalWriter;
import gilprobe.output.ReportOutput;
import gilprobe.profile.Profiling;
import gilprobe.record.Recording;

/**
 * The agent's start path, shared by launch ({@code premain}) and attach ({@code agentmain}): options,
 * recording, the transformer, and the report at exit. Loaded from the bootstrap class path, like every
 * class instrumented code may reach.
 */
public final class AgentRuntime {
    private static volatile boolean started;

    private AgentRuntime() {
    }

    /**
     * Starts the agent. Throws {@link IllegalArgumentException} with a one-line message for a bad option
     * (the entry point decides what that means: stop a launch, or report to the attaching tool).
     */
    public static synchronized void start(String args, Instrumentation inst, JarFile agentJar) {
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
        if (options.profile != null) {
            // before the transformer: no probe may run before the profiler's filter exists
            Profiling.start(options.profile, options.profileIntervalNanos, agentJar);
        }
        ClassFileLocator agentClasses = agentJar == null ? ClassFileLocator.NoOp.INSTANCE : new ClassFileLocator.ForJarFile(agentJar);
        Transformer transformer = new Transformer(options, inst, agentClasses);
        inst.addTransformer(transformer, true);
        retransformLoaded(inst);

        String prefix = options.out != null ? options.out : "gilprobe-" + ProcessHandle.current().pid();
        IntervalWriter intervals = options.intervalNanos > 0
                ? new IntervalWriter(options.intervalNanos, prefix, Recording::snapshot, System.err) : null;
        if (intervals != null) {
            intervals.start();
        }
        Thread hook = new Thread(() -> {
            Recording.markAgentThread();
            if (intervals != null) {
                intervals.close();
            }
            ReportOutput.write(Profiling.finish(Recording::snapshot), prefix);
        }, "gilprobe-report");
        hook.setDaemon(true);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Classes loaded before the agent (other agents', an attach's) that the transformer may need to see. */
    private static void retransformLoaded(Instrumentation inst) {
        List<Class<?>> candidates = new ArrayList<>();
        for (Class<?> c : inst.getAllLoadedClasses()) {
            if (!inst.isModifiableClass(c) || c.isArray() || c.isPrimitive() || c.isHidden()) {
                continue;
            }
            if (!Transformer.excluded(c.getClassLoader(), c.getName().replace('.', '/'))) {
                candidates.add(c);
            }
        }
        for (Class<?> c : candidates) {
            try {
                inst.retransformClasses(c);
            } catch (UnmodifiableClassException | RuntimeException | LinkageError e) {
                System.err.println("gilprobe: could not retransform " + c.getName() + ", left unchanged: " + e);
            }
        }
    }
}
