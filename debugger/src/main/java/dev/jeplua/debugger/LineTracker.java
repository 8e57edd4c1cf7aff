package dev.jeplua.debugger;

import java.util.WeakHashMap;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaThread;

/**
 * Tells, instruction by instruction, when a coroutine's innermost frame starts a new line, the
 * way Lua's line hook does (Lua manual, {@code debug.sethook}): entering a function, reaching
 * another line, or jumping back (a loop, even on the same line); returning from a call to the
 * rest of a line is not a new line. Keeps the last function, pc and line per call depth of each
 * coroutine. Engine thread only.
 */
final class LineTracker {
    private static final class Levels {
        LuaFunction[] fn = new LuaFunction[16];
        int[] pc = new int[16];
        int[] line = new int[16];

        void ensure(int n) {
            if (n > fn.length) {
                int size = Math.max(n, fn.length * 2);
                fn = java.util.Arrays.copyOf(fn, size);
                pc = java.util.Arrays.copyOf(pc, size);
                line = java.util.Arrays.copyOf(line, size);
            }
        }
    }

    private final WeakHashMap<LuaThread, Levels> threads = new WeakHashMap<>();
    private LuaThread lastThread;
    private Levels lastLevels;

    /**
     * Records that frame {@code depth} (1 = outermost) of {@code t} runs instruction {@code pc}
     * of {@code f} on {@code line}.
     *
     * @return true when that starts a new line
     */
    boolean step(LuaThread t, int depth, LuaFunction f, int pc, int line) {
        Levels lv;
        if (t == lastThread) {
            lv = lastLevels;
        } else {
            lv = threads.computeIfAbsent(t, k -> new Levels());
            lastThread = t;
            lastLevels = lv;
        }
        lv.ensure(depth);
        int i = depth - 1;
        boolean fresh = pc == 0 || lv.fn[i] != f || pc <= lv.pc[i] || lv.line[i] != line;
        lv.fn[i] = f;
        lv.pc[i] = pc;
        lv.line[i] = line;
        return fresh;
    }
}
