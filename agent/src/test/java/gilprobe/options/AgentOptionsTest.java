package gilprobe.options;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

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
    void helpListsEveryOption() {
        String help = AgentOptions.helpText();
        for (String[] h : AgentOptions.HELP) {
            assertTrue(help.contains(h[0]), h[0]);
        }
    }
}
