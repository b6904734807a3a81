package gilprobe.samples.minipy;

import java.util.List;

/** The syntax tree the parser builds and the compiler walks. Every node knows its source line. */
final class Ast {
    private Ast() {}

    sealed interface Expr permits Name, Const, BinOp, UnaryOp, BoolOp, Compare, Call, Attribute, Subscript, TupleExpr, ListExpr {
        int line();
    }

    /** A variable reference. */
    record Name(String id, int line) implements Expr {}

    /** A literal: Long, Double, String, Boolean or {@link Py#NONE}. */
    record Const(Object value, int line) implements Expr {}

    /** {@code op} is one of {@code + - * / // %}. */
    record BinOp(String op, Expr left, Expr right, int line) implements Expr {}

    /** {@code op} is {@code -} or {@code not}. */
    record UnaryOp(String op, Expr operand, int line) implements Expr {}

    /** {@code op} is {@code and} or {@code or}; evaluates {@code right} only when needed. */
    record BoolOp(String op, Expr left, Expr right, int line) implements Expr {}

    /** One comparison ({@code < <= > >= == !=}); chains are rejected by the parser. */
    record Compare(String op, Expr left, Expr right, int line) implements Expr {}

    record Call(Expr function, List<Expr> args, List<String> kwNames, List<Expr> kwValues, int line) implements Expr {}

    record Attribute(Expr object, String name, int line) implements Expr {}

    record Subscript(Expr object, Expr index, int line) implements Expr {}

    record TupleExpr(List<Expr> items, int line) implements Expr {}

    record ListExpr(List<Expr> items, int line) implements Expr {}

    sealed interface Stmt permits ExprStmt, Assign, AugAssign, Pass, Break, Continue, Return, Global, Import, If, While, FunctionDef {
        int line();
    }

    record ExprStmt(Expr value, int line) implements Stmt {}

    /** {@code target} is a {@link Name} or a {@link Subscript}. */
    record Assign(Expr target, Expr value, int line) implements Stmt {}

    /** {@code op} is the binary operator without {@code =}. */
    record AugAssign(Name target, String op, Expr value, int line) implements Stmt {}

    record Pass(int line) implements Stmt {}

    record Break(int line) implements Stmt {}

    record Continue(int line) implements Stmt {}

    /** {@code value} is null for a bare {@code return}. */
    record Return(Expr value, int line) implements Stmt {}

    record Global(List<String> names, int line) implements Stmt {}

    record Import(List<String> modules, int line) implements Stmt {}

    /** {@code elif} is an {@code If} alone in {@code orElse}. */
    record If(Expr test, List<Stmt> body, List<Stmt> orElse, int line) implements Stmt {}

    record While(Expr test, List<Stmt> body, int line) implements Stmt {}

    record FunctionDef(String name, List<String> params, List<Stmt> body, int line) implements Stmt {}
}
