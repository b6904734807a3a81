package gilprobe.samples.minipy;

import gilprobe.samples.minipy.Ast.*;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static gilprobe.samples.minipy.Opcodes.*;

/**
 * Compiles a syntax tree to {@link CodeObject}s, one per function plus one for the module.
 *
 * <p>Scoping is Python's, without closures: module code uses globals only; in a function, a
 * name that is a parameter or assigned anywhere in the body is local (LOAD_FAST/STORE_FAST)
 * unless declared {@code global}; every other name is looked up in globals, then builtins.
 * {@code def} is allowed at module level only (minipy has no closures).
 *
 * <p>The compiler emits code literally, without optimisation, and every code object ends with
 * {@code LOAD_CONST None; RETURN_VALUE} (even when unreachable), like CPython.
 */
final class Compiler {
    private Compiler() {}

    static CodeObject compileModule(String file, String source) throws MinipySyntaxError {
        List<Stmt> body = Parser.parse(file, source);
        Unit module = new Unit("<module>", file, 1, null, 0, Set.of());
        module.block(body);
        module.emitImplicitReturn(body.isEmpty() ? 1 : last(body).line());
        return module.build();
    }

    private static Stmt last(List<Stmt> body) {
        return body.get(body.size() - 1);
    }

    /** Code generation state for one code object. */
    private static final class Unit {
        private final String name;
        private final String file;
        private final int firstLine;
        /** Null for module code: every name is global. */
        private final List<String> locals;
        private final int argCount;
        private final Set<String> declaredGlobals;
        private final List<Object> consts = new ArrayList<>();
        private final List<String> names = new ArrayList<>();
        private int[] code = new int[64];
        private int[] lines = new int[64];
        private int size;
        private int depth;
        private int maxDepth;
        private final Deque<Loop> loops = new ArrayDeque<>();

        private record Loop(int continueTarget, List<Integer> breakSlots) {}

        Unit(String name, String file, int firstLine, List<String> locals, int argCount, Set<String> declaredGlobals) {
            this.name = name;
            this.file = file;
            this.firstLine = firstLine;
            this.locals = locals;
            this.argCount = argCount;
            this.declaredGlobals = declaredGlobals;
        }

        CodeObject build() {
            String[] localNames = locals == null ? new String[0] : locals.toArray(new String[0]);
            return new CodeObject(name, file, firstLine, argCount, localNames, Arrays.copyOf(code, size),
                    Arrays.copyOf(lines, size), consts.toArray(), names.toArray(new String[0]), Math.max(1, maxDepth));
        }

        void block(List<Stmt> body) throws MinipySyntaxError {
            for (Stmt s : body) statement(s);
        }

        void emitImplicitReturn(int line) {
            emit(LOAD_CONST, line, constant(Py.NONE));
            emit(RETURN_VALUE, line);
        }

        private void statement(Stmt s) throws MinipySyntaxError {
            int line = s.line();
            if (s instanceof ExprStmt e) {
                expr(e.value());
                emit(POP_TOP, line);
            } else if (s instanceof Assign a) {
                assign(a);
            } else if (s instanceof AugAssign a) {
                load(a.target().id(), line);
                expr(a.value());
                emit(binaryOpcode(a.op()), line);
                store(a.target().id(), line);
            } else if (s instanceof Pass) {
                // nothing to run
            } else if (s instanceof Break) {
                if (loops.isEmpty()) throw MinipySyntaxError.syntax(file, line, "'break' outside loop");
                emit(JUMP_ABSOLUTE, line, -1);
                loops.peek().breakSlots().add(size - 1);
            } else if (s instanceof Continue) {
                if (loops.isEmpty()) throw MinipySyntaxError.syntax(file, line, "'continue' not properly in loop");
                emit(JUMP_ABSOLUTE, line, loops.peek().continueTarget());
            } else if (s instanceof Return r) {
                if (locals == null) throw MinipySyntaxError.syntax(file, line, "'return' outside function");
                if (r.value() == null) emit(LOAD_CONST, line, constant(Py.NONE));
                else expr(r.value());
                emit(RETURN_VALUE, line);
            } else if (s instanceof Global) {
                // resolved before compilation by scanFunction
            } else if (s instanceof Import imp) {
                for (String module : imp.modules()) {
                    emit(IMPORT_NAME, line, name(module));
                    store(module, line);
                }
            } else if (s instanceof If i) {
                ifStatement(i);
            } else if (s instanceof While w) {
                whileStatement(w);
            } else if (s instanceof FunctionDef f) {
                functionDef(f);
            } else {
                throw new IllegalStateException("unknown statement " + s);
            }
        }

