package gilprobe.report.html;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import gilprobe.report.json.ReportJson;
import gilprobe.report.model.LockReport;
import gilprobe.report.model.Report;
import gilprobe.report.model.ThreadReport;

/**
 * Fills the one page template, {@code report.html} on the classpath, with one or more reports: the
 * single-run report ({@link HtmlReport}) and the comparison of runs ({@code CompareReport}) are the
 * same page with different data, so they share every chart and table.
 *
 * <p>The page's script is written as modules, {@code js/*.js} beside the template, which the template
 * lists in order in one comment line, {@code <!--@modules js/dom.js js/format.js ... js/main.js-->}, closed by
 * {@code <!--@end modules-->}. When the template is first loaded, that part is replaced by one inline
 * {@code <script>}: the modules in the listed order, each under a {@code // ---- js/name.js} line, inside one
 * strict-mode function (they share its scope: a module's functions are visible to the modules after it).
 * What stands between the two lines in the template is for the raw template only, opened as it is: it has
 * no page script, says it holds no data, and marks itself rendered.
 *
 * <p>The template marks its insertion points with comment lines, {@code <!--@insert NAME-->} ...
 * {@code <!--@end NAME-->}; what stands between them is the default that keeps the raw template a
 * valid page (it says it holds no data). This class replaces:
 * <ul>
 *   <li>{@code csp}: the Content-Security-Policy, with the SHA-256 hashes of the assembled page's own
 *       inline scripts (the error recorder in the head, and the modules' script), computed from the
 *       assembled text, so that no other script (nor an inline event handler) can run;</li>
 *   <li>{@code data}: JSON blocks, streamed: {@code page} ({@code mode}, run labels), then for each
 *       run {@code data} (the report exactly as {@link ReportJson} writes it) and {@code derived}
 *       (percentile series computed here), ids suffixed {@code -1}, {@code -2} ... after the first run.</li>
 * </ul>
 * Every JSON block passes through {@link ScriptSafeWriter}, so hostile strings cannot leave it.
 */
public final class ReportPage {
    static final String TEMPLATE = "report.html";
    private static final Pattern MARKER = Pattern.compile("<!--@insert (\\w+)-->.*?<!--@end \\1-->", Pattern.DOTALL);
    private static final Pattern SCRIPT = Pattern.compile("<script>(.*?)</script>", Pattern.DOTALL);
    private static final Pattern MODULES = Pattern.compile("<!--@modules ([^<>]*?)-->.*?<!--@end modules-->", Pattern.DOTALL);
    private static final JsonFactory JSON = new JsonFactory();

    private static volatile Template template;

    private ReportPage() {
    }

    /** What the page shows: one run in full, or several side by side on shared scales. */
    public enum Mode {
        REPORT("report"), COMPARE("compare");

        final String json;

        Mode(String json) {
            this.json = json;
        }
    }

    /**
     * Writes the page for {@code reports}, labelled by {@code labels} (same size). Does not close
     * {@code out}.
     */
    public static void write(Mode mode, List<String> labels, List<Report> reports, Writer out) throws IOException {
        if (labels.size() != reports.size()) {
            throw new IllegalArgumentException(labels.size() + " labels for " + reports.size() + " reports");
        }
        if (reports.isEmpty()) {
            throw new IllegalArgumentException("no report to write");
        }
        Template t = template();
        for (Object part : t.parts) {
            if (part instanceof String) {
                out.write((String) part);
            } else if (part == Insert.CSP) {
                out.write(t.csp);
            } else {
                writeData(mode, labels, reports, out);
            }
        }
        out.flush();
    }

