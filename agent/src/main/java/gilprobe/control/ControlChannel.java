package gilprobe.control;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The local channel between {@code java -jar gilprobe.jar attach|dump|stop <pid>} and the agent in that
 * JVM. A command travels as the argument of a {@code loadAgent} of gilprobe.jar (the Attach API: the same
 * user on the same machine; gilprobe opens no port):
 * <pre>{@code
 * gilprobe-control:<answer file>\n<verb>\n<argument>
 * }</pre>
 * and its answer comes back in the answer file: {@code ok <what happened>} or {@code failed <why not>},
 * one line. The CLI creates that file, empty and readable by its owner only; the agent only writes into it,
 * never creates a file, so a request cannot make it create one anywhere.
 *
 * <p>Why a file: {@code agentmain} returns nothing, and one that throws makes the JVM print the stack trace
 * and {@code *** java.lang.instrument ASSERTION FAILED ***} into the target's stderr, which is the target's
 * output and not gilprobe's to change. So the agent catches everything and answers here. The argument is
 * last, so it may hold any character (options, paths with commas); the answer file's path may not hold a
 * line break.
 */
public final class ControlChannel {
    /** Starts every agent argument that is a command rather than the options of a plain {@code agentmain}. */
    public static final String PREFIX = "gilprobe-control:";

    private static final String OK = "ok ";
    private static final String FAILED = "failed ";

    private ControlChannel() {
    }

    /** A command: {@code start} (the argument is the agent options), {@code dump} or {@code stop} (an output prefix, or empty). */
    public record Request(Path answerFile, String verb, String argument) {
        /** The agent argument that carries this request. */
        public String encode() {
            String file = answerFile.toString();
            if (file.indexOf('\n') >= 0 || verb.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("a control request's answer file and verb cannot hold a line break: " + file);
            }
            return PREFIX + file + "\n" + verb + "\n" + argument;
        }

        /** The request an agent argument carries, or null when it is not one (a plain {@code agentmain}'s options). */
        public static Request decode(String agentArgs) {
            if (agentArgs == null || !agentArgs.startsWith(PREFIX)) {
                return null;
            }
            String[] parts = agentArgs.substring(PREFIX.length()).split("\n", 3);
            if (parts.length < 2 || parts[0].isEmpty()) {
                return null;
            }
            return new Request(Path.of(parts[0]), parts[1], parts.length == 3 ? parts[2] : "");
        }
    }

    /** What the agent answered: whether the command was carried out, and the line saying what happened or why not. */
    public record Answer(boolean ok, String line) {
    }

    /** The CLI's side: a new, empty answer file that only this user can read. */
    public static Path newAnswerFile() throws IOException {
        return Files.createTempFile("gilprobe-answer-", ".txt");
    }

    /**
     * The agent's side: writes the answer into the CLI's file. Never throws and never prints: a target that
     * cannot write there (another file system view, the file gone) leaves the file empty, and the CLI says
     * it got no answer.
     */
    public static void answer(Path file, boolean ok, String line) {
        try {
            if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                Files.writeString(file, (ok ? OK : FAILED) + String.valueOf(line).replaceAll("\\s+", " ").trim() + "\n",
                        StandardCharsets.UTF_8, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
            }
        } catch (IOException | RuntimeException ignored) {
            // nowhere else to say it: the target's output is not ours
        }
    }

    /** The CLI's side, after {@code loadAgent} returned: the answer, or null when the agent wrote none. */
    public static Answer read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (text.startsWith(OK)) {
            return new Answer(true, text.substring(OK.length()));
        }
        if (text.startsWith(FAILED)) {
            return new Answer(false, text.substring(FAILED.length()));
        }
        return null;
    }
}
