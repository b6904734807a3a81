package gilprobe;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.util.jar.JarFile;

import gilprobe.control.ControlChannel;
import gilprobe.options.AgentOptions;
import gilprobe.options.OptionException;

/**
 * The {@code -javaagent} entry point; kept tiny. It puts the agent jar on the bootstrap class path (so
 * that instrumented classes of every class loader can reach the probes) and starts the agent from there.
 * A bad option stops a launch with one line on stderr. Through {@code java -jar gilprobe.jar attach|dump|stop}
 * a command's outcome, failures included, goes back to the CLI ({@link ControlChannel}) and never into
 * the target's output. Nothing else may stop or change the target.
 *
 * <p>The options are checked here first, with this class's loader, so that a bad option is rejected
 * before the boot class path is touched (the JVM prints a notice when it is).
 */
public final class Agent {
    private static final String RUNTIME = "gilprobe.agent.AgentRuntime";

    private Agent() {
    }

    public static void premain(String args, Instrumentation inst) {
        try {
            start(args, inst);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        } catch (Throwable t) {
            System.err.println("gilprobe: not started: " + line(t));
        }
    }

    public static void agentmain(String args, Instrumentation inst) {
        ControlChannel.Request request = ControlChannel.Request.decode(args);
        if (request == null) {
            // loaded by another tool (jcmd JVMTI.agent_load, VirtualMachine.loadAgent): there is no answer
            // file, and throwing would print a stack trace into the target's stderr; one line is the least
            try {
                start(args, inst);
            } catch (Throwable t) {
                System.err.println("gilprobe: not started: " + line(t));
            }
            return;
        }
        try {
            String done = request.verb().equals("start") ? start(request.argument(), inst)
                    : (String) runtime("control", String.class, String.class).invoke(null, request.verb(), request.argument());
            ControlChannel.answer(request.answerFile(), true, done);
        } catch (Throwable t) {
            ControlChannel.answer(request.answerFile(), false, line(t));
        }
    }

    /** One line for the user: gilprobe's own refusals carry their sentence, anything else is named. */
    private static String line(Throwable t) {
        Throwable cause = t instanceof InvocationTargetException && t.getCause() != null ? t.getCause() : t;
        String m = cause.getMessage();
        if ((cause instanceof IllegalStateException || cause instanceof IllegalArgumentException) && m != null) {
            return m.startsWith("gilprobe: ") ? m.substring("gilprobe: ".length()) : m;
        }
        return "an error inside gilprobe: " + cause;
    }

    /** A method of the running agent, which lives on the bootstrap class path once the agent started. */
    private static java.lang.reflect.Method runtime(String name, Class<?>... parameters) throws ReflectiveOperationException {
        try {
            return Class.forName(RUNTIME, true, null).getMethod(name, parameters);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("gilprobe was never attached to this JVM (attach it first)");
        }
    }

    /** Starts the agent; returns the line saying where its report goes. */
    private static String start(String args, Instrumentation inst) {
        // Validate the options before touching the JVM: a bad option must leave no trace but its one line.
        try {
            AgentOptions.parse(args);
        } catch (OptionException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        try {
            JarFile jar = null;
            File file = new File(Agent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (file.isFile()) {
                jar = new JarFile(file);
                if (!onBootClassPath()) {
                    // once per JVM: a second recording after stop finds it there (and the JVM's notice is printed once)
                    inst.appendToBootstrapClassLoaderSearch(jar);
                }
            }
            Class<?> runtime = Class.forName(RUNTIME, true, jar == null ? Agent.class.getClassLoader() : null);
            return (String) runtime.getMethod("start", String.class, Instrumentation.class, JarFile.class).invoke(null, args, inst, jar);
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

    private static boolean onBootClassPath() {
        try {
            Class.forName(RUNTIME, false, null);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
