package gilprobe.samples.minipy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Syntax errors: one line, status 2. Runtime errors: a Python traceback, status 1. Never Java frames. */
class ErrorReportingTest {

    static void assertNoJavaTrace(String err) {
        assertFalse(err.contains("\tat "), err);
        assertFalse(err.contains("java."), err);
        assertFalse(err.contains("Exception:"), err);
        assertFalse(err.contains("gilprobe."), err);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            missing colon               | "x = 1\\nif x\\n    pass\\n"                 | 2 | SyntaxError: expected ':'
            bad dedent                  | "if 1:\\n    x = 1\\n  y = 2\\n"            | 3 | IndentationError: unindent does not match
            unexpected indent           | "x = 1\\n    y = 2\\n"                      | 2 | IndentationError: unexpected indent
            missing block               | "while 1:\\nx = 1\\n"                      | 2 | IndentationError: expected an indented block
            unterminated string         | "x = 1\\nprint('abc)\\n"                   | 2 | SyntaxError: unterminated string literal
            invalid character           | "\\n\\nx = 1 $ 2\\n"                       | 3 | SyntaxError: invalid character '$'
            return outside function     | "return 1\\n"                              | 1 | SyntaxError: 'return' outside function
            break outside loop          | "if 1:\\n    break\\n"                     | 2 | SyntaxError: 'break' outside loop
            nested def                  | "def f():\\n    def g():\\n        pass\\n" | 2 | SyntaxError: nested 'def' is not supported
            chained comparison          | "x = 1 < 2 < 3\\n"                         | 1 | SyntaxError: chained comparisons are not supported
            unmatched bracket           | "x = 1)\\n"                                | 1 | SyntaxError: unmatched ')'
            unclosed bracket            | "x = (1,\\n2\\n"                           | 3 | SyntaxError: unexpected end of file
            assign to literal           | "1 = x\\n"                                 | 1 | SyntaxError: cannot assign to literal
            keyword as name             | "for = 3\\n"                               | 1 | SyntaxError: invalid syntax
            integer too large           | "x = 99999999999999999999\\n"              | 1 | SyntaxError: integer literal too large
            """)
    void syntaxErrorIsOneLineWithStatus2(String name, String source, int line, String message) {
        MinipyRunner.Result r = MinipyRunner.run(source.replace("\\n", "\n"));
        assertEquals(2, r.status(), r.err());
        assertEquals("", r.out());
        assertEquals(1, r.errLines().size(), r.err());
        String expectedStart = MinipyRunner.FILE + ":" + line + ": " + message;
        assertTrue(r.err().startsWith(expectedStart), () -> "expected '" + expectedStart + "...', got: " + r.err());
        assertNoJavaTrace(r.err());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            undefined name      | "def f():\\n    return y\\nf()\\n"        | 2 | NameError: name 'y' is not defined
            division by zero    | "x = 0\\nprint(1 // x)\\n"                  | 2 | ZeroDivisionError: integer division or modulo by zero
            str plus int        | "x = '1' + 1\\n"                           | 1 | TypeError: can only concatenate str (not
            index               | "l = [1]\\nprint(l[1])\\n"                  | 2 | IndexError: list index out of range
            attribute           | "import time\\ntime.nope()\\n"             | 2 | AttributeError: module 'time' has no attribute 'nope'
            unbound local       | "def f():\\n    x += 1\\nf()\\n"            | 2 | UnboundLocalError: local variable 'x' referenced before assignment
            overflow            | "x = 9223372036854775807\\nx += 1\\n"      | 2 | OverflowError: integer overflow
            recursion           | "def f(n):\\n    return f(n + 1)\\nf(0)\\n" | 2 | RecursionError: maximum recursion depth exceeded
            unknown module      | "import socket\\n"                         | 1 | ModuleNotFoundError: No module named 'socket'
            bad int literal     | "int('x1')\\n"                             | 1 | ValueError: invalid literal for int() with base 10: 'x1'
            wrong arg count     | "def f(a):\\n    pass\\nf(1, 2)\\n"         | 3 | TypeError: f() takes 1 positional argument but 2 were given
            not callable        | "x = 3\\nx()\\n"                           | 2 | TypeError: 'int' object is not callable
            """)
    void runtimeErrorIsATracebackWithStatus1(String name, String source, int line, String message) {
        MinipyRunner.Result r = MinipyRunner.run(source.replace("\\n", "\n"));
        assertEquals(1, r.status(), r.err());
        List<String> lines = r.errLines();
        assertEquals("Traceback (most recent call last):", lines.get(0), r.err());
        String last = lines.get(lines.size() - 1);
        String expectedStart = MinipyRunner.FILE + ":" + line + ": " + message;
        assertTrue(last.startsWith(expectedStart), () -> "expected '" + expectedStart + "...', got: " + r.err());
        assertNoJavaTrace(r.err());
    }

