package gilprobe.samples.minipy;

import gilprobe.samples.minipy.Ast.*;
import gilprobe.samples.minipy.Token.Kind;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Recursive-descent parser for the minipy subset of Python's grammar:
 *
 * <pre>
 * file       := stmt* EOF
 * stmt       := simple_stmt | def | while | if
 * simple_stmt:= small (';' small)* NEWLINE
 * small      := pass | break | continue | return [expr] | global NAME (',' NAME)*
 *             | import NAME (',' NAME)* | target '=' expr | NAME augop expr | expr
 * suite      := simple_stmt | NEWLINE INDENT stmt+ DEDENT
 * expr       := or ; or := and ('or' and)* ; and := not ('and' not)* ; not := 'not' not | cmp
 * cmp        := arith [cmpop arith] ; arith := term (('+'|'-') term)*
 * term       := unary (('*'|'/'|'//'|'%') unary)* ; unary := '-' unary | postfix
 * postfix    := atom ('(' args ')' | '[' expr ']' | '.' NAME)*
 * atom       := NAME | NUMBER | STRING+ | True | False | None | '(' [expr (',' expr)* [',']] ')'
 *             | '[' [expr (',' expr)* [',']] ']'
 * </pre>
 */
final class Parser {
    private static final Set<String> KEYWORDS = Set.of(
            "def", "while", "if", "elif", "else", "pass", "break", "continue", "return", "global",
            "import", "and", "or", "not", "True", "False", "None",
            // reserved by Python but not part of minipy: still not usable as names
            "for", "in", "is", "lambda", "class", "try", "except", "finally", "raise", "with", "as",
            "from", "yield", "del", "assert", "nonlocal", "async", "await");
    private static final Set<String> COMPARE_OPS = Set.of("<", "<=", ">", ">=", "==", "!=");
    private static final Set<String> AUG_OPS = Set.of("+=", "-=", "*=", "/=", "//=", "%=");

    private final String file;
    private final List<Token> tokens;
    private int p;

    private Parser(String file, List<Token> tokens) {
        this.file = file;
        this.tokens = tokens;
    }

    static List<Stmt> parse(String file, String source) throws MinipySyntaxError {
        return new Parser(file, Lexer.tokenize(file, source)).fileInput();
    }

    private List<Stmt> fileInput() throws MinipySyntaxError {
        List<Stmt> body = new ArrayList<>();
        while (peek().kind() != Kind.EOF) {
            statement(body);
        }
        return body;
    }

    private void statement(List<Stmt> out) throws MinipySyntaxError {
        Token t = peek();
        if (t.kind() == Kind.INDENT) throw MinipySyntaxError.indentation(file, t.line(), "unexpected indent");
        if (t.is(Kind.NAME, "def")) out.add(functionDef());
        else if (t.is(Kind.NAME, "while")) out.add(whileStmt());
        else if (t.is(Kind.NAME, "if")) out.add(ifStmt());
        else simpleStatement(out);
    }

    private FunctionDef functionDef() throws MinipySyntaxError {
        int line = next().line();
        String name = name("a function name");
        expectOp("(");
        List<String> params = new ArrayList<>();
        if (!peek().isOp(")")) {
            do {
                if (peek().isOp(")")) break;
                String param = name("a parameter name");
                if (params.contains(param)) throw error(previous(), "duplicate argument '" + param + "' in function definition");
                params.add(param);
            } while (acceptOp(","));
        }
        expectOp(")");
        expectOp(":");
        return new FunctionDef(name, params, suite(), line);
    }

    private While whileStmt() throws MinipySyntaxError {
        int line = next().line();
        Expr test = expr();
        expectOp(":");
        return new While(test, suite(), line);
    }

    /** Parses {@code if} or {@code elif} (the current token) with its continuation. */
    private If ifStmt() throws MinipySyntaxError {
        int line = next().line();
        Expr test = expr();
        expectOp(":");
        List<Stmt> body = suite();
        List<Stmt> orElse = List.of();
        if (peek().is(Kind.NAME, "elif")) {
            orElse = List.of(ifStmt());
        } else if (peek().is(Kind.NAME, "else")) {
            next();
            expectOp(":");
            orElse = suite();
        }
        return new If(test, body, orElse, line);
    }

    private List<Stmt> suite() throws MinipySyntaxError {
        List<Stmt> body = new ArrayList<>();
        if (peek().kind() != Kind.NEWLINE) {
            simpleStatement(body);
            return body;
        }
        next();
        Token indent = peek();
        if (indent.kind() != Kind.INDENT) throw MinipySyntaxError.indentation(file, indent.line(), "expected an indented block");
        next();
        while (peek().kind() != Kind.DEDENT && peek().kind() != Kind.EOF) {
            statement(body);
        }
        if (peek().kind() == Kind.DEDENT) next();
        return body;
    }

