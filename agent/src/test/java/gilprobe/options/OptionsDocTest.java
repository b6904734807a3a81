package gilprobe.options;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** docs/options.md lists every option with the default that {@link AgentOptions#OPTIONS} gives it, and no other option. */
class OptionsDocTest {
    @Test
    void theOptionsTableOfTheDocsHasTheRealDefaults() throws IOException {
        Path doc = Path.of("").toAbsolutePath().getParent().resolve("docs/options.md");
        Map<String, String> documented = new HashMap<>(); // option -> default cell, "" when none
        Pattern name = Pattern.compile("`([a-zA-Z]+)=");
        for (String line : Files.readAllLines(doc)) {
            String[] cells = line.split("(?<!\\\\)\\|", -1);
            if (line.startsWith("| `") && cells.length >= 4) {
                Matcher m = name.matcher(cells[1]);
                while (m.find()) {
                    documented.put(m.group(1), cells[2].trim());
                }
            }
        }
        for (AgentOptions.Option o : AgentOptions.OPTIONS) {
            assertTrue(documented.containsKey(o.name), "docs/options.md lacks " + o.name);
            assertEquals(o.defaultValue == null ? "" : "`" + o.defaultValue + "`", documented.get(o.name), o.name);
        }
        assertEquals(AgentOptions.OPTIONS.size(), documented.size(), "documented: " + documented.keySet());
    }
}
