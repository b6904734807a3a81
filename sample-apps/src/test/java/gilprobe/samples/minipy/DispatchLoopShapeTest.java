package gilprobe.samples.minipy;

import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A profiler detects a bytecode-dispatch loop as a large switch inside a loop. minipy must have
 * exactly one: {@code Interpreter.evalFrame}, a {@code tableswitch} over every opcode. Every
 * other switch in the module stays small, so nothing else looks like a dispatch loop.
 */
class DispatchLoopShapeTest {

    record SwitchSite(String owner, String method, int cases, boolean table, boolean inLoop) {}

    @Test
    void exactlyOneDispatchLoop() throws Exception {
        List<SwitchSite> sites = switchSites();
        List<SwitchSite> large = sites.stream().filter(s -> s.cases() >= 10).toList();
        assertEquals(1, large.size(), "switches with >= 10 cases: " + large);
        SwitchSite dispatch = large.get(0);
        assertEquals(Interpreter.class.getName(), dispatch.owner());
        assertEquals("evalFrame", dispatch.method());
        assertTrue(dispatch.table(), "the dispatch switch must compile to a tableswitch");
        assertTrue(dispatch.inLoop(), "the dispatch switch must sit inside a loop");
        assertEquals(Opcodes.COUNT, dispatch.cases());
    }

    private static List<SwitchSite> switchSites() throws IOException {
        Path classes = Path.of(Interpreter.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        List<SwitchSite> sites = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes.resolve("gilprobe/samples/minipy"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                ClassNode cn = new ClassNode();
                try (InputStream in = Files.newInputStream(f)) {
                    new ClassReader(in).accept(cn, 0);
                }
                for (MethodNode m : cn.methods) sites.addAll(switchesIn(cn.name.replace('/', '.'), m));
            }
        }
        return sites;
    }

    private static List<SwitchSite> switchesIn(String owner, MethodNode m) {
        List<SwitchSite> sites = new ArrayList<>();
        AbstractInsnNode[] insns = m.instructions.toArray();
        for (int i = 0; i < insns.length; i++) {
            int cases;
            boolean table;
            if (insns[i] instanceof TableSwitchInsnNode t) {
                cases = t.labels.size();
                table = true;
            } else if (insns[i] instanceof LookupSwitchInsnNode l) {
                cases = l.labels.size();
                table = false;
            } else {
                continue;
            }
            sites.add(new SwitchSite(owner, m.name, cases, table, insideBackwardJump(m, insns, i)));
        }
        return sites;
    }

    /** True when some backward jump goes from at or after {@code at} to at or before it. */
    private static boolean insideBackwardJump(MethodNode m, AbstractInsnNode[] insns, int at) {
        for (int j = at; j < insns.length; j++) {
            if (insns[j] instanceof JumpInsnNode jump) {
                int target = m.instructions.indexOf(jump.label);
                if (target <= at) return true;
            }
        }
        return false;
    }
}
