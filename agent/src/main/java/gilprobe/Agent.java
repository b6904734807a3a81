package gilprobe;

import java.lang.instrument.Instrumentation;
import java.util.jar.JarFile;

import gilprobe.agent.AgentJar;
import gilprobe.agent.AgentRuntime;
import gilprobe.agent.BootstrapInjector;
import gilprobe.control.ControlChannel;
import gilprobe.instrument.ProbeClasses;
import gilprobe.options.AgentOptions;
import gilprobe.options.OptionException;

/**
 * The {@code -javaagent} and attach entry point; kept tiny. The probes that instrumented classes of every
 * class loader call must be defined by the bootstrap class loader. At launch the jar's
 * {@code Boot-Class-Path} attribute puts the jar there before the program starts (then this class itself
 * comes from the bootstrap loader); when it did not (attach, or a jar renamed so that the attribute names
 * another file), {@link BootstrapInjector} defines the probe classes there. Neither way makes the JVM print
 * anything. Then the agent starts ({@link AgentRuntime}).
 *
 * <p>A bad option stops a launch with one line on stderr. Through {@code java -jar gilprobe.jar
 * attach|dump|stop} a command's outcome, failures included, goes back to the CLI ({@link ControlChannel})
 * and never into the target's output. Nothing else may stop or change the target.
 */
public final class Agent {
    private Agent() {
    }

    public static void premain(String args, Instrumentation inst) {
        try {
            start(args, inst, false);
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
                start(args, inst, true);
            } catch (Throwable t) {
                System.err.println("gilprobe: not started: " + line(t));
            }
            return;
        }
        try {
            String done;
            if (request.verb().equals("start")) {
                done = start(request.argument(), inst, true);
            } else if (!ProbeClasses.inBootstrapLoader()) {
                throw new IllegalStateException("gilprobe was never attached to this JVM (attach it first)");
            } else {
                // a running agent was started through this very class (each attach finds it loaded already)
                done = AgentRuntime.control(request.verb(), request.argument());
            }
            ControlChannel.answer(request.answerFile(), true, done);
        } catch (Throwable t) {
            ControlChannel.answer(request.answerFile(), false, line(t));
        }
    }

    /** One line for the user: gilprobe's own refusals carry their sentence, anything else is named. */
    private static String line(Throwable t) {
        String m = t.getMessage();
        if ((t instanceof IllegalStateException || t instanceof IllegalArgumentException) && m != null) {
            return m.startsWith("gilprobe: ") ? m.substring("gilprobe: ".length()) : m;
        }
        return "an error inside gilprobe: " + t;
    }

    /** Starts the agent ({@code late}: attached); returns the line saying where its report goes. */
    private static String start(String args, Instrumentation inst, boolean late) {
        // Validate the options before touching the JVM: a bad option must leave no trace but its one line.
        try {
            AgentOptions.parse(args);
        } catch (OptionException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        // At launch this class is in the bootstrap loader already and the jar is needed only by profile=
        // (AgentRuntime opens it then): finding it costs a resource lookup that opens the JDK's module image.
        JarFile jar = null;
        if (Agent.class.getClassLoader() != null) {
            jar = AgentJar.open();
            if (jar != null) {
                BootstrapInjector.inject(inst, jar);
            }
        }
        return AgentRuntime.start(args, inst, jar, late);
    }
}