        private void assign(Assign a) throws MinipySyntaxError {
            if (a.target() instanceof Name n) {
                expr(a.value());
                store(n.id(), a.line());
            } else if (a.target() instanceof Subscript sub) {
                expr(a.value());
                expr(sub.object());
                expr(sub.index());
                emit(STORE_SUBSCR, a.line());
            } else {
                throw MinipySyntaxError.syntax(file, a.line(), "cannot assign to expression");
            }
        }

        private void ifStatement(If i) throws MinipySyntaxError {
            expr(i.test());
            emit(POP_JUMP_IF_FALSE, i.line(), -1);
            int elseSlot = size - 1;
            block(i.body());
            if (i.orElse().isEmpty()) {
                patch(elseSlot, size);
                return;
            }
            emit(JUMP_ABSOLUTE, i.line(), -1);
            int endSlot = size - 1;
            patch(elseSlot, size);
            block(i.orElse());
            patch(endSlot, size);
        }

        private void whileStatement(While w) throws MinipySyntaxError {
            int top = size;
            expr(w.test());
            emit(POP_JUMP_IF_FALSE, w.line(), -1);
            int exitSlot = size - 1;
            Loop loop = new Loop(top, new ArrayList<>());
            loops.push(loop);
            block(w.body());
            loops.pop();
            emit(JUMP_ABSOLUTE, w.line(), top);
            patch(exitSlot, size);
            for (int slot : loop.breakSlots()) patch(slot, size);
        }

        private void functionDef(FunctionDef f) throws MinipySyntaxError {
            if (locals != null) {
                throw MinipySyntaxError.syntax(file, f.line(), "nested 'def' is not supported by minipy (no closures)");
            }
            Set<String> globals = new HashSet<>();
            Set<String> assigned = new LinkedHashSet<>();
            scanFunction(f.body(), globals, assigned);
            for (String p : f.params()) {
                if (globals.contains(p)) throw MinipySyntaxError.syntax(file, f.line(), "name '" + p + "' is parameter and global");
            }
            List<String> slots = new ArrayList<>(f.params());
            for (String n : assigned) {
                if (!globals.contains(n) && !slots.contains(n)) slots.add(n);
            }
            Unit fn = new Unit(f.name(), file, f.line(), slots, f.params().size(), globals);
            fn.block(f.body());
            fn.emitImplicitReturn(f.body().isEmpty() ? f.line() : last(f.body()).line());
            emit(MAKE_FUNCTION, f.line(), constant(fn.build()));
            store(f.name(), f.line());
        }

        private void scanFunction(List<Stmt> body, Set<String> globals, Set<String> assigned) throws MinipySyntaxError {
            for (Stmt s : body) {
                if (s instanceof Global g) globals.addAll(g.names());
                else if (s instanceof Assign a && a.target() instanceof Name n) assigned.add(n.id());
                else if (s instanceof AugAssign a) assigned.add(a.target().id());
                else if (s instanceof Import imp) assigned.addAll(imp.modules());
                else if (s instanceof If i) {
                    scanFunction(i.body(), globals, assigned);
                    scanFunction(i.orElse(), globals, assigned);
                } else if (s instanceof While w) {
                    scanFunction(w.body(), globals, assigned);
                } else if (s instanceof FunctionDef f) {
                    throw MinipySyntaxError.syntax(file, f.line(), "nested 'def' is not supported by minipy (no closures)");
                }
            }
        }

