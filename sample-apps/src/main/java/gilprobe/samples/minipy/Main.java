package gilprobe.samples.minipy;

import java.io.IOException;

/**
 * {@code java -cp sample-apps.jar gilprobe.samples.minipy.Main [options] program.py|@name [args...]}
 * (see {@link Options#USAGE}). The program runs in a Java thread named {@code MainThread};
 * the JVM's {@code main} thread only waits for the Python threads and exits with the status.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("minipy: " + e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(Minipy.SYNTAX_ERROR_STATUS);
            return;
        }
        Minipy.Source source;
        try {
            source = Minipy.load(options.program());
        } catch (IOException e) {
            System.err.println("minipy: can't open file '" + options.program() + "': " + e.getMessage());
            System.exit(Minipy.SYNTAX_ERROR_STATUS);
            return;
        }
        System.exit(Minipy.run(options, source, System.out, System.err));
    }
}
