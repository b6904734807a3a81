package gilprobe.options;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

class AgentOptionsTest {
    @Test
    void monitorFieldAndClass() throws Exception {
        AgentOptions o = AgentOptions.parse("monitor=a.b.Outer$Inner.LOCK");
        assertEquals(LockSpec.Kind.MONITOR, o.lock.kind());
        assertEquals("a.b.Outer$Inner", o.lock.className());
        assertEquals("LOCK", o.lock.fieldName());
        assertEquals("a.b.Outer$Inner.LOCK", o.lock.wholeAsClass(), "the same value may name a class");
        assertEquals(List.of(), o.dispatchPrefixes, "dispatch defaults to every class");
        assertEquals(16, o.dispatchCases);
        assertFalse(o.opcodes);
        assertNull(o.out);
        AgentOptions single = AgentOptions.parse("monitor=Gil");
        assertEquals("Gil", single.lock.className());
        assertNull(single.lock.fieldName());
    }

    @Test
    void lockAndMethods() throws Exception {
        AgentOptions l = AgentOptions.parse("lock=x.Y.lock, out=/tmp/r ,dispatch=off");
        assertEquals(LockSpec.Kind.LOCK, l.lock.kind());
        assertEquals("/tmp/r", l.out);
        assertNull(l.dispatchPrefixes);
        AgentOptions m = AgentOptions.parse("acquire=x.Gil#take,release=x.Gil#drop,dispatch=org.luaj:x.vm,dispatch=y,opcodes=true");
        assertEquals(LockSpec.Kind.METHODS, m.lock.kind());
        assertEquals("take", m.lock.acquireMethod());
        assertEquals("drop", m.lock.releaseMethod());
        assertEquals(List.of("org.luaj", "x.vm", "y"), m.dispatchPrefixes);
        assertTrue(m.opcodes);
    }

    @Test
    void errorsAreOneLineAndNameTheOption() {
        for (String bad : new String[] {"monitor=a.B.c,timeline=x", "zzz=1", "monitor=a b"}) {
            OptionException e = assertThrows(OptionException.class, () -> AgentOptions.parse(bad));
            assertFalse(e.getMessage().contains("\n"));
            assertTrue(e.getMessage().startsWith("gilprobe: "));
        }
        assertTrue(assertThrows(OptionException.class, () -> AgentOptions.parse("monitor=a.B.c,timeline=x"))
                .getMessage().contains("timeline"));
    }

