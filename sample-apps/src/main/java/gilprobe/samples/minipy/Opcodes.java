package gilprobe.samples.minipy;

/**
 * The instruction set. Opcodes are dense (0..{@link #COUNT}-1) so that the dispatch {@code switch}
 * compiles to one {@code tableswitch}. An instruction is its opcode followed by
 * {@link #operandCount(int)} int operands in {@link CodeObject#code}.
 *
 * <p>Semantics follow CPython's opcodes of the same name (stack machine, TOS = top of stack).
 * The compiler does no optimisation (no constant folding, no peephole), so the instructions a
 * program executes can be counted from its source; {@code --dis} prints them.
 */
public final class Opcodes {
    private Opcodes() {}

    /** push consts[arg] */
    public static final int LOAD_CONST = 0;
    /** push locals[arg]; UnboundLocalError when unset */
    public static final int LOAD_FAST = 1;
    /** locals[arg] = pop */
    public static final int STORE_FAST = 2;
    /** push globals[names[arg]], else builtins; NameError */
    public static final int LOAD_GLOBAL = 3;
    /** globals[names[arg]] = pop */
    public static final int STORE_GLOBAL = 4;
    /** TOS = getattr(TOS, names[arg]) */
    public static final int LOAD_ATTR = 5;
    /** TOS1[TOS] = TOS2; pops three */
    public static final int STORE_SUBSCR = 6;
    /** TOS = TOS1[TOS] */
    public static final int BINARY_SUBSCR = 7;
    public static final int BINARY_ADD = 8;
    public static final int BINARY_SUBTRACT = 9;
    public static final int BINARY_MULTIPLY = 10;
    public static final int BINARY_TRUE_DIVIDE = 11;
    public static final int BINARY_FLOOR_DIVIDE = 12;
    public static final int BINARY_MODULO = 13;
    public static final int UNARY_NEGATIVE = 14;
    public static final int UNARY_NOT = 15;
    public static final int COMPARE_LT = 16;
    public static final int COMPARE_LE = 17;
    public static final int COMPARE_GT = 18;
    public static final int COMPARE_GE = 19;
    public static final int COMPARE_EQ = 20;
    public static final int COMPARE_NE = 21;
    /** pop; jump to arg if false */
    public static final int POP_JUMP_IF_FALSE = 22;
    /** if TOS false jump to arg (keeping it), else pop */
    public static final int JUMP_IF_FALSE_OR_POP = 23;
    /** if TOS true jump to arg (keeping it), else pop */
    public static final int JUMP_IF_TRUE_OR_POP = 24;
    public static final int JUMP_ABSOLUTE = 25;
    public static final int POP_TOP = 26;
    /** pop arg items, push a tuple */
    public static final int BUILD_TUPLE = 27;
    /** pop arg items, push a list */
    public static final int BUILD_LIST = 28;
    /** pop arg positional arguments and the callable, push the result */
    public static final int CALL_FUNCTION = 29;
    /** args: total argument count, const index of the keyword names (String[], the last ones) */
    public static final int CALL_FUNCTION_KW = 30;
    /** return pop from the frame; ends a function, a thread's target, the module */
    public static final int RETURN_VALUE = 31;
    /** push a new function made of the code object consts[arg] and the module's globals */
    public static final int MAKE_FUNCTION = 32;
    /** push the built-in module names[arg]; ImportError when minipy has none */
    public static final int IMPORT_NAME = 33;

    public static final int COUNT = 34;

    private static final String[] NAMES = {
        "LOAD_CONST", "LOAD_FAST", "STORE_FAST", "LOAD_GLOBAL", "STORE_GLOBAL", "LOAD_ATTR",
        "STORE_SUBSCR", "BINARY_SUBSCR", "BINARY_ADD", "BINARY_SUBTRACT", "BINARY_MULTIPLY",
        "BINARY_TRUE_DIVIDE", "BINARY_FLOOR_DIVIDE", "BINARY_MODULO", "UNARY_NEGATIVE", "UNARY_NOT",
        "COMPARE_LT", "COMPARE_LE", "COMPARE_GT", "COMPARE_GE", "COMPARE_EQ", "COMPARE_NE",
        "POP_JUMP_IF_FALSE", "JUMP_IF_FALSE_OR_POP", "JUMP_IF_TRUE_OR_POP", "JUMP_ABSOLUTE", "POP_TOP",
        "BUILD_TUPLE", "BUILD_LIST", "CALL_FUNCTION", "CALL_FUNCTION_KW", "RETURN_VALUE",
        "MAKE_FUNCTION", "IMPORT_NAME",
    };

    private static final int[] OPERANDS = {
        1, 1, 1, 1, 1, 1,
        0, 0, 0, 0, 0,
        0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0,
        1, 1, 1, 1, 0,
        1, 1, 1, 2, 0,
        1, 1,
    };

    /** Stack effect of the fall-through path (the compiler uses it to size frames). */
    static int stackEffect(int op, int arg) {
        if (op == LOAD_CONST || op == LOAD_FAST || op == LOAD_GLOBAL || op == MAKE_FUNCTION || op == IMPORT_NAME) return 1;
        if (op == LOAD_ATTR || op == UNARY_NEGATIVE || op == UNARY_NOT || op == JUMP_ABSOLUTE) return 0;
        if (op == STORE_SUBSCR) return -3;
        if (op == BUILD_TUPLE || op == BUILD_LIST) return 1 - arg;
        if (op == CALL_FUNCTION || op == CALL_FUNCTION_KW) return -arg;
        // stores, binary operators, comparisons, conditional jumps (fall-through pops), POP_TOP, RETURN_VALUE
        return -1;
    }

    public static String name(int op) {
        return NAMES[op];
    }

    public static int operandCount(int op) {
        return OPERANDS[op];
    }
}
