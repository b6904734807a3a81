package gilprobe.samples.minipy;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.BitSet;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every opcode is emitted by the compiler and executed by one program whose output is known. */
class OpcodeCoverageTest {
    /** Every line runs; each comment names the opcodes the line needs. */
    static final String CORPUS = """
            import threading                         # IMPORT_NAME STORE_GLOBAL
            def f(a, b):                             # MAKE_FUNCTION
                c = a * b                            # LOAD_FAST BINARY_MULTIPLY STORE_FAST
                return c // 2 + c % 5 - c / 4        # FLOOR_DIVIDE MODULO TRUE_DIVIDE ADD SUBTRACT RETURN_VALUE
            items = [1, 2, 3]                        # LOAD_CONST BUILD_LIST
            items[0] = -items[2]                     # UNARY_NEGATIVE BINARY_SUBSCR STORE_SUBSCR
            items.append(f(3, b=4))                  # LOAD_ATTR CALL_FUNCTION_KW CALL_FUNCTION POP_TOP
            print(items, (1, 2))                     # LOAD_GLOBAL BUILD_TUPLE
            print(1 < 2, 2 <= 2, 3 > 4, 4 >= 5, 1 == 1, 1 != 1)   # the six COMPARE_*
            print(not 0, 0 and 1, 0 or 2)           # UNARY_NOT JUMP_IF_FALSE_OR_POP JUMP_IF_TRUE_OR_POP
            n = 2
            while n > 0:                             # POP_JUMP_IF_FALSE JUMP_ABSOLUTE
                n -= 1
            print(n, threading.current_thread().name)
            """;

    static final String CORPUS_OUTPUT = "[-3, 2, 3, 5.0] (1, 2)\nTrue True False False True False\nTrue 0 2\n0 MainThread\n";

    @Test
    void corpusEmitsEveryOpcode() throws MinipySyntaxError {
        BitSet seen = new BitSet();
        for (CodeObject code : Disassembler.allCode(Compiler.compileModule("corpus.py", CORPUS))) {
            int pc = 0;
            while (pc < code.code().length) {
                int op = code.code()[pc];
                seen.set(op);
                pc += 1 + Opcodes.operandCount(op);
            }
        }
        TreeSet<String> missing = new TreeSet<>();
        for (int op = 0; op < Opcodes.COUNT; op++) {
            if (!seen.get(op)) missing.add(Opcodes.name(op));
        }
        assertTrue(missing.isEmpty(), "opcodes the corpus does not emit: " + missing);
    }

    @Test
    void corpusRunsWithKnownOutput() {
        MinipyRunner.Result r = MinipyRunner.run(CORPUS);
        assertEquals(0, r.status(), r.err());
        assertEquals(CORPUS_OUTPUT, r.out());
    }

    @Test
    void opcodesAreDenseAndDescribed() throws IllegalAccessException {
        BitSet values = new BitSet();
        int constants = 0;
        for (Field f : Opcodes.class.getFields()) {
            if (!Modifier.isStatic(f.getModifiers()) || f.getType() != int.class || f.getName().equals("COUNT")) continue;
            int v = f.getInt(null);
            assertTrue(v >= 0 && v < Opcodes.COUNT, f.getName());
            assertTrue(!values.get(v), "duplicate opcode value " + v);
            values.set(v);
            assertEquals(f.getName(), Opcodes.name(v));
            constants++;
        }
        assertEquals(Opcodes.COUNT, constants);
        assertTrue(Opcodes.COUNT >= 20, "the dispatch switch must have at least 20 cases");
    }
}
