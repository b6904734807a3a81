package gilprobe.bench;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

/**
 * LuaJ running work.lua (loops, tables, sort with a Lua comparator, pcall, recursion) for the overhead
 * of tick counting on a third-party interpreter. Prints the time of the work itself, JVM start excluded.
 * {@code java -cp benchmarks.jar gilprobe.bench.LuaWork [rounds] [script]}; the script defaults to the
 * one the agent's LuaJ tests run, {@code agent/src/test/resources/lua/work.lua} (run from the repository).
 */
public final class LuaWork {
    private LuaWork() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        Globals globals = JsePlatform.standardGlobals();
        Path script = Path.of(args.length > 1 ? args[1] : "agent/src/test/resources/lua/work.lua");
        try (Reader in = Files.newBufferedReader(script, StandardCharsets.UTF_8)) {
            globals.load(in, script.getFileName().toString()).call();
        }
        long start = System.nanoTime();
        LuaValue result = globals.get("work").call(LuaValue.valueOf(rounds));
        System.out.printf("result=%s elapsed_s=%.3f%n", result.tojstring(), (System.nanoTime() - start) / 1e9);
    }
}
