package gilprobe.report.html;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.Writer;

/**
 * Passes JSON through to an HTML {@code <script type="application/json">} block so that no data can
 * end the block or be read as markup: {@code <}, {@code >}, {@code &} and the line separators
 * U+2028/U+2029 become JSON escapes ({@code \u003c} ...). In JSON those characters only ever occur
 * inside strings, where the escape means the same character, so the JSON is unchanged for a parser
 * while the HTML parser never sees {@code </script>} or {@code <!--}.
 */
final class ScriptSafeWriter extends FilterWriter {
    ScriptSafeWriter(Writer out) {
        super(out);
    }

    @Override
    public void write(int c) throws IOException {
        String escape = escape((char) c);
        if (escape == null) {
            out.write(c);
        } else {
            out.write(escape);
        }
    }

    @Override
    public void write(char[] buf, int off, int len) throws IOException {
        int end = off + len;
        int plain = off;
        for (int i = off; i < end; i++) {
            String escape = escape(buf[i]);
            if (escape != null) {
                out.write(buf, plain, i - plain);
                out.write(escape);
                plain = i + 1;
            }
        }
        out.write(buf, plain, end - plain);
    }

    @Override
    public void write(String s, int off, int len) throws IOException {
        write(s.toCharArray(), off, len);
    }

    @Override
    public void close() throws IOException {
        flush(); // the page goes on after the block: never close the underlying writer
    }

    private static String escape(char c) {
        switch (c) {
            case '<': return "\\u003c";
            case '>': return "\\u003e";
            case '&': return "\\u0026";
            case '\u2028': return "\\u2028";
            case '\u2029': return "\\u2029";
            default: return null;
        }
    }
}
