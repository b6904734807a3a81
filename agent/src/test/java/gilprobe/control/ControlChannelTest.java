package gilprobe.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlChannelTest {
    @TempDir
    Path dir;

    @Test
    void aRequestRoundTripsWhateverItsArgumentHolds() {
        var request = new ControlChannel.Request(dir.resolve("answer"), "start", "monitor=a.B.c,out=/x, y\nz");
        assertEquals(request, ControlChannel.Request.decode(request.encode()));
        var empty = new ControlChannel.Request(dir.resolve("answer"), "dump", "");
        assertEquals(empty, ControlChannel.Request.decode(empty.encode()));
    }

    @Test
    void plainAgentOptionsAreNoRequest() {
        assertNull(ControlChannel.Request.decode("monitor=a.B.c"));
        assertNull(ControlChannel.Request.decode(null));
        assertNull(ControlChannel.Request.decode(ControlChannel.PREFIX));
        assertThrows(IllegalArgumentException.class,
                () -> new ControlChannel.Request(dir.resolve("a\nb"), "dump", "").encode());
    }

    @Test
    void theAnswerGoesOnlyIntoTheFileTheCliMade() throws IOException {
        Path file = ControlChannel.newAnswerFile();
        try {
            assertNull(ControlChannel.read(file), "no answer yet");
            ControlChannel.answer(file, false, "gilprobe is not recording\nin this JVM");
            assertEquals(new ControlChannel.Answer(false, "gilprobe is not recording in this JVM"), ControlChannel.read(file));
            ControlChannel.answer(file, true, "report written");
            assertEquals(new ControlChannel.Answer(true, "report written"), ControlChannel.read(file));
        } finally {
            Files.deleteIfExists(file);
        }
        Path missing = dir.resolve("missing");
        ControlChannel.answer(missing, true, "x");
        assertFalse(Files.exists(missing), "the agent never creates a file");
    }
}
