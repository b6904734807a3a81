package gilprobe.it.programs;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;
import org.luaj.vm2.lib.jse.JsePlatform;

/**
 * Runs lua/work.lua with LuaJ: {@code LuaRunner <rounds> [hook]}. With {@code hook}, LuaJ's own count
 * hook ({@code debug.sethook(f, "", 1)}, set from Java so no Lua runs before it) counts every instruction
 * LuaJ executes: the ground truth for gilprobe's ticks of {@code LuaClosure.execute}.
 *
 * <p>{@code LuaRunner <rounds> threads <T> <calls>}: one engine shared by T threads, behind one monitor (the
 * engine itself, in {@link #engine}), as a host keeps a scripting engine that is not thread-safe: each thread
 * calls {@code work(rounds)} {@code calls} times, each call holding the engine.
 */
public final class LuaRunner {
    /** The shared engine of the threads mode: the monitor every call holds. */
    static Globals engine;

    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(args[0]);
        if (args.length > 3 && args[1].equals("threads")) {
            threads(rounds, Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            return;
        }
        boolean hook = args.length > 1 && args[1].equals("hook");
        Globals globals = JsePlatform.debugGlobals();
        long[] count = {0};
        LuaValue sethook = globals.get("debug").get("sethook");
        if (hook) {
            VarArgFunction counter = new VarArgFunction() {
                @Override
                public Varargs invoke(Varargs a) {
                    count[0]++;
                    return NONE;
                }
            };
            sethook.invoke(LuaValue.varargsOf(new LuaValue[] {counter, LuaValue.valueOf(""), LuaValue.valueOf(1)}));
        }
        try (InputStream in = LuaRunner.class.getResourceAsStream("/lua/work.lua")) {
            globals.load(new InputStreamReader(in, StandardCharsets.UTF_8), "work.lua").call();
        }
        LuaValue result = globals.get("work").call(LuaValue.valueOf(rounds));
        if (hook) {
            sethook.invoke(LuaValue.NONE);
            System.out.println("instructions=" + count[0]);
        }
        System.out.println("result=" + result.tojstring());
    }

    private static void threads(int rounds, int threads, int calls) throws Exception {
        engine = JsePlatform.standardGlobals();
        try (InputStream in = LuaRunner.class.getResourceAsStream("/lua/work.lua")) {
            engine.load(new InputStreamReader(in, StandardCharsets.UTF_8), "work.lua").call();
        }
        String[] last = new String[1];
        Spin.threads(threads, id -> {
            for (int k = 0; k < calls; k++) {
                synchronized (engine) {
                    last[0] = engine.get("work").call(LuaValue.valueOf(rounds)).tojstring();
                }
                Spin.nanos(100_000); // the host's own work between two calls, without the engine
            }
        });
        System.out.println("calls=" + (long) threads * calls + " result=" + last[0]);
    }
}
