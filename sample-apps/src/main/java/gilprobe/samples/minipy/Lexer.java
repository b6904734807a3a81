package gilprobe.samples.minipy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Turns source text into tokens the way Python's tokenizer does: indentation becomes
 * INDENT/DEDENT, a logical line ends with NEWLINE, and newlines inside brackets or after a
 * backslash join lines. Blank and comment-only lines produce nothing.
 *
 * <p>Written with if/else chains on purpose: the only large {@code switch} in a loop in this
 * module must be the interpreter's dispatch loop, which a profiler detects by that shape.
 */
final class Lexer {
    private static final String[] OPERATORS = {
        "//=", "//", "==", "!=", "<=", ">=", "+=", "-=", "*=", "/=", "%=",
        "+", "-", "*", "/", "%", "<", ">", "=", "(", ")", "[", "]", ",", ":", ".", ";",
    };

    private final String file;
    private final String src;
    private final List<Token> tokens = new ArrayList<>();
    private final Deque<Integer> indents = new ArrayDeque<>();
    private int pos;
    private int line = 1;
    private int brackets;
    private boolean atLineStart = true;

    private Lexer(String file, String src) {
        this.file = file;
        this.src = src;
        indents.push(0);
    }

    static List<Token> tokenize(String file, String src) throws MinipySyntaxError {
        return new Lexer(file, src).run();
    }

