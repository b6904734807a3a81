package gilprobe.instrument;

import java.lang.instrument.Instrumentation;
import java.lang.management.ManagementFactory;
import java.lang.management.PlatformManagedObject;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import gilprobe.probe.Failures;

/**
 * The stacks of the program's virtual threads, for {@link RunningLoops}: {@link Thread#getAllStackTraces}
 * lists platform threads only, yet a virtual thread running a loop of a class runs it as much as a platform
 * thread does, and a parked one goes on in the same method once it is resumed. The JDK's own thread dump
 * ({@code HotSpotDiagnosticMXBean.dumpThreads} in JSON, JDK 21+) is the one public way to list them with their
 * stacks, mounted or parked, in every thread container: it is written to a temporary file, read as a stream
 * and deleted.
 *
 * <p>Taken only once a virtual thread has run in the JVM: the class of their carrier threads ({@value #CARRIER})
 * is loaded then, while the JDK loads {@code VirtualThread} itself at start-up. A program without virtual
 * threads pays nothing for it, not even the management classes the dump loads.
 */
final class VirtualThreadStacks {
    /** The class of the platform threads that virtual threads run on. */
    static final String CARRIER = "jdk.internal.misc.CarrierThread";
    private static final JsonFactory JSON = new JsonFactory();
    /** A virtual thread has run (sticky: the carriers may all have ended since). */
    private static volatile boolean seen;
    /** The dump failed once (said on stderr once). */
    private static volatile boolean failed;

    private VirtualThreadStacks() {
    }

    /**
     * Whether virtual threads may exist: JDK 21 or newer, and a carrier thread among {@code platform} or the
     * carriers' class among the loaded ones ({@code inst} may be null: not looked at).
     */
    static boolean mayExist(Iterable<Thread> platform, Instrumentation inst) {
        if (seen) {
            return true;
        }
        if (Runtime.version().feature() < 21) {
            return false;
        }
        for (Thread t : platform) {
            if (t.getClass().getName().equals(CARRIER)) {
                seen = true;
                return true;
            }
        }
        if (inst != null) {
            for (Class<?> c : inst.getAllLoadedClasses()) {
                if (c.getName().equals(CARRIER)) {
                    seen = true;
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Adds the frames of every virtual thread to {@code frames} (class name to {method, thread name,
     * "virtual "}; a thread without a name is named {@code #id}). Returns false, said on stderr
     * the first time, when the dump could not be taken or read: classes those threads run loops of may then be
     * retransformed while they run.
     */
    static boolean addTo(Map<String, List<String[]>> frames) {
        Path dir = null;
        Path file = null;
        try {
            dir = Files.createTempDirectory("gilprobe-threads");
            file = dir.resolve("threads.json");
            dump(file);
            try (JsonParser p = JSON.createParser(file.toFile())) {
                read(p, frames);
            }
            return true;
        } catch (Exception | LinkageError e) {
            if (!failed) {
                failed = true;
                Failures.report("gilprobe: could not list the virtual threads' stacks (" + e
                        + "); a class one of them runs a loop of may be retransformed while the loop runs");
            }
            return false;
        } finally {
            try {
                if (file != null) {
                    Files.deleteIfExists(file);
                }
                if (dir != null) {
                    Files.deleteIfExists(dir);
                }
            } catch (Exception e) {
                // a temporary file left behind: nothing the program sees
            }
        }
    }

    /** {@code HotSpotDiagnosticMXBean.dumpThreads(file, JSON)}, by reflection: the agent is built for Java 17. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void dump(Path file) throws Exception {
        Class<? extends PlatformManagedObject> mx =
                (Class<? extends PlatformManagedObject>) Class.forName("com.sun.management.HotSpotDiagnosticMXBean");
        Class<? extends Enum> format = (Class<? extends Enum>) Class.forName("com.sun.management.HotSpotDiagnosticMXBean$ThreadDumpFormat");
        Method m = mx.getMethod("dumpThreads", String.class, format);
        m.invoke(ManagementFactory.getPlatformMXBean(mx), file.toString(), Enum.valueOf(format, "JSON"));
    }

    /** Reads a JSON thread dump: each object of a {@code "threads"} array with {@code "virtual": true}. */
    static void read(JsonParser p, Map<String, List<String[]>> frames) throws java.io.IOException {
        for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
            if (t == JsonToken.FIELD_NAME && p.currentName().equals("threads") && p.nextToken() == JsonToken.START_ARRAY) {
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    readThread(p, frames);
                }
            }
        }
    }

    private static void readThread(JsonParser p, Map<String, List<String[]>> frames) throws java.io.IOException {
        boolean virtual = false;
        String name = "";
        String tid = "?";
        List<String> stack = new ArrayList<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            if (field.equals("virtual")) {
                virtual = v == JsonToken.VALUE_TRUE;
            } else if (field.equals("name") && v == JsonToken.VALUE_STRING) {
                name = p.getText();
            } else if (field.equals("tid") && v.isScalarValue()) {
                tid = p.getText();
            } else if (field.equals("stack") && v == JsonToken.START_ARRAY) {
                for (JsonToken f = p.nextToken(); f != null && f != JsonToken.END_ARRAY; f = p.nextToken()) {
                    if (f == JsonToken.VALUE_STRING) {
                        stack.add(p.getText());
                    } else {
                        p.skipChildren(); // not a frame as the JDK writes them: passed over
                    }
                }
            } else {
                p.skipChildren();
            }
        }
        if (!virtual) {
            return; // Thread.getAllStackTraces has it
        }
        String thread = name.isEmpty() ? "#" + tid : name;
        for (String frame : stack) {
            String[] cm = classAndMethod(frame);
            if (cm != null) {
                RunningLoops.addFrame(frames, cm[0], cm[1], thread, "virtual ");
            }
        }
    }

    /**
     * The class and method of a frame as a thread dump writes it ({@code StackTraceElement.toString}:
     * {@code [loader/][module[@version]/]class.method(file:line)}), or null when it has no method. A hidden
     * class's name has a '/' of its own and comes out wrong, which matters not: it cannot be retransformed.
     */
    static String[] classAndMethod(String frame) {
        int paren = frame.indexOf('(');
        String qualified = paren < 0 ? frame : frame.substring(0, paren);
        qualified = qualified.substring(qualified.lastIndexOf('/') + 1);
        int dot = qualified.lastIndexOf('.');
        if (dot <= 0 || dot == qualified.length() - 1) {
            return null;
        }
        return new String[] {qualified.substring(0, dot), qualified.substring(dot + 1)};
    }
}