    private void simpleStatement(List<Stmt> out) throws MinipySyntaxError {
        out.add(smallStatement());
        while (acceptOp(";")) {
            if (peek().kind() == Kind.NEWLINE) break;
            out.add(smallStatement());
        }
        Token end = peek();
        if (end.kind() != Kind.NEWLINE) throw error(end, "invalid syntax (unexpected " + end.describe() + ")");
        next();
    }

    private Stmt smallStatement() throws MinipySyntaxError {
        Token t = peek();
        int line = t.line();
        if (t.kind() == Kind.NAME) {
            String w = t.text();
            if (w.equals("pass")) { next(); return new Pass(line); }
            if (w.equals("break")) { next(); return new Break(line); }
            if (w.equals("continue")) { next(); return new Continue(line); }
            if (w.equals("return")) {
                next();
                Kind k = peek().kind();
                boolean bare = k == Kind.NEWLINE || peek().isOp(";");
                return new Return(bare ? null : exprOrTuple(), line);
            }
            if (w.equals("global")) { next(); return new Global(nameList("a variable name"), line); }
            if (w.equals("import")) { next(); return new Import(nameList("a module name"), line); }
            if (w.equals("elif") || w.equals("else")) throw error(t, "invalid syntax ('" + w + "' without matching 'if')");
        }
        Expr e = exprOrTuple();
        Token op = peek();
        if (op.isOp("=")) {
            next();
            checkTarget(e, op);
            Expr value = exprOrTuple();
            if (peek().isOp("=")) throw error(peek(), "chained assignment is not supported by minipy");
            return new Assign(e, value, line);
        }
        if (op.kind() == Kind.OP && AUG_OPS.contains(op.text())) {
            next();
            if (!(e instanceof Name n)) throw error(op, "minipy supports augmented assignment to plain names only");
            String binop = op.text().substring(0, op.text().length() - 1);
            return new AugAssign(n, binop, exprOrTuple(), line);
        }
        return new ExprStmt(e, line);
    }

    private void checkTarget(Expr e, Token at) throws MinipySyntaxError {
        if (e instanceof Name || e instanceof Subscript) return;
        if (e instanceof Const) throw error(at, "cannot assign to literal");
        if (e instanceof Call) throw error(at, "cannot assign to function call");
        throw error(at, "cannot assign to expression");
    }

    private List<String> nameList(String what) throws MinipySyntaxError {
        List<String> names = new ArrayList<>();
        do {
            names.add(name(what));
        } while (acceptOp(","));
        return names;
    }

    /** An expression, or a parenthesis-less tuple {@code a, b}. */
    private Expr exprOrTuple() throws MinipySyntaxError {
        Expr first = expr();
        if (!peek().isOp(",")) return first;
        List<Expr> items = new ArrayList<>();
        items.add(first);
        while (acceptOp(",")) {
            if (!startsExpr(peek())) break;
            items.add(expr());
        }
        return new TupleExpr(items, first.line());
    }

    private Expr expr() throws MinipySyntaxError {
        Expr left = andExpr();
        while (peek().is(Kind.NAME, "or")) {
            int line = next().line();
            left = new BoolOp("or", left, andExpr(), line);
        }
        return left;
    }

    private Expr andExpr() throws MinipySyntaxError {
        Expr left = notExpr();
        while (peek().is(Kind.NAME, "and")) {
            int line = next().line();
            left = new BoolOp("and", left, notExpr(), line);
        }
        return left;
    }

    private Expr notExpr() throws MinipySyntaxError {
        if (peek().is(Kind.NAME, "not")) {
            int line = next().line();
            return new UnaryOp("not", notExpr(), line);
        }
        return comparison();
    }

    private Expr comparison() throws MinipySyntaxError {
        Expr left = arith();
        Token op = peek();
        if (op.kind() == Kind.OP && COMPARE_OPS.contains(op.text())) {
            next();
            Expr right = arith();
            Token again = peek();
            if (again.kind() == Kind.OP && COMPARE_OPS.contains(again.text())) {
                throw error(again, "chained comparisons are not supported by minipy");
            }
            return new Compare(op.text(), left, right, op.line());
        }
        return left;
    }

    private Expr arith() throws MinipySyntaxError {
        Expr left = term();
        while (peek().isOp("+") || peek().isOp("-")) {
            Token op = next();
            left = new BinOp(op.text(), left, term(), op.line());
        }
        return left;
    }

    private Expr term() throws MinipySyntaxError {
        Expr left = unary();
        while (peek().isOp("*") || peek().isOp("/") || peek().isOp("//") || peek().isOp("%")) {
            Token op = next();
            left = new BinOp(op.text(), left, unary(), op.line());
        }
        return left;
    }

    private Expr unary() throws MinipySyntaxError {
        if (peek().isOp("-")) {
            int line = next().line();
            return new UnaryOp("-", unary(), line);
        }
        return postfix();
    }

