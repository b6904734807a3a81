package gilprobe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import gilprobe.options.OptionException;

/** What {@code attach} hands the target: its options, with the output prefix made absolute here. */
class AttachCommandsTest {
    private static final String HERE = Path.of("").toAbsolutePath().toString();

    @Test
    void aRelativeOutIsMadeAbsoluteInTheCallersDirectoryHoweverItIsSpaced() throws OptionException {
        String x = Path.of(HERE, "x").toString();
        assertEquals("monitor=a.B.c,out=" + x, AttachCommands.optionsForTarget("monitor=a.B.c,out=x", "7"));
        // the value is trimmed when parsed: "out= x" is out=x, and must be found all the same
        assertEquals("monitor=a.B.c,out=" + x, AttachCommands.optionsForTarget("monitor=a.B.c,out= x", "7"));
        assertEquals("monitor=a.B.c,out=" + x + ",timeline=5", AttachCommands.optionsForTarget("monitor=a.B.c, out = x ,timeline=5", "7"));
        assertEquals("out=" + Path.of(HERE, "runs", "r1") + ",lock=a.B.l", AttachCommands.optionsForTarget("out=runs/r1,lock=a.B.l", "7"));
    }

    @Test
    void anAbsoluteOutStaysAndNoOutMeansGilprobePidHere() throws OptionException {
        assertEquals("monitor=a.B.c,out=/tmp/y", AttachCommands.optionsForTarget("monitor=a.B.c,out=/tmp/y", "7"));
        assertEquals("monitor=a.B.c,out=" + Path.of(HERE, "gilprobe-4242"), AttachCommands.optionsForTarget("monitor=a.B.c", "4242"));
        // "out" inside another option's value is not the out option
        assertEquals("monitor=a.out.c,out=" + Path.of(HERE, "gilprobe-7"), AttachCommands.optionsForTarget("monitor=a.out.c", "7"));
    }

    @Test
    void badOptionsNeverReachTheTarget() {
        OptionException bad = assertThrows(OptionException.class, () -> AttachCommands.optionsForTarget("monitor=a.B.c,timeline=lots", "7"));
        assertTrue(bad.getMessage().startsWith("gilprobe: option 'timeline=lots'"), bad.getMessage());
        assertFalse(bad.getMessage().contains("\n"));
        // a working directory with a comma in it: CliJarIT (the prefix would split into two options)
    }
}