    private static void writeData(Mode mode, List<String> labels, List<Report> reports, Writer out) throws IOException {
        Writer safe = new ScriptSafeWriter(out);
        out.write("<script type=\"application/json\" id=\"page\">");
        try (JsonGenerator g = JSON.createGenerator(safe)) {
            g.writeStartObject();
            g.writeStringField("mode", mode.json);
            g.writeArrayFieldStart("labels");
            for (String label : labels) {
                g.writeString(label);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        out.write("</script>\n");
        for (int i = 0; i < reports.size(); i++) {
            String suffix = i == 0 ? "" : "-" + i;
            out.write("<script type=\"application/json\" id=\"data" + suffix + "\">");
            ReportJson.writeCompact(reports.get(i), safe);
            out.write("</script>\n<script type=\"application/json\" id=\"derived" + suffix + "\">");
            try (JsonGenerator g = JSON.createGenerator(safe)) {
                writeDerived(g, reports.get(i));
            }
            out.write("</script>\n");
        }
    }

    /** {@code {"locks": [{"hold": series, "wait": series, "ticksPerHold": series, "threads": [{"hold", "wait"}]}]}}. */
    private static void writeDerived(JsonGenerator g, Report report) throws IOException {
        g.writeStartObject();
        g.writeArrayFieldStart("locks");
        for (LockReport lock : report.locks()) {
            g.writeStartObject();
            g.writeFieldName("hold");
            PercentileSeries.write(g, lock.holdTimes());
            g.writeFieldName("wait");
            PercentileSeries.write(g, lock.waitTimes());
            g.writeFieldName("ticksPerHold");
            PercentileSeries.write(g, lock.ticksPerHold());
            g.writeArrayFieldStart("threads");
            for (ThreadReport t : lock.threads()) {
                g.writeStartObject();
                g.writeFieldName("hold");
                PercentileSeries.write(g, t.holdTimes());
                g.writeFieldName("wait");
                PercentileSeries.write(g, t.waitTimes());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private enum Insert { CSP, DATA }

    /** The template cut at its insertion points, and the policy allowing exactly its own scripts. */
    private static final class Template {
        final List<Object> parts = new ArrayList<>();
        final String csp;

        Template(String text) {
            Map<String, Insert> known = Map.of("csp", Insert.CSP, "data", Insert.DATA);
            Matcher m = MARKER.matcher(text);
            int at = 0;
            while (m.find()) {
                Insert insert = known.get(m.group(1));
                if (insert == null) {
                    throw new IllegalStateException(TEMPLATE + ": unknown insertion point " + m.group(1));
                }
                parts.add(text.substring(at, m.start()));
                parts.add(insert);
                at = m.end();
            }
            parts.add(text.substring(at));
            if (!parts.contains(Insert.CSP) || !parts.contains(Insert.DATA)) {
                throw new IllegalStateException(TEMPLATE + " lacks an insertion point (csp, data)");
            }
            StringBuilder scripts = new StringBuilder();
            Matcher s = SCRIPT.matcher(text);
            while (s.find()) {
                scripts.append(" 'sha256-").append(sha256(s.group(1))).append('\'');
            }
            csp = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src"
                    + scripts + "; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'\">";
        }

        private static String sha256(String script) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8));
                return Base64.getEncoder().encodeToString(digest);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * The template with its {@code <!--@modules ...-->} part replaced by the script the modules make (class
     * comment). A module that could end its script block or open an HTML comment inside it is an error.
     */
    static String assemble(String template) throws IOException {
        Matcher m = MODULES.matcher(template);
        if (!m.find()) {
            throw new IllegalStateException(TEMPLATE + " lacks its <!--@modules ...--> ... <!--@end modules--> part");
        }
        int start = m.start();
        int end = m.end();
        String names = m.group(1).trim();
        if (m.find()) {
            throw new IllegalStateException(TEMPLATE + " has more than one <!--@modules ...--> part");
        }
        StringBuilder script = new StringBuilder("<script>\n(function () {\n'use strict';\n");
        for (String name : names.split("\\s+")) {
            String code;
            try (InputStream in = ReportPage.class.getResourceAsStream(name)) {
                if (in == null) {
                    throw new IllegalStateException(TEMPLATE + " lists module " + name + ", which is missing next to it");
                }
                code = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String lower = code.toLowerCase(java.util.Locale.ROOT);
            if (lower.contains("</script") || lower.contains("<!--") || lower.contains("<script")) {
                throw new IllegalStateException("module " + name + " contains </script, <script or <!--, which would break its block");
            }
            script.append("// ---- ").append(name).append('\n').append(code);
            if (!code.endsWith("\n")) {
                script.append('\n');
            }
        }
        script.append("})();\n</script>");
        return template.substring(0, start) + script + template.substring(end);
    }

    private static Template template() {
        Template t = template;
        if (t == null) {
            try (InputStream in = ReportPage.class.getResourceAsStream(TEMPLATE)) {
                if (in == null) {
                    throw new IllegalStateException("resource " + TEMPLATE + " missing next to " + ReportPage.class.getName());
                }
                t = new Template(assemble(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            template = t;
        }
        return t;
    }
}
