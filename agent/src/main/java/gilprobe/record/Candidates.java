package gilprobe.record;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code find=true}: the monitors and {@code Lock}s the program takes without them being designated, each
 * made a <em>candidate</em> the first time a request probe sees it, and measured from then on by the same
 * machinery as a designated lock: a {@link LockState} per object, and per thread a {@link LockUse} per
 * <em>group</em>, so counts, handoffs, waits and condition waits follow the designated rules exactly.
 *
 * <p><b>Groups.</b> Objects are grouped by where they live, as the request's site tells
 * ({@link Suggestions}: the instruction that pushed the object): a static or instance field
 * ({@code monitor=a.B.f}, {@code lock=a.B.f}: every object first seen read from that field), a class literal
 * or static synchronized method ({@code monitor=a.B}); otherwise ({@code this}, a local, a parameter, a
 * method's result) the object's class, one group per kind. A group is one lock in the report, with the
 * designated rules of an instance field: holding two of its objects at once is one hold. Each group is a
 * designation of its own, with index {@code designations + slot}; its spec is the option that designates
 * exactly it (a field's or a class's), or "" when no option can (a class of objects).
 *
 * <p><b>Bounded.</b> At most {@link #MAX_GROUPS} groups, {@link #MAX_OBJECTS} objects at once, and
 * {@link #MAX_PER_GROUP} in one group (a class the program makes by the thousand leaves room for the rest); a
 * request on an object beyond them is not measured, only counted ({@link #leftOutNotes}). Objects are held weakly:
 * the program's garbage is never kept alive, and the slot of an object that was collected is reused.
 *
 * <p><b>Costs.</b> A request probe finds its object through a one-entry cache per site (the site's last
 * object, compared by identity: a GIL's site always sees the same object), else through an open-addressing
 * table keyed by identity hash; release and {@code wait()} probes through a cache per release site. No allocation and no lock
 * once an object is a candidate; registering one takes this object's lock and allocates its state. Readers
 * never lock: the table and the caches are published arrays whose slots are written under the lock (a
 * reader that misses a fresh entry goes the locked way and finds it there).
 */
public final class Candidates {
    /** Candidate groups kept at once (each is a report entry and one {@link LockUse} per thread). */
    public static final int MAX_GROUPS = 64;
    /** Objects tracked at once (live ones: the slot of an object the program dropped is reused). */
    public static final int MAX_OBJECTS = 4096;
    /**
     * Objects one group tracks at once, so that a class of objects the program makes by the thousand cannot
     * take every place and keep a lock it makes later (its GIL, say) out.
     */
    public static final int MAX_PER_GROUP = 1024;
    /** Table slots: twice {@link #MAX_OBJECTS}, a power of two; rebuilt when live and removed entries fill 3/4. */
    private static final int SLOTS = 2 * MAX_OBJECTS;

    /** The kind of a request: a monitor ({@code synchronized}), or a {@code Lock} call. */
    public static final int MONITOR = 0;
    public static final int LOCK = 1;
    private static final String[] KINDS = {"monitor", "lock"};

    /** Release sites (monitorexit, unlock, wait) of find mode, numbered for their caches; JVM-wide like the sites. */
    private static final AtomicInteger RELEASE_SITES = new AtomicInteger();

    /** A new release site's number: instrumented code passes it to the release probe. */
    public static int newReleaseSite() {
        return RELEASE_SITES.getAndIncrement();
    }

    /** A tracked object, weakly: its identity hash, and its state (or the state of the lock it is a condition of). */
    static final class Ref extends WeakReference<Object> {
        final int hash;
        final LockState state;
        /** A {@code Condition} of a candidate lock: found by the await probes only. */
        final boolean condition;

        Ref(Object o, int hash, LockState state, boolean condition, ReferenceQueue<Object> queue) {
            super(o, queue);
            this.hash = hash;
            this.state = state;
            this.condition = condition;
        }
    }

    /** A removed entry: lookups go past it, inserts reuse it. */
    private static final Ref REMOVED = new Ref(null, 0, null, false, null);

    /** One candidate group. Its counters live in the threads' {@link LockUse}s of its designation. */
    static final class Group {
        final int slot;
        final int designation;
        final String spec;
        final String kind;
        /** What it is, without the object count: "field a.B.f", "Class object a.B", "a.B objects". */
        final String what;
        /** Whether it is one place (a field or a class), not a class of objects. */
        final boolean place;
        /** Distinct objects registered in it (guarded by the Candidates object). */
        int objects;
        /** Its objects tracked now (written under the lock, read racily as a hint). */
        int live;
        /** The site of its first object (the name's site when no thread counted any). */
        final int firstSite;

        Group(int slot, int designation, String spec, String kind, String what, boolean place, int firstSite) {
            this.slot = slot;
            this.designation = designation;
            this.spec = spec;
            this.kind = kind;
            this.what = what;
            this.place = place;
            this.firstSite = firstSite;
        }
    }

    /** A site or class whose group could not be made (the groups were all taken): its requests are counted. */
    private static final Group LEFT_OUT = new Group(-1, -1, "", "", "", false, -1);
    /** A site that names no place: its objects are grouped by class. */
    private static final Group BY_CLASS = new Group(-1, -1, "", "", "", false, -1);

    private final int firstDesignation;
    private final ReferenceQueue<Object> queue = new ReferenceQueue<>();
    private volatile Ref[] table = new Ref[SLOTS];
    /** Live entries, and live plus removed ones (written under the lock, read racily as a hint). */
    private int live;
    private int used;
    private volatile Ref[] requestCache = new Ref[256];
    private volatile Ref[] releaseCache = new Ref[256];
    /** bySite[site]: the group of a site that names a place, {@link #BY_CLASS}, {@link #LEFT_OUT}, or null (not yet known). */
    private volatile Group[] bySite = new Group[256];
    /** Groups of class-of-objects keys: [monitor objects, lock objects, the Class object itself as a monitor]. */
    private final ClassValue<Group[]> byClass = new ClassValue<>() {
        @Override
        protected Group[] computeValue(Class<?> type) {
            return new Group[3];
        }
    };
    private final Map<String, Group> byKey = new HashMap<>();
    private final Group[] groups = new Group[MAX_GROUPS];
    private volatile int groupCount;
    private final AtomicLong beyondObjects = new AtomicLong();
    private final AtomicLong beyondGroupObjects = new AtomicLong();
    private final AtomicLong beyondGroups = new AtomicLong();
    private int peakLive;

    /** Candidates of a recording whose designated locks take indexes 0 to {@code designations - 1}. */
    Candidates(int designations) {
        this.firstDesignation = designations;
    }

    // ------------------------------------------------------------------ the probes' side

    /**
     * The state of {@code o}, requested at request site {@code site} ({@code kind} {@link #MONITOR} or
     * {@link #LOCK}), made a candidate on first sight; null for null and for an object left out (its request
     * counted).
     */
    public LockState request(Object o, int site, int kind) {
        if (o == null) {
            return null;
        }
        Ref[] cache = requestCache;
        if (site >= 0 && site < cache.length) {
            Ref r = cache[site];
            if (r != null && r.get() == o) {
                return r.state;
            }
        }
        Ref r = find(o);
        if (r == null) {
            r = register(o, site, kind);
            if (r == null) {
                return null;
            }
        }
        if (r.condition) {
            return null;
        }
        remember(site, r, true);
        return r.state;
    }

    /** The state of {@code o} at release site {@code site}, if it is a candidate; never registers. */
    public LockState release(Object o, int site) {
        if (o == null) {
            return null;
        }
        Ref[] cache = releaseCache;
        if (site >= 0 && site < cache.length) {
            Ref r = cache[site];
            if (r != null && r.get() == o) {
                return r.state;
            }
        }
        Ref r = find(o);
        if (r == null || r.condition) {
            return null;
        }
        remember(site, r, false);
        return r.state;
    }

    /** The state of {@code o} if it is a candidate (exception paths); never registers. */
    public LockState stateOf(Object o) {
        Ref r = o == null ? null : find(o);
        return r == null || r.condition ? null : r.state;
    }

    /** The candidate lock whose {@code Condition} {@code c} is, or null. */
    public LockState conditionOwner(Object c) {
        Ref r = c == null ? null : find(c);
        return r != null && r.condition ? r.state : null;
    }

    /** Makes {@code c} a condition of candidate lock {@code lock} (a {@code newCondition()} of it). */
    public void addCondition(Object c, LockState lock) {
        if (c == null || lock == null || find(c) != null) {
            return;
        }
        synchronized (this) {
            expunge();
            if (find(c) != null) {
                return;
            }
            if (live >= MAX_OBJECTS) {
                beyondObjects.incrementAndGet();
                return;
            }
            insert(new Ref(c, System.identityHashCode(c), lock, true, queue));
        }
    }

    private void remember(int site, Ref r, boolean request) {
        Ref[] cache = request ? requestCache : releaseCache;
        if (site < 0) {
            return;
        }
        if (site < cache.length) {
            cache[site] = r;
            return;
        }
        synchronized (this) {
            cache = request ? requestCache : releaseCache;
            if (site >= cache.length) {
                cache = java.util.Arrays.copyOf(cache, Math.max(site + 1, cache.length * 2));
                if (request) {
                    requestCache = cache;
                } else {
                    releaseCache = cache;
                }
            }
            cache[site] = r;
        }
    }

    /** Identity-hash lookup in the published table; null when absent. */
    private Ref find(Object o) {
        int h = System.identityHashCode(o);
        Ref[] t = table;
        int mask = t.length - 1;
        for (int i = spread(h) & mask; ; i = (i + 1) & mask) {
            Ref r = t[i];
            if (r == null) {
                return null;
            }
            if (r.hash == h && r.get() == o) {
                return r;
            }
        }
    }

    private static int spread(int h) {
        return (h ^ (h >>> 16)) * 0x9E3779B1 >>> 3;
    }

    // ------------------------------------------------------------------ registration (first sight)

    /** Makes {@code o} a candidate, or counts it as left out (returns null). */
    private Ref register(Object o, int site, int kind) {
        Group g = groupOf(o, site, kind);
        if (g == LEFT_OUT) {
            beyondGroups.incrementAndGet();
            return null;
        }
        boolean groupFull = g != null && g.live >= MAX_PER_GROUP;
        if (live >= MAX_OBJECTS || groupFull) {
            // full: only a collected object frees a place (without one, no lock is taken)
            java.lang.ref.Reference<?> cleared = queue.poll();
            if (cleared == null) {
                (groupFull ? beyondGroupObjects : beyondObjects).incrementAndGet();
                return null;
            }
            synchronized (this) {
                remove((Ref) cleared);
            }
        }
        synchronized (this) {
            Ref r = find(o);
            if (r != null) {
                return r;
            }
            expunge();
            g = groupOf(o, site, kind);
            if (g == null || g == BY_CLASS) {
                g = newGroup(o, site, kind);
            }
            if (g == LEFT_OUT) {
                beyondGroups.incrementAndGet();
                return null;
            }
            if (g.live >= MAX_PER_GROUP) {
                beyondGroupObjects.incrementAndGet();
                return null;
            }
            if (live >= MAX_OBJECTS) {
                beyondObjects.incrementAndGet();
                return null;
            }
            r = new Ref(o, System.identityHashCode(o), new LockState(null, g.designation), false, queue);
            insert(r);
            g.objects++;
            g.live++;
            return r;
        }
    }

    /** The group of {@code o} at {@code site} if known (lock-free), {@link #LEFT_OUT}, or null. */
    private Group groupOf(Object o, int site, int kind) {
        Group[] s = bySite;
        Group g = site >= 0 && site < s.length ? s[site] : null;
        if (g != null && g != BY_CLASS) {
            return g;
        }
        if (g == BY_CLASS) {
            Group[] c = byClass.get(classKey(o, kind));
            return c[classSlot(o, kind)];
        }
        return null;
    }

    private static Class<?> classKey(Object o, int kind) {
        return kind == MONITOR && o instanceof Class<?> c ? c : o.getClass();
    }

    private static int classSlot(Object o, int kind) {
        return kind == MONITOR && o instanceof Class<?> ? 2 : kind;
    }

    /** Under the lock: the group of {@code o} at {@code site}, made now (or {@link #LEFT_OUT} when all are taken). */
    private Group newGroup(Object o, int site, int kind) {
        String option = Suggestions.option(site);
        String kindName = KINDS[kind];
        String key;
        String spec;
        String what;
        boolean place;
        if (!option.isEmpty() && option.startsWith(kindName + "=")) {
            String value = option.substring(kindName.length() + 1);
            key = option;
            spec = designates(value) ? option : "";
            place = true;
            what = o instanceof Class<?> c && c.getName().equals(value) ? "Class object " + value : "field " + value;
        } else {
            Class<?> c = classKey(o, kind);
            key = kindName + ":" + classSlot(o, kind) + ":" + c.getName() + "@" + System.identityHashCode(c);
            spec = "";
            place = false;
            what = classSlot(o, kind) == 2 ? "Class object " + c.getName() : c.getName() + " objects";
        }
        Group g = byKey.get(key);
        if (g == null) {
            int n = groupCount;
            if (n >= MAX_GROUPS) {
                g = LEFT_OUT; // remembered by the site or the class below, not here: byKey holds groups only
            } else {
                g = new Group(n, firstDesignation + n, spec, kindName, what, place, site);
                groups[n] = g;
                groupCount = n + 1;
                byKey.put(key, g);
            }
        }
        // what the lock-free lookup will find next time: the site's place, or its class's group
        if (site >= 0) {
            Group[] s = bySite;
            if (site >= s.length) {
                s = java.util.Arrays.copyOf(s, Math.max(site + 1, s.length * 2));
                bySite = s;
            }
            s[site] = place ? g : BY_CLASS;
        }
        if (!place) {
            byClass.get(classKey(o, kind))[classSlot(o, kind)] = g;
        }
        return g;
    }

    /** Whether {@code value} is one an option accepts: a binary name (Java identifiers separated by dots). */
    static boolean designates(String value) {
        if (value.isEmpty()) {
            return false;
        }
        boolean start = true;
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (ch == '.') {
                if (start) {
                    return false;
                }
                start = true;
            } else if (start ? Character.isJavaIdentifierStart(ch) : Character.isJavaIdentifierPart(ch)) {
                start = false;
            } else {
                return false;
            }
        }
        return !start;
    }

    /** Under the lock: adds {@code r} (absent), rebuilding the table first when it is 3/4 full. */
    private void insert(Ref r) {
        Ref[] t = table;
        if (used + 1 > t.length / 4 * 3) {
            t = rebuild();
        }
        int mask = t.length - 1;
        int i = spread(r.hash) & mask;
        while (t[i] != null && t[i] != REMOVED) {
            i = (i + 1) & mask;
        }
        if (t[i] == null) {
            used++;
        }
        t[i] = r;
        live++;
        peakLive = Math.max(peakLive, live);
    }

    /** Under the lock: a new table with the live entries only, published whole (readers of the old one go on). */
    private Ref[] rebuild() {
        Ref[] old = table;
        Ref[] t = new Ref[old.length];
        int mask = t.length - 1;
        int n = 0;
        for (Ref r : old) {
            if (r == null || r == REMOVED) {
                continue;
            }
            if (r.refersTo(null)) {
                gone(r); // collected, not queued yet: its removal from the queue will find nothing
                continue;
            }
            int i = spread(r.hash) & mask;
            while (t[i] != null) {
                i = (i + 1) & mask;
            }
            t[i] = r;
            n++;
        }
        used = n;
        table = t;
        return t;
    }

    /** Under the lock: removes the entries whose objects were collected. */
    private void expunge() {
        for (java.lang.ref.Reference<?> r; (r = queue.poll()) != null; ) {
            remove((Ref) r);
        }
    }

    /** Under the lock: removes {@code dead} if it is still in the table (a rebuild may have dropped it). */
    private void remove(Ref dead) {
        Ref[] t = table;
        int mask = t.length - 1;
        for (int i = spread(dead.hash) & mask; t[i] != null; i = (i + 1) & mask) {
            if (t[i] == dead) {
                t[i] = REMOVED;
                gone(dead);
                return;
            }
        }
    }

    /** Under the lock: {@code dead} left the table (removed, or dropped by a rebuild). */
    private void gone(Ref dead) {
        live--;
        if (!dead.condition) {
            int slot = dead.state.designation - firstDesignation;
            if (slot >= 0 && slot < groupCount) {
                groups[slot].live--;
            }
        }
    }

    // ------------------------------------------------------------------ the snapshot's side

    /** A group as the snapshot sees it. */
    record GroupView(int designation, String spec, String kind, String what, boolean place, int objects, int firstSite) {
    }

    /** The groups made so far, in the order they were made. */
    synchronized List<GroupView> groups() {
        List<GroupView> out = new ArrayList<>(groupCount);
        for (int i = 0; i < groupCount; i++) {
            Group g = groups[i];
            out.add(new GroupView(g.designation, g.spec, g.kind, g.what, g.place, g.objects, g.firstSite));
        }
        return out;
    }

    /** One line per limit that was hit: what was left out of the candidates. */
    synchronized List<String> leftOutNotes() {
        List<String> notes = new ArrayList<>();
        long objects = beyondObjects.get();
        if (objects > 0) {
            notes.add("find: " + objects + " requests on lock objects beyond the " + MAX_OBJECTS
                    + " tracked at once were not measured (objects the program dropped free their place)");
        }
        long perGroup = beyondGroupObjects.get();
        if (perGroup > 0) {
            notes.add("find: " + perGroup + " requests on lock objects beyond the " + MAX_PER_GROUP
                    + " one candidate group tracks at once were not measured (objects the program dropped free their place)");
        }
        long g = beyondGroups.get();
        if (g > 0) {
            notes.add("find: " + g + " requests on locks beyond the first " + MAX_GROUPS
                    + " candidate groups (fields, classes, classes of objects) were not measured");
        }
        return notes;
    }

    /** Live tracked objects now, and the most there ever were (tests). */
    synchronized int[] tracked() {
        return new int[] {live, peakLive};
    }
}