    @Test
    void tracebackListsPythonFramesOutermostFirst() {
        MinipyRunner.Result r = MinipyRunner.run("""
                def inner(x):
                    return x // 0
                def outer():
                    return inner(1)
                outer()
                """);
        assertEquals(1, r.status());
        assertEquals("""
                Traceback (most recent call last):
                  File "test.py", line 5, in <module>
                  File "test.py", line 4, in outer
                  File "test.py", line 2, in inner
                test.py:2: ZeroDivisionError: integer division or modulo by zero
                """, r.err());
    }

    @Test
    void errorInThreadIsPrintedAndTheProgramContinues() {
        MinipyRunner.Result r = MinipyRunner.run("""
                import threading
                def bad():
                    return undefined_name
                t = threading.Thread(target=bad)
                t.start()
                t.join()
                print("still running")
                """);
        assertEquals(0, r.status(), r.err());
        assertEquals("still running\n", r.out());
        assertEquals("""
                Exception in thread Thread-1:
                Traceback (most recent call last):
                  File "test.py", line 3, in bad
                test.py:3: NameError: name 'undefined_name' is not defined
                """, r.err());
    }

    @Test
    void childJvmExitStatuses(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("bad.py"), "x = 1\nwhile x\n    x -= 1\n");
        Files.writeString(dir.resolve("boom.py"), "print('hi')\nprint(nope)\n");
        Files.writeString(dir.resolve("ok.py"), "print('ok')\n");

        MinipyRunner.Result syntax = MinipyRunner.fork(dir, "bad.py");
        assertEquals(2, syntax.status());
        assertEquals("bad.py:2: SyntaxError: expected ':', got end of line\n", syntax.err());

        MinipyRunner.Result runtime = MinipyRunner.fork(dir, "--gil", "old", "boom.py");
        assertEquals(1, runtime.status());
        assertEquals("hi\n", runtime.out());
        assertTrue(runtime.err().endsWith("boom.py:2: NameError: name 'nope' is not defined\n"), runtime.err());
        assertNoJavaTrace(runtime.err());

        MinipyRunner.Result badOption = MinipyRunner.fork(dir, "--gil", "turbo", "ok.py");
        assertEquals(2, badOption.status());
        assertTrue(badOption.err().startsWith("minipy: unknown GIL policy 'turbo' (expected old, new, fair or none)\nusage: "),
                badOption.err());

        MinipyRunner.Result missing = MinipyRunner.fork(dir, "nothere.py");
        assertEquals(2, missing.status());
        assertTrue(missing.err().startsWith("minipy: can't open file 'nothere.py'"), missing.err());

        MinipyRunner.Result builtin = MinipyRunner.fork(dir, "--gil", "none", "@countdown_seq", "1000");
        assertEquals(0, builtin.status(), builtin.err());
        assertTrue(builtin.out().matches("countdown_seq: n=1000 runs=2 elapsed_s=\\d+\\.\\d+\n"), builtin.out());
    }
}
