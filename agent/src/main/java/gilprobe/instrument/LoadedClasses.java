package gilprobe.instrument;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;

import gilprobe.probe.Failures;

/**
 * Classes that were loaded before the transformer was installed (at attach: all of the JVM's classes):
 * which of them it must see, and retransforming those, in batches.
 *
 * <p>Why the care: each {@code retransformClasses} call is one VM operation at a safepoint, which in HotSpot
 * also walks every loaded class and the code cache, and the first one in a JVM whose agent came late
 * discards all compiled code. One call per loaded class, on a JVM with 20,000 classes, stalled it for tens
 * of seconds. So a class the transformer would leave unchanged is never retransformed: its class file is
 * read through its own loader ({@code getResourceAsStream}, which costs no safepoint) and judged by the
 * transformer's own decision ({@link Transformer#need}), unless its name and type tell enough already;
 * only a class whose class file cannot be read is retransformed to be judged. The others go {@value #BATCH} to a call: fewer safepoints, each short.
 * A class a thread is running a loop of can be left for later ({@link RunningLoops} says why).
 */
public final class LoadedClasses {
    /**
     * Classes per {@code retransformClasses} call. With 20,000 loaded classes, a call of one class was a
     * safepoint of 9 ms and a call of 100 one of 12 to 25 ms ({@code -Xlog:safepoint}, Java 17 and 25): most
     * of a pause is paid per call. Bigger calls would pause longer, smaller ones more often.
     */
    public static final int BATCH = 100;

    private final Instrumentation inst;
    private final Transformer transformer;

    /** Classes judged from their class files: what to retransform, in this order, and how many need nothing. */
    public record Selection(List<Class<?>> lock, List<Class<?>> other, List<Class<?>> unreadable, int nothing) {
        public List<Class<?>> inOrder() {
            List<Class<?>> all = new ArrayList<>(lock);
            all.addAll(other);
            all.addAll(unreadable);
            return all;
        }
    }

    public LoadedClasses(Instrumentation inst, Transformer transformer) {
        this.inst = inst;
        this.transformer = transformer;
    }

    /**
     * The loaded classes the transformer may change: not those it never touches ({@link NeverInstrumented}),
     * not hidden, arrays or unmodifiable.
     */
    public List<Class<?>> candidates() {
        List<Class<?>> out = new ArrayList<>();
        for (Class<?> c : inst.getAllLoadedClasses()) {
            if (!c.isArray() && !c.isPrimitive() && !c.isHidden() && inst.isModifiableClass(c)
                    && !NeverInstrumented.contains(c.getClassLoader(), c.getName().replace('.', '/'))) {
                out.add(c);
            }
        }
        return out;
    }

    /**
     * The designated lock's own classes among {@code classes}: the class the option names (in every loader
     * that has one) and, for a lock made of methods, its subtypes. Found by name and {@code isAssignableFrom},
     * without reading any class file.
     */
    public List<Class<?>> lockClasses(List<Class<?>> classes) {
        Set<String> names = transformer.lockClassNames();
        List<Class<?>> named = new ArrayList<>();
        for (Class<?> c : classes) {
            if (names.contains(c.getName().replace('.', '/'))) {
                named.add(c);
            }
        }
        if (!transformer.lockIncludesSubtypes() || named.isEmpty()) {
            return named;
        }
        List<Class<?>> out = new ArrayList<>();
        for (Class<?> c : classes) {
            for (Class<?> owner : named) {
                if (owner.isAssignableFrom(c)) {
                    out.add(c);
                    break;
                }
            }
        }
        return out;
    }

    /**
     * Judges each class by its name and type when they tell enough ({@link Transformer#needByName}), else
     * from its class file, read through its loader. Stops early, with what it judged so far, when
     * {@code cancelled}.
     */
    public Selection select(List<Class<?>> classes, List<Class<?>> lockClasses, BooleanSupplier cancelled) {
        List<Class<?>> lock = new ArrayList<>();
        List<Class<?>> other = new ArrayList<>();
        List<Class<?>> unreadable = new ArrayList<>();
        Set<Class<?>> lockTypes = Set.copyOf(lockClasses);
        int nothing = 0;
        for (Class<?> c : classes) {
            if (cancelled.getAsBoolean()) {
                break;
            }
            String name = c.getName().replace('.', '/');
            Transformer.Need need = transformer.needByName(name, lockTypes.contains(c));
            byte[] bytes = need == null ? classFile(c, name) : null;
            if (bytes != null) {
                try {
                    need = transformer.need(c.getClassLoader(), name, bytes);
                } catch (RuntimeException e) {
                    need = null; // a class file the scanner cannot read: retransforming it lets the transformer say why
                }
            }
            if (need == null) {
                unreadable.add(c);
            } else {
                switch (need) {
                    case NOTHING -> nothing++;
                    case LOCK -> lock.add(c);
                    case OTHER -> other.add(c);
                }
            }
        }
        return new Selection(lock, other, unreadable, nothing);
    }

