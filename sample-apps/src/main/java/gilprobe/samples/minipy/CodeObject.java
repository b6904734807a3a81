package gilprobe.samples.minipy;

/**
 * Compiled code of one function or of the module: immutable once built, shared by all threads.
 *
 * @param code       instructions: opcode, then its operands (see {@link Opcodes})
 * @param lines      source line of every slot of {@code code} (operands included)
 * @param consts     constant pool: Long, Double, String, Boolean, {@link Py#NONE}, CodeObject,
 *                   String[] (keyword names of a call)
 * @param names      global, attribute and module names used by the code
 * @param localNames slot names of local variables; the first {@code argCount} are parameters
 * @param stackSize  the operand stack the code needs
 */
record CodeObject(String name, String file, int firstLine, int argCount, String[] localNames,
                  int[] code, int[] lines, Object[] consts, String[] names, int stackSize) {

    int lineAt(int pc) {
        if (lines.length == 0) return firstLine;
        return lines[Math.max(0, Math.min(pc, lines.length - 1))];
    }

    @Override
    public String toString() {
        return "<code " + name + " at " + file + ":" + firstLine + ">";
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
