package gilprobe.samples.minipy;

import gilprobe.samples.minipy.gil.GilPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Programs whose output CPython would print identically. */
class ProgramOutputTest {

    private static String run(String source, String... args) {
        MinipyRunner.Result r = MinipyRunner.run(source, args);
        assertEquals(0, r.status(), () -> "stderr: " + r.err());
        assertEquals("", r.err());
        return r.out();
    }

    @Test
    void integerArithmeticFollowsPython() {
        assertEquals("3 -4 -4 3\n1 2 -2 -1\n14 -6 42 -5\n", run("""
                print(7 // 2, -7 // 2, 7 // -2, -7 // -2)
                print(7 % 3, -7 % 3, 7 % -3, -7 % -3)
                print(2 + 3 * 4, 2 - 8, (3 + 4) * 6, -(2 + 3))
                """));
    }

    @Test
    void floatsAndConversions() {
        assertEquals("3.5 -4.0 0.5 0.30000000000000004\n1e-05 6.0 1e+16 -0.5\n7 12 2.5 2.67 2 0\n", run("""
                print(7 / 2, -7.5 // 2, -7.5 % 2, 0.1 + 0.2)
                print(0.00001, 2.0 * 3, 1e16, 1 - 1.5)
                print(int(7.9), int("12"), float("2.5"), round(2.675, 2), round(2.5), round(0.4))
                """));
    }

    @Test
    void booleansAndNone() {
        assertEquals("True False None\n3 0 z\nTrue False True\n2 True\n", run("""
                print(True, False, None)
                print(True and 3, 0 and 1, 0 or "z")
                print(not 0, not "x", 1 == 1.0)
                print(True + 1, None == None)
                """));
    }

    @Test
    void strings() {
        assertEquals("ab it's xxx 5 e\nTrue True False\nab'c\n", run("""
                print("a" + "b", 'it' + "'s", "x" * 3, len("hello"), "hello"[1])
                print("a" == "a", "a" < "b", "a" != "a")
                print("a" "b" 'c' == "abc" and "ab'c")
                """));
    }

    @Test
    void controlFlow() {
        assertEquals("1\n2\n4\nelse 5\nsmall\nmedium\nlarge\n", run("""
                i = 0
                while True:
                    i += 1
                    if i == 3:
                        continue
                    elif i == 5:
                        break
                    print(i)
                if i > 10:
                    print("no")
                else:
                    print("else", i)
                def size(n):
                    if n < 10: return "small"
                    elif n < 100: return "medium"
                    return "large"
                print(size(1)); print(size(50))
                print(size(500))
                """));
    }

    @Test
    void recursion() {
        assertEquals("6765\n120\n", run("""
                def fib(n):
                    if n < 2:
                        return n
                    return fib(n - 1) + fib(n - 2)
                def fact(n):
                    if n == 0:
                        return 1
                    return n * fact(n - 1)
                print(fib(20))
                print(fact(5))
                """));
    }

    @Test
    void globalsAndLocals() {
        assertEquals("15 10\n7\n", run("""
                counter = 10
                seen = 0
                def bump(k):
                    global counter
                    counter += k
                def local_only():
                    seen = 7
                    return seen
                def read():
                    return counter - 5
                bump(5)
                print(counter, read())
                print(local_only() + seen)
                """));
    }

    @Test
    void callsWithKeywordsAndReturnValues() {
        assertEquals("1 2\n-1\nNone\n", run("""
                def pair(a, b):
                    print(a, b)
                    return a - b
                print(pair(b=2, a=1))
                def nothing():
                    return
                print(nothing())
                """));
    }

    @Test
    void listsAndTuples() {
        assertEquals("[9, 2, 3, 4] 4 4\n(1,) (1, 'a') ()\n[1, 2, 3] [1, 2, 3, 4]\n['x'] 2\n", run("""
                l = [1, 2, 3]
                l.append(4)
                l[0] = 9
                print(l, len(l), l[-1])
                print((1,), (1, "a"), ())
                print(sorted([3, 1, 2]), [1, 2] + [3, 4])
                t = (1, 2)
                print(["x"], len(t))
                """));
    }

    @Test
    void argvAndInt() {
        assertEquals("['test.py', '21', 'x'] 42\n", run("""
                import sys
                print(sys.argv, int(sys.argv[1]) * 2)
                """, "21", "x"));
    }

    @ParameterizedTest
    @EnumSource(GilPolicy.class)
    void threadsRunAndJoin(GilPolicy policy) {
        MinipyRunner.Result r = MinipyRunner.run(MinipyRunner.options(policy), """
                import threading
                results = []
                def work(name, n):
                    total = 0
                    while n > 0:
                        total += n
                        n -= 1
                    results.append(total)
                t1 = threading.Thread(target=work, args=("a", 1000))
                t2 = threading.Thread(target=work, args=("b", 2000))
                print(t1.name, t2.name, threading.current_thread().name)
                t1.start()
                t2.start()
                t1.join()
                t2.join()
                print(sorted(results), t1.is_alive())
                """);
        assertEquals(0, r.status(), r.err());
        assertEquals("Thread-1 Thread-2 MainThread\n[500500, 2001000] False\n", r.out());
    }

    @Test
    void sleepReleasesAndTimeAdvances() {
        assertEquals("True\n", run("""
                import time
                t0 = time.time()
                time.sleep(0.02)
                print(time.time() - t0 >= 0.015)
                """));
    }

    @Test
    void sysExitSetsTheStatus() {
        MinipyRunner.Result r = MinipyRunner.run("""
                import sys
                print("before")
                sys.exit(3)
                print("after")
                """);
        assertEquals(3, r.status());
        assertEquals("before\n", r.out());
        assertEquals("", r.err());
    }
}
