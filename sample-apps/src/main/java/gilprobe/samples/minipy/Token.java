package gilprobe.samples.minipy;

/** One lexical token. {@code text} is the source text, or the decoded value for strings. */
record Token(Kind kind, String text, int line) {

    enum Kind { NAME, NUMBER, STRING, OP, NEWLINE, INDENT, DEDENT, EOF }

    boolean is(Kind k, String t) {
        return kind == k && text.equals(t);
    }

    boolean isOp(String t) {
        return is(Kind.OP, t);
    }

    /** How the token is shown in a syntax error message. */
    String describe() {
        if (kind == Kind.NEWLINE) return "end of line";
        if (kind == Kind.INDENT) return "indent";
        if (kind == Kind.DEDENT) return "dedent";
        if (kind == Kind.EOF) return "end of file";
        if (kind == Kind.STRING) return "string literal";
        return "'" + text + "'";
    }
}
