package gilprobe.samples.minipy;

import java.util.ArrayList;
import java.util.List;

/** Prints bytecode, CPython {@code dis} style: line, offset, opcode, operands and their meaning. */
final class Disassembler {
    private Disassembler() {}

    /** {@code code} and every function it defines, recursively. */
    static String disassemble(CodeObject code) {
        StringBuilder sb = new StringBuilder();
        for (CodeObject c : allCode(code)) {
            sb.append("Disassembly of ").append(c.name()).append(" (").append(c.file()).append(':')
              .append(c.firstLine()).append("):\n");
            int pc = 0;
            int lastLine = -1;
            while (pc < c.code().length) {
                int op = c.code()[pc];
                int line = c.lines()[pc];
                sb.append(line != lastLine ? String.format("%5d", line) : "     ");
                lastLine = line;
                sb.append(String.format(" %5d %-20s", pc, Opcodes.name(op)));
                for (int k = 1; k <= Opcodes.operandCount(op); k++) sb.append(' ').append(c.code()[pc + k]);
                String meaning = meaning(c, op, pc);
                if (!meaning.isEmpty()) sb.append(" (").append(meaning).append(')');
                sb.append('\n');
                pc += 1 + Opcodes.operandCount(op);
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** {@code code} followed by the code objects in its constant pool, depth first. */
    static List<CodeObject> allCode(CodeObject code) {
        List<CodeObject> all = new ArrayList<>();
        all.add(code);
        for (Object c : code.consts()) {
            if (c instanceof CodeObject inner) all.addAll(allCode(inner));
        }
        return all;
    }

    private static String meaning(CodeObject c, int op, int pc) {
        if (Opcodes.operandCount(op) == 0) return "";
        int arg = c.code()[pc + 1];
        if (op == Opcodes.LOAD_CONST || op == Opcodes.MAKE_FUNCTION) return Ops.repr(c.consts()[arg]);
        if (op == Opcodes.LOAD_FAST || op == Opcodes.STORE_FAST) return c.localNames()[arg];
        if (op == Opcodes.LOAD_GLOBAL || op == Opcodes.STORE_GLOBAL || op == Opcodes.LOAD_ATTR
                || op == Opcodes.IMPORT_NAME) {
            return c.names()[arg];
        }
        if (op == Opcodes.CALL_FUNCTION_KW) return "keywords " + String.join(", ", (String[]) c.consts()[c.code()[pc + 2]]);
        return "";
    }
}