        private void expr(Expr e) throws MinipySyntaxError {
            int line = e.line();
            if (e instanceof Name n) {
                load(n.id(), line);
            } else if (e instanceof Const c) {
                emit(LOAD_CONST, line, constant(c.value()));
            } else if (e instanceof BinOp b) {
                expr(b.left());
                expr(b.right());
                emit(binaryOpcode(b.op()), line);
            } else if (e instanceof UnaryOp u) {
                expr(u.operand());
                emit(u.op().equals("not") ? UNARY_NOT : UNARY_NEGATIVE, line);
            } else if (e instanceof BoolOp b) {
                expr(b.left());
                emit(b.op().equals("and") ? JUMP_IF_FALSE_OR_POP : JUMP_IF_TRUE_OR_POP, line, -1);
                int slot = size - 1;
                expr(b.right());
                patch(slot, size);
            } else if (e instanceof Compare c) {
                expr(c.left());
                expr(c.right());
                emit(compareOpcode(c.op()), line);
            } else if (e instanceof Call c) {
                call(c);
            } else if (e instanceof Attribute a) {
                expr(a.object());
                emit(LOAD_ATTR, line, name(a.name()));
            } else if (e instanceof Subscript s) {
                expr(s.object());
                expr(s.index());
                emit(BINARY_SUBSCR, line);
            } else if (e instanceof TupleExpr t) {
                for (Expr item : t.items()) expr(item);
                emit(BUILD_TUPLE, line, t.items().size());
            } else if (e instanceof ListExpr l) {
                for (Expr item : l.items()) expr(item);
                emit(BUILD_LIST, line, l.items().size());
            } else {
                throw new IllegalStateException("unknown expression " + e);
            }
        }

        private void call(Call c) throws MinipySyntaxError {
            expr(c.function());
            for (Expr a : c.args()) expr(a);
            for (Expr a : c.kwValues()) expr(a);
            int total = c.args().size() + c.kwValues().size();
            if (c.kwNames().isEmpty()) {
                emit(CALL_FUNCTION, c.line(), total);
            } else {
                emit(CALL_FUNCTION_KW, c.line(), total, constant(c.kwNames().toArray(new String[0])));
            }
        }

        private void load(String id, int line) {
            if (isLocal(id)) emit(LOAD_FAST, line, locals.indexOf(id));
            else emit(LOAD_GLOBAL, line, name(id));
        }

        private void store(String id, int line) {
            if (isLocal(id)) emit(STORE_FAST, line, locals.indexOf(id));
            else emit(STORE_GLOBAL, line, name(id));
        }

        private boolean isLocal(String id) {
            return locals != null && !declaredGlobals.contains(id) && locals.contains(id);
        }

        private static int binaryOpcode(String op) {
            if (op.equals("+")) return BINARY_ADD;
            if (op.equals("-")) return BINARY_SUBTRACT;
            if (op.equals("*")) return BINARY_MULTIPLY;
            if (op.equals("/")) return BINARY_TRUE_DIVIDE;
            if (op.equals("//")) return BINARY_FLOOR_DIVIDE;
            if (op.equals("%")) return BINARY_MODULO;
            throw new IllegalArgumentException(op);
        }

        private static int compareOpcode(String op) {
            if (op.equals("<")) return COMPARE_LT;
            if (op.equals("<=")) return COMPARE_LE;
            if (op.equals(">")) return COMPARE_GT;
            if (op.equals(">=")) return COMPARE_GE;
            if (op.equals("==")) return COMPARE_EQ;
            if (op.equals("!=")) return COMPARE_NE;
            throw new IllegalArgumentException(op);
        }

        private int constant(Object value) {
            for (int i = 0; i < consts.size(); i++) {
                Object c = consts.get(i);
                if (c.getClass() != value.getClass()) continue;
                if (c instanceof String[] a ? Arrays.equals(a, (String[]) value) : c.equals(value)) return i;
            }
            consts.add(value);
            return consts.size() - 1;
        }

        private int name(String n) {
            int i = names.indexOf(n);
            if (i >= 0) return i;
            names.add(n);
            return names.size() - 1;
        }

        private void emit(int op, int line, int... args) {
            if (args.length != Opcodes.operandCount(op)) throw new IllegalStateException(Opcodes.name(op));
            ensure(1 + args.length);
            lines[size] = line;
            code[size++] = op;
            for (int a : args) {
                lines[size] = line;
                code[size++] = a;
            }
            depth += Opcodes.stackEffect(op, args.length == 0 ? 0 : args[0]);
            if (op == JUMP_IF_FALSE_OR_POP || op == JUMP_IF_TRUE_OR_POP) maxDepth = Math.max(maxDepth, depth + 1);
            maxDepth = Math.max(maxDepth, depth);
        }

        private void patch(int slot, int target) {
            code[slot] = target;
        }

        private void ensure(int more) {
            if (size + more > code.length) {
                code = Arrays.copyOf(code, code.length * 2 + more);
                lines = Arrays.copyOf(lines, lines.length * 2 + more);
            }
        }
    }
}