    /**
     * The class file a loaded class was defined from, as its loader (or named module) serves it; null if it
     * serves none (a class generated at run time). A {@code URLClassLoader} is asked for its own resource
     * ({@code findResource}): it defined the class, so its parents cannot have, and skipping them made the
     * read of 20,000 class files 1.3 s instead of 6 s with cold code.
     */
    static byte[] classFile(Class<?> c, String internalName) {
        String path = internalName + ".class";
        Module module = c.getModule();
        ClassLoader loader = c.getClassLoader();
        try (InputStream in = module.isNamed() ? module.getResourceAsStream(path)
                : loader instanceof URLClassLoader own ? open(own.findResource(path)) : loader.getResourceAsStream(path)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static InputStream open(URL url) throws IOException {
        return url == null ? null : url.openStream();
    }

    /** For {@link #retransform}: no progress lines. An instance, not a lambda: it may run in premain. */
    public static final IntConsumer NO_PROGRESS = new IntConsumer() {
        @Override
        public void accept(int done) {
        }
    };

    /** For {@link #retransform}: never cancelled. */
    public static final BooleanSupplier NOT_CANCELLED = new BooleanSupplier() {
        @Override
        public boolean getAsBoolean() {
            return false;
        }
    };

    /**
     * What {@link #retransform} did: how many classes it retransformed, and those it left for later;
     * {@code looked}: its last look at the threads (null when it looked at none), for a next call to go on from.
     */
    public record Outcome(int done, List<Class<?>> waiting, List<String> where, RunningLoops looked) {
        /** The classes left for later, each with where its loop runs, at most {@value #NAMED} named. */
        public String waitingText() {
            List<String> named = new ArrayList<>();
            for (int i = 0; i < waiting.size(); i++) {
                named.add(waiting.get(i).getName() + " (" + where.get(i) + ")");
            }
            return listed(named);
        }
    }

    /** At most this many items are named in one line of stderr. */
    public static final int NAMED = 5;

    /** "a, b, c, d, e and 2 more": at most {@value #NAMED} of {@code items} named, for one line of stderr. */
    public static String listed(List<String> items) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < items.size() && i < NAMED; i++) {
            sb.append(i == 0 ? "" : ", ").append(items.get(i));
        }
        return items.size() > NAMED ? sb.append(" and ").append(items.size() - NAMED).append(" more").toString() : sb.toString();
    }

    /**
     * Retransforms {@code classes}, {@value #BATCH} per call, telling {@code progress} how many are done after
     * each call, until all are or {@code cancelled}. With {@code waitForLoops}, a class a thread is running a
     * loop of ({@link RunningLoops}: platform threads looked at before each call, virtual ones before the
     * first) is left out and returned as waiting, and so
     * are the classes a cancellation left untried. A call
     * that fails is retried one class at a time, so one class that cannot be retransformed leaves only itself
     * unchanged (reported on stderr).
     */
    public Outcome retransform(List<Class<?>> classes, IntConsumer progress, BooleanSupplier cancelled, boolean waitForLoops) {
        return retransform(classes, progress, cancelled, waitForLoops, null);
    }

    /**
     * {@link #retransform(List, IntConsumer, BooleanSupplier, boolean)} going on from an earlier look
     * ({@code earlier}, or null): its virtual threads' stacks are taken again only if it has none
     * ({@link RunningLoops#again}), the platform threads' always.
     */
    public Outcome retransform(List<Class<?>> classes, IntConsumer progress, BooleanSupplier cancelled, boolean waitForLoops,
                               RunningLoops earlier) {
        int done = 0;
        List<Class<?>> waiting = new ArrayList<>();
        List<String> where = new ArrayList<>();
        int from = 0;
        RunningLoops running = earlier;
        for (; from < classes.size() && !cancelled.getAsBoolean(); from += BATCH) {
            List<Class<?>> batch = new ArrayList<>(classes.subList(from, Math.min(from + BATCH, classes.size())));
            if (waitForLoops) {
                running = running == null ? runningLoops() : running.again();
                for (int i = batch.size() - 1; i >= 0; i--) {
                    String loop = running.loopOf(batch.get(i));
                    if (loop != null) {
                        waiting.add(batch.remove(i));
                        where.add(loop);
                    }
                }
                if (batch.isEmpty()) {
                    continue;
                }
            }
            try {
                inst.retransformClasses(batch.toArray(new Class<?>[0]));
                done += batch.size();
            } catch (UnmodifiableClassException | RuntimeException | LinkageError e) {
                for (Class<?> c : batch) {
                    try {
                        inst.retransformClasses(c);
                        done++;
                    } catch (UnmodifiableClassException | RuntimeException | LinkageError single) {
                        Failures.report("gilprobe: could not retransform " + c.getName() + ", left unchanged: " + single);
                    }
                }
            }
            progress.accept(done);
        }
        for (int i = from; waitForLoops && i < classes.size(); i++) { // cancelled: the rest was not even looked at
            waiting.add(classes.get(i));
            where.add("not looked at");
        }
        return new Outcome(done, waiting, where, running);
    }

    /** Which classes threads run loops of, now (platform threads, and virtual ones once any has run). */
    public RunningLoops runningLoops() {
        return RunningLoops.now(inst);
    }

    /** {@link #retransform(List, IntConsumer, BooleanSupplier, boolean)} without waiting for anything. */
    public int retransform(List<Class<?>> classes, IntConsumer progress, BooleanSupplier cancelled) {
        return retransform(classes, progress, cancelled, false).done();
    }
}
