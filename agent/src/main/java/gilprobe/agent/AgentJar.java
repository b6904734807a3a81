package gilprobe.agent;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.jar.JarFile;

/**
 * The jar gilprobe runs from, opened only where it is needed: to put the probe classes in the bootstrap loader
 * at attach ({@link BootstrapInjector}) and to load async-profiler's library for {@code profile=}. A launch
 * without {@code profile=} never looks for it: the lookup of a resource in the bootstrap loader opens the
 * JDK's module image (a dozen classes and milliseconds of the target's start-up).
 */
public final class AgentJar {
    private AgentJar() {
    }

    /** The jar {@code gilprobe.Agent} came from; null when it was loaded from a directory of classes. */
    public static JarFile open() {
        URL self = gilprobe.Agent.class.getResource("Agent.class");
        if (self == null || !"jar".equals(self.getProtocol())) {
            return null;
        }
        // jar:<url of the jar>!/gilprobe/Agent.class, read as text: no URLConnection is opened for it
        String spec = self.getPath();
        int bang = spec.lastIndexOf("!/");
        try {
            return new JarFile(new File(new URI(bang < 0 ? spec : spec.substring(0, bang))));
        } catch (IOException | URISyntaxException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot open gilprobe's jar " + self + ": " + e, e);
        }
    }
}
