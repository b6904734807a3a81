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
 */
public final class LuaRunner {
    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(args[0]);
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
}
