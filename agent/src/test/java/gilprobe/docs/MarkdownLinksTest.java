package gilprobe.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Every relative link in README.md and docs/*.md names a file of the repository, and every {@code #anchor}
 * names a heading of its page (as GitHub makes heading anchors). Reads the files of the work tree, so it
 * passes from a clean clone and fails on a link that a move or a renamed heading broke.
 */
class MarkdownLinksTest {
    /** The repository: the agent module's parent, where surefire runs the tests from the module. */
    static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    /**
     * {@code [text](target)} and {@code ![alt](target)}, the target up to a space or a closing parenthesis;
     * and the {@code href="..."}/{@code src="..."} of HTML in the page.
     */
    private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)|(?:href|src)=\"([^\"]+)\"");
    private static final Pattern FENCE = Pattern.compile("^\\s*```");

    static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>();
        pages.add(ROOT.resolve("README.md"));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    /** The link targets of a page, outside fenced code blocks and inline code. */
    static List<String> links(Path page) throws IOException {
        List<String> links = new ArrayList<>();
        boolean fenced = false;
        for (String line : Files.readAllLines(page)) {
            if (FENCE.matcher(line).find()) {
                fenced = !fenced;
                continue;
            }
            if (!fenced) {
                Matcher m = LINK.matcher(line.replaceAll("`[^`]*`", "``"));
                while (m.find()) {
                    links.add(m.group(1) != null ? m.group(1) : m.group(2));
                }
            }
        }
        return links;
    }

    /** The anchors GitHub gives the headings of a page: lower case, punctuation dropped, spaces as hyphens, repeats numbered. */
    static Set<String> anchors(Path page) throws IOException {
        Set<String> anchors = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean fenced = false;
        for (String line : Files.readAllLines(page)) {
            if (FENCE.matcher(line).find()) {
                fenced = !fenced;
            } else if (!fenced && line.matches("#{1,6} .*")) {
                String slug = line.replaceFirst("#+ ", "").trim().toLowerCase(Locale.ROOT)
                        .replaceAll("[^\\p{L}\\p{N}\\p{Mn}\\p{Pc} -]", "").replace(' ', '-');
                int n = seen.merge(slug, 1, Integer::sum);
                anchors.add(n == 1 ? slug : slug + "-" + (n - 1));
            }
        }
        return anchors;
    }

    @Test
    void everyRelativeLinkResolves() throws IOException {
        assertTrue(Files.isRegularFile(ROOT.resolve("README.md")), "run from the agent module: " + ROOT);
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path page : pages()) {
            for (String link : links(page)) {
                if (link.matches("[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
                    continue; // https:, mailto:: not relative
                }
                checked++;
                String file = link.contains("#") ? link.substring(0, link.indexOf('#')) : link;
                String anchor = link.contains("#") ? link.substring(link.indexOf('#') + 1) : null;
                Path target = file.isEmpty() ? page : page.getParent().resolve(URLDecoder.decode(file, StandardCharsets.UTF_8)).normalize();
                String where = ROOT.relativize(page) + ": " + link;
                if (!target.startsWith(ROOT)) {
                    broken.add(where + " (outside the repository)");
                } else if (!Files.exists(target)) {
                    broken.add(where + " (no such file)");
                } else if (anchor != null && target.toString().endsWith(".md") && !anchors(target).contains(anchor)) {
                    broken.add(where + " (no such heading in " + ROOT.relativize(target) + ")");
                }
            }
        }
        assertEquals(List.of(), broken);
        assertTrue(checked > 20, "links found: " + checked);
    }

    @Test
    void theReadmeLinksEveryDocsPage() throws IOException {
        List<String> readme = links(ROOT.resolve("README.md"));
        for (Path page : pages()) {
            if (page.getParent().getFileName().toString().equals("docs")) {
                assertTrue(readme.contains("docs/" + page.getFileName()), "README's Documentation list lacks docs/" + page.getFileName());
            }
        }
    }

    @Test
    void anchorsAreMadeAsGitHubMakesThem() throws IOException {
        Path page = Files.createTempFile("headings", ".md");
        try {
            Files.writeString(page, "# Call stacks (`profile=`)\n## Virtual threads (Java 21+)\n```\n# not a heading\n```\n"
                    + "## Report JSON (`gilprobe-report/1`)\n## Overhead\n## Overhead\n### `interval=`: reports while it runs\n");
            assertEquals(Set.of("call-stacks-profile", "virtual-threads-java-21", "report-json-gilprobe-report1", "overhead",
                    "overhead-1", "interval-reports-while-it-runs"), anchors(page));
        } finally {
            Files.delete(page);
        }
    }
}