    private List<Token> run() throws MinipySyntaxError {
        while (true) {
            if (atLineStart && brackets == 0) {
                if (!startLogicalLine()) break;
            }
            if (pos >= src.length()) break;
            char c = src.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\f') {
                pos++;
            } else if (c == '#') {
                skipComment();
            } else if (c == '\\' && isNewlineAt(pos + 1)) {
                pos++;
                consumeNewline();
            } else if (c == '\n' || c == '\r') {
                int nlLine = line;
                consumeNewline();
                if (brackets == 0) {
                    add(Token.Kind.NEWLINE, "\n", nlLine);
                    atLineStart = true;
                }
            } else if (Character.isLetter(c) || c == '_') {
                int start = pos;
                while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_')) pos++;
                add(Token.Kind.NAME, src.substring(start, pos), line);
            } else if (Character.isDigit(c) || (c == '.' && pos + 1 < src.length() && Character.isDigit(src.charAt(pos + 1)))) {
                number();
            } else if (c == '\'' || c == '"') {
                string(c);
            } else {
                operator(c);
            }
        }
        if (brackets > 0) throw MinipySyntaxError.syntax(file, line, "unexpected end of file (unclosed bracket)");
        if (!tokens.isEmpty() && tokens.get(tokens.size() - 1).kind() != Token.Kind.NEWLINE
                && tokens.get(tokens.size() - 1).kind() != Token.Kind.DEDENT) {
            add(Token.Kind.NEWLINE, "\n", line);
        }
        while (indents.peek() > 0) {
            indents.pop();
            add(Token.Kind.DEDENT, "", line);
        }
        add(Token.Kind.EOF, "", line);
        return tokens;
    }

    /** Measures indentation, skips blank lines, emits INDENT/DEDENT. False at end of input. */
    private boolean startLogicalLine() throws MinipySyntaxError {
        while (true) {
            int col = 0;
            int p = pos;
            while (p < src.length()) {
                char c = src.charAt(p);
                if (c == ' ') col++;
                else if (c == '\t') col = (col / 8 + 1) * 8;
                else if (c == '\f') col = 0;
                else break;
                p++;
            }
            pos = p;
            if (p >= src.length()) return false;
            char c = src.charAt(p);
            if (c == '#') {
                skipComment();
                if (pos >= src.length()) return false;
                consumeNewline();
            } else if (c == '\n' || c == '\r') {
                consumeNewline();
            } else {
                atLineStart = false;
                indent(col);
                return true;
            }
        }
    }

    private void indent(int col) throws MinipySyntaxError {
        if (col > indents.peek()) {
            indents.push(col);
            add(Token.Kind.INDENT, "", line);
            return;
        }
        while (col < indents.peek()) {
            indents.pop();
            add(Token.Kind.DEDENT, "", line);
        }
        if (col != indents.peek()) {
            throw MinipySyntaxError.indentation(file, line, "unindent does not match any outer indentation level");
        }
    }

    private void skipComment() {
        while (pos < src.length() && src.charAt(pos) != '\n' && src.charAt(pos) != '\r') pos++;
    }

    private boolean isNewlineAt(int p) {
        return p < src.length() && (src.charAt(p) == '\n' || src.charAt(p) == '\r');
    }

    private void consumeNewline() {
        if (src.charAt(pos) == '\r' && pos + 1 < src.length() && src.charAt(pos + 1) == '\n') pos++;
        pos++;
        line++;
    }

    private void number() throws MinipySyntaxError {
        int start = pos;
        boolean isFloat = false;
        digits();
        if (pos < src.length() && src.charAt(pos) == '.') {
            isFloat = true;
            pos++;
            digits();
        }
        if (pos < src.length() && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')) {
            int p = pos + 1;
            if (p < src.length() && (src.charAt(p) == '+' || src.charAt(p) == '-')) p++;
            if (p < src.length() && Character.isDigit(src.charAt(p))) {
                isFloat = true;
                pos = p;
                digits();
            }
        }
        if (pos < src.length() && (Character.isLetter(src.charAt(pos)) || src.charAt(pos) == '_')) {
            throw MinipySyntaxError.syntax(file, line, "invalid number literal");
        }
        String text = src.substring(start, pos).replace("_", "");
        add(Token.Kind.NUMBER, isFloat ? text + "f" : text, line);
    }

    private void digits() throws MinipySyntaxError {
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (Character.isDigit(c)) {
                pos++;
            } else if (c == '_' && pos + 1 < src.length() && Character.isDigit(src.charAt(pos + 1))
                    && pos > 0 && Character.isDigit(src.charAt(pos - 1))) {
                pos++;
            } else {
                return;
            }
        }
    }

    private void string(char quote) throws MinipySyntaxError {
        int startLine = line;
        boolean triple = src.startsWith(String.valueOf(quote).repeat(3), pos);
        pos += triple ? 3 : 1;
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= src.length()) {
                throw MinipySyntaxError.syntax(file, startLine, triple
                        ? "unterminated triple-quoted string literal" : "unterminated string literal");
            }
            char c = src.charAt(pos);
            if (c == quote && (!triple || src.startsWith(String.valueOf(quote).repeat(3), pos))) {
                pos += triple ? 3 : 1;
                break;
            }
            if (c == '\n' || c == '\r') {
                if (!triple) throw MinipySyntaxError.syntax(file, startLine, "unterminated string literal");
                consumeNewline();
                sb.append('\n');
            } else if (c == '\\' && pos + 1 < src.length()) {
                escape(sb);
            } else {
                sb.append(c);
                pos++;
            }
        }
        add(Token.Kind.STRING, sb.toString(), startLine);
    }

    private void escape(StringBuilder sb) {
        char e = src.charAt(pos + 1);
        if (e == '\n' || e == '\r') {
            pos++;
            consumeNewline();
            return;
        }
        pos += 2;
        if (e == 'n') sb.append('\n');
        else if (e == 't') sb.append('\t');
        else if (e == 'r') sb.append('\r');
        else if (e == '0') sb.append('\0');
        else if (e == '\\' || e == '\'' || e == '"') sb.append(e);
        else sb.append('\\').append(e);
    }

    private void operator(char c) throws MinipySyntaxError {
        for (String op : OPERATORS) {
            if (src.startsWith(op, pos)) {
                if (c == '(' || c == '[') {
                    brackets++;
                } else if (c == ')' || c == ']') {
                    if (brackets == 0) throw MinipySyntaxError.syntax(file, line, "unmatched '" + c + "'");
                    brackets--;
                }
                pos += op.length();
                add(Token.Kind.OP, op, line);
                return;
            }
        }
        throw MinipySyntaxError.syntax(file, line, "invalid character '" + c + "'");
    }

    private void add(Token.Kind kind, String text, int line) {
        tokens.add(new Token(kind, text, line));
    }
}
