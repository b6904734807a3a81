package gilprobe;

import java.io.File;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.jar.JarFile;

import gilprobe.agent.AgentRuntime;
import gilprobe.agent.BootstrapInjector;
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
 * <p>A bad option stops a launch with one line on stderr; an attach reports it to the attaching tool and
 * leaves the target running. Nothing else may stop or change the target.
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
            System.err.println("gilprobe: could not start, the program runs without it: " + t);
        }
    }

    /** Prefix of the arguments by which {@code gilprobe.cli.Main} sends a command to a running agent. */
    public static final String CONTROL = "gilprobe-control:";

    public static void agentmain(String args, Instrumentation inst) {
        // a failure here is reported to the attaching tool, never to the target
        if (args != null && args.startsWith(CONTROL)) {
            if (!ProbeClasses.inBootstrapLoader()) {
                throw new IllegalStateException("gilprobe is not running in this JVM");
            }
            // a running agent was started through this very class (each attach finds it loaded already)
            AgentRuntime.control(args.substring(CONTROL.length()));
        } else {
            start(args, inst, true);
        }
    }

    private static void start(String args, Instrumentation inst, boolean late) {
        // Validate the options before touching the JVM: a bad option must leave no trace but its one line.
        try {
            AgentOptions.parse(args);
        } catch (OptionException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        JarFile jar = ownJar();
        if (jar != null && Agent.class.getClassLoader() != null) {
            BootstrapInjector.inject(inst, jar);
        }
        AgentRuntime.start(args, inst, jar, late);
    }

    /** The jar this class came from, on the bootstrap class path or not; null when run from a directory of classes. */
    private static JarFile ownJar() {
        URL self = Agent.class.getResource("Agent.class");
        if (self == null || !"jar".equals(self.getProtocol())) {
            return null;
        }
        try {
            URL jar = ((JarURLConnection) self.openConnection()).getJarFileURL();
            return new JarFile(new File(jar.toURI()));
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot open gilprobe's jar " + self + ": " + e, e);
        }
    }
}
