package gilprobe.samples.minipy;

import gilprobe.samples.minipy.gil.Gil;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Compile and run a program: what {@link Main} does, minus the process exit (tests call it). */
public final class Minipy {
    private Minipy() {}

    /** Exit status of a program that does not compile (and of a bad command line). */
    public static final int SYNTAX_ERROR_STATUS = 2;

    /** A program's text and the file name shown in messages. */
    public record Source(String fileName, String text) {}

    /**
     * Loads {@code program}: a file path, or {@code @name} for the built-in program
     * {@code minipy/programs/name.py} on the class path (shown as {@code name.py}).
     */
    public static Source load(String program) throws IOException {
        if (program.startsWith("@")) {
            String name = program.substring(1);
            try (InputStream in = Minipy.class.getClassLoader().getResourceAsStream("minipy/programs/" + name + ".py")) {
                if (in == null) throw new NoSuchFileException("no built-in program '" + name + "'");
                return new Source(name + ".py", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return new Source(program, Files.readString(Path.of(program), StandardCharsets.UTF_8));
    }

    /** Runs with the GIL {@code options} select. */
    public static int run(Options options, Source source, PrintStream out, PrintStream err) {
        return run(options, options.gil().create(options.checkInterval(), options.switchIntervalNanos()), source, out, err);
    }

    /**
     * Compiles and runs {@code source} with the given GIL (null: none), then prints the
     * reports the options ask for on {@code err}.
     *
     * @return the exit status: 0, 1 (uncaught error), 2 (syntax error), or sys.exit's
     */
    public static int run(Options options, Gil gil, Source source, PrintStream out, PrintStream err) {
        CodeObject module;
        try {
            module = Compiler.compileModule(source.fileName(), source.text());
        } catch (MinipySyntaxError e) {
            err.println(e.getMessage());
            err.flush();
            return SYNTAX_ERROR_STATUS;
        }
        if (options.disassemble()) {
            out.print(Disassembler.disassemble(module));
            out.flush();
            return 0;
        }
        Interpreter interpreter = new Interpreter(gil, options.countInstructions(), options.argv(), out, err);
        int status = interpreter.run(module);
        out.flush();
        if (options.countInstructions()) err.print(interpreter.instructionReport());
        if (options.stats()) {
            err.println(gil == null ? "minipy: gil=none (no GIL: nothing to count)" : gil.stats().format());
        }
        err.flush();
        return status;
    }
}
