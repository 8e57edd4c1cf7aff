package dev.jeplua.engine.timers;

import dev.jeplua.engine.errors.ChunkNames;
import dev.jeplua.engine.errors.LuaFrames;
import org.luaj.vm2.Globals;
import org.luaj.vm2.Prototype;

/**
 * Where the script created a timer: the Lua function and instruction that called
 * {@code setTimeout}/{@code setInterval}. Kept as the prototype and pc (no registers, so the
 * caller's values are not held); {@link #toString()} gives {@code chunk:line} as error messages
 * write positions, computed only when the live inspector asks.
 *
 * @param proto the calling function's prototype
 * @param pc    index of the calling instruction (0-based)
 */
record TimerSite(Prototype proto, int pc) {
    /**
     * The innermost Lua frame of the running coroutine, or null when Java code created the timer.
     * Engine thread.
     *
     * @param previous the site returned last time, or null: returned again when it is the same
     *     place (a loop queuing a million timers keeps one site object, not a million)
     */
    static TimerSite of(Globals globals, TimerSite previous) {
        LuaFrames.Frame f = LuaFrames.innermost(globals);
        if (f == null) {
            return null;
        }
        Prototype p = f.closure().p;
        int pc = f.pc();
        return previous != null && previous.proto == p && previous.pc == pc ? previous : new TimerSite(p, pc);
    }

    @Override
    public String toString() {
        int[] lines = proto.lineinfo;
        String chunk = ChunkNames.shortsource(proto.source);
        return lines != null && pc >= 0 && pc < lines.length ? chunk + ":" + lines[pc] : chunk;
    }
}