    @Test
    void profileAndItsInterval() throws Exception {
        AgentOptions off = AgentOptions.parse("monitor=a.B.c");
        assertNull(off.profile);
        assertEquals(10_000_000L, off.profileIntervalNanos);
        AgentOptions cpu = AgentOptions.parse("monitor=a.B.c,profile=CPU,profileInterval=250us");
        assertEquals("cpu", cpu.profile);
        assertEquals(250_000L, cpu.profileIntervalNanos);
        assertEquals("itimer", AgentOptions.parse("monitor=a.B.c,profile=itimer,profileInterval=2s").profile);
        assertEquals(2_000_000_000L, AgentOptions.parse("monitor=a.B.c,profileInterval=2s").profileIntervalNanos);
        assertNull(AgentOptions.parse("monitor=a.B.c,profile=off").profile);
        for (String bad : new String[] {"profile=wall", "profileInterval=10", "profileInterval=50us", "profileInterval=11s",
                "profileInterval=-1ms", "profileInterval=999999999999999s"}) {
            OptionException e = assertThrows(OptionException.class, () -> AgentOptions.parse("monitor=a.B.c," + bad));
            assertTrue(e.getMessage().startsWith("gilprobe: option '" + bad.substring(0, bad.indexOf('='))), e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
        }
    }

    @Test
    void intervalOption() throws Exception {
        assertEquals(0, AgentOptions.parse("monitor=a.B.c").intervalNanos);
        assertEquals(0, AgentOptions.parse("monitor=a.B.c,interval=off").intervalNanos);
        assertEquals(1_000_000_000L, AgentOptions.parse("monitor=a.B.c,interval=1s").intervalNanos);
        assertEquals(250_000_000L, AgentOptions.parse("monitor=a.B.c,interval=250ms").intervalNanos);
        for (String bad : new String[] {"interval=50ms", "interval=1", "interval=soon"}) {
            OptionException e = assertThrows(OptionException.class, () -> AgentOptions.parse("monitor=a.B.c," + bad));
            assertTrue(e.getMessage().startsWith("gilprobe: option 'interval="), e.getMessage());
        }
    }

    @Test
    void findNeedsNoDesignationAndCombinesWithThem() throws Exception {
        AgentOptions alone = AgentOptions.parse("find=true");
        assertTrue(alone.find);
        assertEquals(List.of(), alone.locks);
        assertNull(alone.lock);
        AgentOptions both = AgentOptions.parse("monitor=a.B.c,find=true,lock=a.B.d");
        assertTrue(both.find);
        assertEquals(List.of("monitor=a.B.c", "lock=a.B.d"), both.locks.stream().map(LockSpec::text).toList());
        assertFalse(AgentOptions.parse("monitor=a.B.c").find);
        assertFalse(AgentOptions.parse("monitor=a.B.c,find=false").find);
        OptionException none = assertThrows(OptionException.class, () -> AgentOptions.parse("find=false"));
        assertTrue(none.getMessage().startsWith("gilprobe: no lock designated;") && none.getMessage().endsWith("or find=true to find out which lock it is"),
                none.getMessage());
        OptionException bad = assertThrows(OptionException.class, () -> AgentOptions.parse("find=maybe"));
        assertEquals("gilprobe: option 'find=maybe' needs true or false", bad.getMessage());
        assertThrows(OptionException.class, () -> AgentOptions.parse("find=true,find=true"));
    }

    @Test
    void helpListsEveryOption() {
        String help = AgentOptions.helpText();
        for (String[] h : AgentOptions.HELP) {
            assertTrue(help.contains(h[0]), h[0]);
        }
    }

    /** The public fields of parsed options (what the agent uses), by name. */
    private static Map<String, Object> settings(AgentOptions o) throws IllegalAccessException {
        Map<String, Object> m = new TreeMap<>();
        for (Field f : AgentOptions.class.getFields()) {
            if (!Modifier.isStatic(f.getModifiers()) && !f.getName().equals("raw")) {
                m.put(f.getName(), f.get(o));
            }
        }
        return m;
    }

    /**
     * Every default that help shows is the one parsing uses: giving an option its shown default changes
     * nothing, and the help line of each option says "default: " and that value.
     */
    @Test
    void helpShowsTheRealDefaults() throws Exception {
        String help = AgentOptions.helpText();
        Map<String, Object> defaults = settings(AgentOptions.parse("monitor=a.B.c"));
        int checked = 0;
        for (AgentOptions.Option o : AgentOptions.OPTIONS) {
            if (o.defaultValue == null) {
                assertTrue(help.lines().anyMatch(l -> l.startsWith("  " + o.name + " ") && l.endsWith("default: -")), o.name + ":\n" + help);
                continue;
            }
            assertTrue(help.lines().anyMatch(l -> l.startsWith("  " + o.name + " ") && l.endsWith("default: " + o.defaultValue)),
                    o.name + ":\n" + help);
            if (o.name.equals("out")) {
                assertNull(AgentOptions.parse("monitor=a.B.c").out);
                assertEquals("gilprobe-42", AgentOptions.parse("monitor=a.B.c").outPrefix(42));
                continue;
            }
            assertEquals(defaults, settings(AgentOptions.parse("monitor=a.B.c," + o.name + "=" + o.defaultValue)), o.name);
            checked++;
        }
        assertEquals(11, checked, "find, dispatch, dispatchCases, opcodes, timeline, timelineThreads, profile, profileInterval, interval, jfr, jmx");
        assertTrue(AgentOptions.parse("monitor=a.B.c").jmx);
        assertFalse(AgentOptions.parse("monitor=a.B.c,jmx=false").jmx);
        // and the figures themselves, as the README and docs/options.md give them
        assertEquals(16, AgentOptions.parse("monitor=a.B.c").dispatchCases);
        assertEquals(20000, AgentOptions.parse("monitor=a.B.c").timelinePerThread);
        assertEquals(64, AgentOptions.parse("monitor=a.B.c").timelineThreads);
        assertEquals(10_000_000L, AgentOptions.parse("monitor=a.B.c").profileIntervalNanos);
    }

    @Test
    void helpShowsTheAcceptedRangeThatParsingEnforces() throws Exception {
        String help = AgentOptions.helpText();
        String oneLine = help.replaceAll("\\s+", " ");
        assertTrue(oneLine.contains("accepted: 2 to 65536"), help);
        assertTrue(oneLine.contains("accepted: 100us to 10s"), help);
        assertTrue(oneLine.contains("accepted: 100ms to 86400s"), help);
        AgentOptions.parse("monitor=a.B.c,dispatchCases=65536,profileInterval=100us,interval=100ms");
        for (String bad : new String[] {"dispatchCases=1", "dispatchCases=65537", "profileInterval=99us", "interval=99ms"}) {
            OptionException e = assertThrows(OptionException.class, () -> AgentOptions.parse("monitor=a.B.c," + bad));
            assertTrue(e.getMessage().contains(bad.startsWith("d") ? "from 2 to 65536" : bad.startsWith("p") ? "from 100us to 10s"
                    : "from 100ms to 86400s"), e.getMessage());
        }
    }

    @Test
    void withOutReplacesTheOutOptionByItsKeyHoweverItIsSpaced() throws Exception {
        assertEquals("monitor=a.B.c,out=/abs/x", AgentOptions.parse("monitor=a.B.c,out=x").withOut("/abs/x"));
        assertEquals("monitor=a.B.c,out=/abs/x", AgentOptions.parse("monitor=a.B.c,out= x").withOut("/abs/x"));
        assertEquals("monitor=a.B.c,out=/abs/x,timeline=5", AgentOptions.parse("monitor=a.B.c, out =x ,timeline=5").withOut("/abs/x"));
        assertEquals("monitor=a.B.c,timeline=5,out=/abs/p", AgentOptions.parse("monitor=a.B.c,timeline=5").withOut("/abs/p"));
        // a value that merely contains "out" is not the out option
        assertEquals("monitor=a.B.timeout,out=/p", AgentOptions.parse("monitor=a.B.timeout").withOut("/p"));
    }

    /** monitor=, lock= and acquire=+release= repeat; each is one lock, in the order given. */
    @Test
    void severalLocksInTheOrderGiven() throws Exception {
        AgentOptions o = AgentOptions.parse("lock=x.Y.lock,monitor=x.Y.GIL,acquire=x.G#take,release=x.G#drop,"
                + "out=/tmp/r,monitor=x.Z,acquire=x.H#a,release=x.H#b");
        assertEquals(List.of("lock=x.Y.lock", "monitor=x.Y.GIL", "acquire=x.G#take,release=x.G#drop", "monitor=x.Z",
                "acquire=x.H#a,release=x.H#b"), o.locks.stream().map(LockSpec::text).toList());
        assertEquals(o.locks.get(0), o.lock, "lock is the first designation");
        assertEquals(LockSpec.Kind.METHODS, o.locks.get(4).kind());
        assertEquals("a", o.locks.get(4).acquireMethod());
    }

    @Test
    void designationsThatCannotBeParsedSayWhy() {
        assertEquals("gilprobe: option 'release=x.G#drop' has no acquire=<class>#<method> before it (an acquire= pairs with the next release=)",
                assertThrows(OptionException.class, () -> AgentOptions.parse("release=x.G#drop,acquire=x.G#take")).getMessage());
        assertEquals("gilprobe: option 'acquire=x.G#take' needs its release=<class>#<method> right after it (an acquire= pairs with the next release=)",
                assertThrows(OptionException.class, () -> AgentOptions.parse("acquire=x.G#take,monitor=x.Y.L,release=x.G#drop")).getMessage());
        assertEquals("gilprobe: 'monitor=x.Y.L' is designated twice; give each lock once",
                assertThrows(OptionException.class, () -> AgentOptions.parse("monitor=x.Y.L,lock=x.Y.K,monitor=x.Y.L")).getMessage());
        StringBuilder nine = new StringBuilder();
        for (int i = 0; i < 9; i++) {
            nine.append(i == 0 ? "" : ",").append("monitor=x.Y.L").append(i);
        }
        assertEquals("gilprobe: 9 locks designated; at most 8 can be watched at once",
                assertThrows(OptionException.class, () -> AgentOptions.parse(nine.toString())).getMessage());
        assertEquals("gilprobe: a lock made of methods needs both acquire=<class>#<method> and release=<class>#<method>",
                assertThrows(OptionException.class, () -> AgentOptions.parse("monitor=x.Y.L,acquire=x.G#take")).getMessage());
    }

    /** attach rewrites out= for the target; every designation of several locks goes along unchanged. */
    @Test
    void attachKeepsEveryDesignation() throws Exception {
        AgentOptions o = AgentOptions.parse("monitor=x.Y.GIL, out= rel ,lock=x.Y.lock,acquire=x.G#a,release=x.G#b");
        AgentOptions target = AgentOptions.parse(o.withOut("/abs/rel"));
        assertEquals(o.locks, target.locks);
        assertEquals("/abs/rel", target.out);
    }

    /** The hand-written name checks accept exactly what the regular expressions they replace accepted. */
    @Test
    void nameChecksMatchTheRegularExpressions() {
        String name = "[\\p{L}_$][\\p{L}\\p{N}_$]*";
        java.util.regex.Pattern binary = java.util.regex.Pattern.compile(name + "(\\." + name + ")*");
        java.util.regex.Pattern method = java.util.regex.Pattern.compile("(" + name + "(?:\\." + name + ")*)#(" + name + "|<init>)");
        java.util.regex.Pattern prefix = java.util.regex.Pattern.compile("[\\p{L}\\p{N}_$.]+");
        List<String> samples = List.of("a", "a.B", "a.B$C", "a..B", ".a", "a.", "1a", "a1", "_x.$y", "é.Ω.名前", "a.Ⅻ", "a.x²",
                "a b", "a-b", "", "a.B#m", "a.B#<init>", "a.B#<clinit>", "a.B##m", "#m", "a.B#", "a.B#1m", "a.B#m.n",
                "\uD835\uDC00.x", "x.\uD835\uDC00", "org.luaj", "org.luaj:x", "a.b.", "..");
        for (String v : samples) {
            assertEquals(binary.matcher(v).matches(), AgentOptions.isBinaryName(v), "binary name " + v);
            assertEquals(method.matcher(v).matches(), AgentOptions.classAndMethod(v) != null, "class#method " + v);
            assertEquals(prefix.matcher(v).matches(), AgentOptions.isPrefix(v), "prefix " + v);
        }
    }
}