    private Expr postfix() throws MinipySyntaxError {
        Expr e = atom();
        while (true) {
            Token t = peek();
            if (t.isOp("(")) {
                next();
                e = callArgs(e, t.line());
            } else if (t.isOp("[")) {
                next();
                Expr index = expr();
                expectOp("]");
                e = new Subscript(e, index, t.line());
            } else if (t.isOp(".")) {
                next();
                e = new Attribute(e, name("an attribute name"), t.line());
            } else {
                return e;
            }
        }
    }

    private Expr callArgs(Expr function, int line) throws MinipySyntaxError {
        List<Expr> args = new ArrayList<>();
        List<String> kwNames = new ArrayList<>();
        List<Expr> kwValues = new ArrayList<>();
        while (!peek().isOp(")")) {
            if (peek().kind() == Kind.NAME && peekAt(1).isOp("=")) {
                String kw = next().text();
                next();
                if (kwNames.contains(kw)) throw error(previous(), "keyword argument repeated: " + kw);
                kwNames.add(kw);
                kwValues.add(expr());
            } else {
                if (!kwNames.isEmpty()) throw error(peek(), "positional argument follows keyword argument");
                args.add(expr());
            }
            if (!acceptOp(",")) break;
        }
        expectOp(")");
        return new Call(function, args, kwNames, kwValues, line);
    }

    private Expr atom() throws MinipySyntaxError {
        Token t = next();
        int line = t.line();
        if (t.kind() == Kind.NUMBER) return new Const(number(t), line);
        if (t.kind() == Kind.STRING) {
            StringBuilder sb = new StringBuilder(t.text());
            while (peek().kind() == Kind.STRING) sb.append(next().text());
            return new Const(sb.toString(), line);
        }
        if (t.kind() == Kind.NAME) {
            String w = t.text();
            if (w.equals("True")) return new Const(Boolean.TRUE, line);
            if (w.equals("False")) return new Const(Boolean.FALSE, line);
            if (w.equals("None")) return new Const(Py.NONE, line);
            if (KEYWORDS.contains(w)) throw error(t, "invalid syntax ('" + w + "' is not supported here)");
            return new Name(w, line);
        }
        if (t.isOp("(")) {
            if (acceptOp(")")) return new TupleExpr(List.of(), line);
            Expr first = expr();
            if (acceptOp(")")) return first;
            List<Expr> items = new ArrayList<>();
            items.add(first);
            while (acceptOp(",")) {
                if (peek().isOp(")")) break;
                items.add(expr());
            }
            expectOp(")");
            return new TupleExpr(items, line);
        }
        if (t.isOp("[")) {
            List<Expr> items = new ArrayList<>();
            while (!peek().isOp("]")) {
                items.add(expr());
                if (!acceptOp(",")) break;
            }
            expectOp("]");
            return new ListExpr(items, line);
        }
        if (t.kind() == Kind.INDENT) throw MinipySyntaxError.indentation(file, line, "unexpected indent");
        throw error(t, "invalid syntax (unexpected " + t.describe() + ")");
    }

    private Object number(Token t) throws MinipySyntaxError {
        String s = t.text();
        if (s.endsWith("f")) return Double.parseDouble(s.substring(0, s.length() - 1));
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw error(t, "integer literal too large (minipy integers are 64-bit)");
        }
    }

    private static boolean startsExpr(Token t) {
        if (t.kind() == Kind.NAME || t.kind() == Kind.NUMBER || t.kind() == Kind.STRING) return true;
        return t.isOp("(") || t.isOp("[") || t.isOp("-");
    }

    private String name(String what) throws MinipySyntaxError {
        Token t = next();
        if (t.kind() != Kind.NAME || KEYWORDS.contains(t.text())) {
            throw error(t, "invalid syntax (expected " + what + ", got " + t.describe() + ")");
        }
        return t.text();
    }

    private void expectOp(String op) throws MinipySyntaxError {
        Token t = next();
        if (!t.isOp(op)) {
            if (t.kind() == Kind.INDENT) throw MinipySyntaxError.indentation(file, t.line(), "unexpected indent");
            throw error(t, "expected '" + op + "', got " + t.describe());
        }
    }

    private boolean acceptOp(String op) {
        if (peek().isOp(op)) {
            p++;
            return true;
        }
        return false;
    }

    private Token peek() {
        return tokens.get(p);
    }

    private Token peekAt(int ahead) {
        return tokens.get(Math.min(p + ahead, tokens.size() - 1));
    }

    private Token next() {
        Token t = tokens.get(p);
        if (t.kind() != Kind.EOF) p++;
        return t;
    }

    private Token previous() {
        return tokens.get(p - 1);
    }

    private MinipySyntaxError error(Token at, String message) {
        return MinipySyntaxError.syntax(file, at.line(), message);
    }
}
