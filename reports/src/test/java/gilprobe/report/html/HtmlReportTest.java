package gilprobe.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import gilprobe.report.json.ReportJson;
import gilprobe.report.model.Report;
import gilprobe.report.testing.SyntheticReports;

/** The page as text: what can be checked without a browser. */
class HtmlReportTest {
    private static String page(Report report) throws IOException {
        StringWriter w = new StringWriter();
        HtmlReport.write(report, w);
        return w.toString();
    }

    private static String block(String html, String id) {
        Matcher m = Pattern.compile("<script type=\"application/json\" id=\"" + id + "\">(.*?)</script>", Pattern.DOTALL)
                .matcher(html);
        assertTrue(m.find(), "no block " + id);
        return m.group(1);
    }

    private static String sha256(String text) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theEmbeddedDataIsTheReportJsonAndReadsBackEqual() throws IOException {
        Report report = SyntheticReports.full();
        String data = block(page(report), "data");
        assertEquals(report, ReportJson.read(new StringReader(data)));
    }

    @Test
    void noDataCanLeaveItsScriptBlock() throws IOException {
        String html = page(SyntheticReports.full());
        assertFalse(html.contains(SyntheticReports.HOSTILE_NAME), "the hostile name appears unescaped");
        assertFalse(html.contains("<img"), "markup from the data reached the page");
        assertFalse(html.contains("<b>note</b>"), "markup from a note reached the page");
        assertFalse(html.contains("\u2028"), "a raw line separator reached the page");
        assertTrue(html.contains("\\u003c/script\\u003e\\u003cimg src=x onerror=alert(1)\\u003e"));
        // every "</script" closes one of the page's own blocks: 2 scripts, page, data, derived
        assertEquals(5, html.split("</script", -1).length - 1);
        for (String id : List.of("page", "data", "derived")) {
            String json = block(html, id);
            assertFalse(json.contains("<") || json.contains(">") || json.contains("&"), id);
        }
    }

    @Test
    void thePolicyForbidsEveryOutsideRequestAndAllowsOnlyThePagesOwnScripts() throws IOException {
        String html = page(SyntheticReports.noContention());
        Matcher m = Pattern.compile("<meta http-equiv=\"Content-Security-Policy\" content=\"([^\"]*)\">").matcher(html);
        assertTrue(m.find());
        String csp = m.group(1);
        Map<String, List<String>> directives = new LinkedHashMap<>();
        for (String d : csp.split(";")) {
            List<String> words = List.of(d.trim().split("\\s+"));
            directives.put(words.get(0), words.subList(1, words.size()));
        }
        assertEquals(List.of("'none'"), directives.get("default-src"), csp);
        // script-src is exactly the hashes of the page's own executable scripts: no 'unsafe-inline', no source
        Set<String> ownScripts = new TreeSet<>();
        Matcher script = Pattern.compile("<script>(.*?)</script>", Pattern.DOTALL).matcher(html);
        while (script.find()) {
            ownScripts.add("'sha256-" + sha256(script.group(1)) + "'");
        }
        assertEquals(2, ownScripts.size(), "the page's two scripts");
        assertEquals(ownScripts, new TreeSet<>(directives.get("script-src")), csp);
        assertEquals(2, directives.get("script-src").size(), csp);
        assertEquals(List.of("'unsafe-inline'"), directives.get("style-src"), csp);
        assertEquals(List.of("data:"), directives.get("img-src"), csp);
        assertEquals(List.of("'none'"), directives.get("base-uri"), csp);
        assertEquals(List.of("'none'"), directives.get("form-action"), csp);
        assertEquals(Set.of("default-src", "script-src", "style-src", "img-src", "base-uri", "form-action"), directives.keySet(),
                "no directive that allows a fetch: " + csp);
        assertEquals(1, html.split("Content-Security-Policy", -1).length - 1, "one policy, the insertion default replaced");
        // the only URL in the page is the SVG namespace (an identifier, never fetched)
        Matcher url = Pattern.compile("https?://[^'\"\\s)]*").matcher(html);
        while (url.find()) {
            assertEquals("http://www.w3.org/2000/svg", url.group());
        }
    }

    /**
     * The page script is the template's modules, in the order its {@code <!--@modules ...-->} line lists them,
     * and the policy allows exactly the scripts of the assembled page: their SHA-256 over the text as written.
     */
    @Test
    void thePageScriptIsTheModulesInOrderAndThePolicyHashesTheAssembledText() throws Exception {
        String template = resource(ReportPage.TEMPLATE);
        Matcher line = Pattern.compile("<!--@modules ([^>]*)-->").matcher(template);
        assertTrue(line.find(), "the template lists its modules");
        List<String> modules = List.of(line.group(1).trim().split("\\s+"));
        assertEquals("js/main.js", modules.get(modules.size() - 1), "main draws the page: it comes last");
        assertTrue(modules.contains("js/verdict-view.js") && modules.contains("js/compare.js"), modules.toString());

        String html = page(SyntheticReports.full());
        assertFalse(html.contains("<!--@modules") || html.contains("<!--@end modules"), "the modules line is replaced");
        assertFalse(html.contains("The raw template: no report data"), "the raw template's stand-in script is gone");
        int at = -1;
        for (String module : modules) {
            int next = html.indexOf("// ---- " + module + "\n" + resource(module));
            assertTrue(next > at, module + " is in the page, verbatim, after the module before it");
            at = next;
        }
        Matcher scripts = Pattern.compile("<script>(.*?)</script>", Pattern.DOTALL).matcher(html);
        List<String> hashes = new java.util.ArrayList<>();
        while (scripts.find()) {
            hashes.add("'sha256-" + sha256(scripts.group(1)) + "'");
        }
        assertEquals(2, hashes.size(), "the error recorder and the assembled modules");
        assertTrue(html.contains("script-src " + String.join(" ", hashes) + ";"), "the policy lists exactly their hashes");
        assertFalse(Pattern.compile("<script[^>]*\\ssrc=").matcher(html).find(), "no script is loaded from anywhere");
    }

    private static String resource(String name) throws IOException {
        try (java.io.InputStream in = ReportPage.class.getResourceAsStream(name)) {
            assertTrue(in != null, name);
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void percentileSeriesFollowHdrHistogramsIteration() throws IOException {
        Report report = SyntheticReports.gilBattle(2, 5_000);
        String derived = block(page(report), "derived");
        assertTrue(derived.startsWith("{\"locks\":[{\"hold\":[[0.0,"), derived.substring(0, 40));
        assertTrue(derived.contains("[100.0," + report.locks().get(0).holdTimes().decode().highestEquivalentValue(
                report.locks().get(0).holdTimes().max()) + "]"), "ends at 100% with the max");
    }
}
