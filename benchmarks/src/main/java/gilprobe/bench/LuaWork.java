package gilprobe.bench;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

/**
 * LuaJ running work.lua (loops, tables, sort with a Lua comparator, pcall, recursion) for the overhead
 * of tick counting on a third-party interpreter. Prints the time of the work itself, JVM start excluded.
 * {@code java -cp benchmarks.jar gilprobe.bench.LuaWork [rounds]}
 */
public final class LuaWork {
    private LuaWork() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        Globals globals = JsePlatform.standardGlobals();
        try (InputStream in = LuaWork.class.getResourceAsStream("/work.lua")) {
            globals.load(new InputStreamReader(in, StandardCharsets.UTF_8), "work.lua").call();
        }
        long start = System.nanoTime();
        LuaValue result = globals.get("work").call(LuaValue.valueOf(rounds));
        System.out.printf("result=%s elapsed_s=%.3f%n", result.tojstring(), (System.nanoTime() - start) / 1e9);
    }
}
