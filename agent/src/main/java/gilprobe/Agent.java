package gilprobe;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.util.jar.JarFile;

import gilprobe.options.AgentOptions;
import gilprobe.options.OptionException;

/**
 * The {@code -javaagent} entry point; kept tiny. It puts the agent jar on the bootstrap class path (so
 * that instrumented classes of every class loader can reach the probes) and starts the agent from there.
 * A bad option stops a launch with one line on stderr; an attach reports it to the attaching tool and
 * leaves the target running. Nothing else may stop or change the target.
 *
 * <p>The options are checked here first, with this class's loader, so that a bad option is rejected
 * before the boot class path is touched (the JVM prints a notice when it is).
 */
public final class Agent {
    private Agent() {
    }

    public static void premain(String args, Instrumentation inst) {
        try {
            start(args, inst);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        } catch (Throwable t) {
            System.err.println("gilprobe: could not start, the program runs without it: " + t);
        }
    }

    /** Prefix of the arguments by which {@code gilprobe.cli.Main} sends a command to a running agent. */
    public static final String CONTROL = "gilprobe-control:";

    public static void agentmain(String args, Instrumentation inst) {
        // a failure here is reported to the attaching tool, never to the target
        if (args != null && args.startsWith(CONTROL)) {
            control(args.substring(CONTROL.length()));
        } else {
            start(args, inst);
        }
    }

    /** Hands a command to the running agent, which lives on the bootstrap class path. */
    private static void control(String command) {
        try {
            Class<?> runtime = Class.forName("gilprobe.agent.AgentRuntime", true, null);
            runtime.getMethod("control", String.class).invoke(null, command);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("gilprobe is not running in this JVM");
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void start(String args, Instrumentation inst) {
        // Validate the options before touching the JVM: a bad option must leave no trace but its one line.
        try {
            AgentOptions.parse(args);
        } catch (OptionException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        JarFile jar = null;
        try {
            File file = new File(Agent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (file.isFile()) {
                jar = new JarFile(file);
                inst.appendToBootstrapClassLoaderSearch(jar);
            }
            Class<?> runtime = Class.forName("gilprobe.agent.AgentRuntime", true, jar == null ? Agent.class.getClassLoader() : null);
            runtime.getMethod("start", String.class, Instrumentation.class, JarFile.class).invoke(null, args, inst, jar);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(cause);
        } catch (ReflectiveOperationException | java.io.IOException | java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
