package gilprobe.instrument;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which loaded classes a thread is running a loop of, right now: why a class waits before it is
 * retransformed at attach or restored at {@code stop}.
 *
 * <p>Why it matters: retransforming a class replaces its methods, and a call of one of them that is running
 * goes on in the method it started with. HotSpot discards that call's compiled code and never compiles the
 * replaced method again, so the call runs in the interpreter until it returns. For a method that returns
 * soon this costs nothing worth saying; for a loop that runs for the rest of the program, such as an
 * interpreter's dispatch loop running a long Python function, it is that loop interpreted for good: GraalPy
 * ran its threads 10x slower after an attach that retransformed the class of its dispatch loop (other
 * methods of that class call {@code Lock}s, so it had something to instrument).
 *
 * <p>A class counts as running a loop when a thread's stack has a frame of one of its methods whose code has
 * a backward jump ({@link ClassScan.MethodInfo#loops}); a frame of a method without one ends after at most
 * one pass over its code, wherever it stands. Frames are matched by class and method name (all overloads,
 * every loader), so the rule errs towards waiting. Virtual threads count as much as platform threads, mounted
 * or parked ({@link VirtualThreadStacks}). Not seen: a call that starts between this snapshot and the
 * retransformation.
 */
public final class RunningLoops {
    /** Per class name, the frames of its methods on platform threads: {method, thread name, ""}. */
    private final Map<String, List<String[]>> frames;
    /** The same for virtual threads, {method, thread name, "virtual "}: empty when none was looked at. */
    private final Map<String, List<String[]>> virtualFrames;
    /** Per class name, the names of its methods with a loop; null: its class file could not be read. */
    private final Map<String, List<String>> loopMethods = new HashMap<>();

    private RunningLoops(Map<String, List<String[]>> frames, Map<String, List<String[]>> virtualFrames) {
        this.frames = frames;
        this.virtualFrames = virtualFrames;
    }

    /** No thread runs anything: for a retransformation that never waits. */
    public static final RunningLoops NONE = new RunningLoops(Map.of(), Map.of());

    /**
     * The stacks of every live platform thread but the caller's, now: one safepoint, like a thread dump; and,
     * once virtual threads have run in the JVM, theirs ({@link VirtualThreadStacks}; {@code inst} is asked
     * whether they have). (gilprobe's own threads run only gilprobe's and the JDK's classes, which are never
     * retransformed, so they need no exception, and a program's thread named like one of them gets none.)
     */
    public static RunningLoops now(Instrumentation inst) {
        Map<Thread, StackTraceElement[]> platform = Thread.getAllStackTraces();
        Map<String, List<String[]>> virtual = new HashMap<>();
        if (VirtualThreadStacks.mayExist(platform.keySet(), inst)) {
            VirtualThreadStacks.addTo(virtual);
        }
        return new RunningLoops(platformFrames(platform), virtual);
    }

    /**
     * The platform threads' stacks now, the virtual threads' as this look saw them: for the next batch of one
     * retransformation. A thread dump of many virtual threads is not cheap (about 45 ms and 1.6 MB per 1,000
     * virtual threads of 25 frames, JDK 25 here), so one retransformation takes it once.
     */
    public RunningLoops again() {
        return new RunningLoops(platformFrames(Thread.getAllStackTraces()), virtualFrames);
    }

    private static Map<String, List<String[]>> platformFrames(Map<Thread, StackTraceElement[]> platform) {
        Map<String, List<String[]>> frames = new HashMap<>();
        Thread self = Thread.currentThread();
        for (Map.Entry<Thread, StackTraceElement[]> e : platform.entrySet()) {
            Thread t = e.getKey();
            if (t == self) {
                continue;
            }
            for (StackTraceElement f : e.getValue()) {
                addFrame(frames, f.getClassName(), f.getMethodName(), t.getName(), "");
            }
        }
        return frames;
    }

    /** Adds a frame of {@code className} to {@code frames}: {method, thread name, kind ("virtual " or "")}. */
    static void addFrame(Map<String, List<String[]>> frames, String className, String method, String thread, String kind) {
        List<String[]> list = frames.get(className);
        if (list == null) {
            list = new ArrayList<>(2);
            frames.put(className, list);
        }
        list.add(new String[] {method, thread, kind});
    }

    /**
     * Where a thread runs a loop of {@code c}, as {@code method on "thread"} or {@code method on virtual "thread"}
     * (the thread's name made safe for one line of text); null when no thread does.
     */
    public String loopOf(Class<?> c) {
        String where = loopOf(c, frames.get(c.getName()));
        return where != null ? where : loopOf(c, virtualFrames.get(c.getName()));
    }

    private String loopOf(Class<?> c, List<String[]> onStacks) {
        if (onStacks == null) {
            return null;
        }
        if (!loopMethods.containsKey(c.getName())) {
            loopMethods.put(c.getName(), loopMethodsOf(c));
        }
        List<String> loops = loopMethods.get(c.getName());
        for (String[] f : onStacks) {
            if (loops == null || loops.contains(f[0])) {
                return f[0] + " on " + f[2] + "\"" + oneLine(f[1]) + "\"";
            }
        }
        return null;
    }

    /** The names of {@code c}'s methods with a loop, from its class file; null when it cannot be read. */
    private static List<String> loopMethodsOf(Class<?> c) {
        byte[] bytes = LoadedClasses.classFile(c, c.getName().replace('.', '/'));
        if (bytes == null) {
            return null;
        }
        try {
            List<String> out = new ArrayList<>();
            for (ClassScan.MethodInfo m : ClassScan.scan(bytes, 0).methods) {
                if (m.loops()) {
                    out.add(m.name());
                }
            }
            return out;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** A thread name on one line of stderr: control characters become '?', and at most 60 characters. */
    static String oneLine(String s) {
        StringBuilder sb = new StringBuilder(Math.min(s.length(), 61));
        for (int i = 0; i < s.length() && i < 60; i++) {
            char ch = s.charAt(i);
            sb.append(ch < 0x20 || ch == 0x7f || (ch >= 0x80 && ch < 0xa0) || ch == '\u2028' || ch == '\u2029' ? '?' : ch);
        }
        return s.length() > 60 ? sb.append('…').toString() : sb.toString();
    }
}
