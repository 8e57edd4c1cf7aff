package dev.jeplua.engine.errors;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.luaj.vm2.Globals;
import org.luaj.vm2.Lua;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;

/**
 * The position an error message starts with, as the reference interpreter (Lua 5.4) writes it:
 * {@code chunk:line: message}. LuaJ writes {@code @s.lua:3 boom} where the reference writes
 * {@code s.lua:3: boom}, and {@code =(command line):1 x} where it writes {@code (command line):1:
 * x} ({@link #normalize}); {@link #where} finds the current line of a function on the call stack
 * as {@code luaL_where} does for {@code error} (Lua 5.2 manual §6.1). Chunk names are shown by
 * {@link ChunkNames}; the call stack is read through {@link LuaFrames}.
 */
public final class ErrorPositions {
    private static final Pattern LUAJ_POSITION = Pattern.compile("^[@=]?([^\\n]*?:(?:\\d+|\\?)) (.*)$", Pattern.DOTALL);

    private ErrorPositions() {}

    /**
     * Rewrites LuaJ's position prefix into the reference's: {@code @s.lua:3 boom} becomes
     * {@code s.lua:3: boom}, {@code =(command line):1 x} becomes {@code (command line):1: x}, as
     * {@code lua.c} prints them; a message that only starts with {@code @} or {@code =} loses that
     * character. Stateless: any thread.
     *
     * @param message an error message, possibly null
     * @return {@code message} with a LuaJ-style position prefix rewritten; other text (and null)
     *     unchanged
     */
    public static String normalize(String message) {
        if (message == null) {
            return null;
        }
        Matcher m = LUAJ_POSITION.matcher(message);
        if (m.matches() && !m.group(1).endsWith(":")) {
            return m.group(1) + ": " + m.group(2);
        }
        if (message.startsWith("@") || message.startsWith("=")) {
            return message.substring(1);
        }
        return message;
    }

    /**
     * LuaJ starts a runtime error's message with the raw chunk name of the failing function
     * ({@code @f.lua:3 msg}, or the whole source text of a chunk loaded from a string); this
     * puts the name as the reference shows it in its place ({@link ChunkNames}). Engine thread.
     */
    static String withChunkName(Globals globals, String message) {
        if (message == null) {
            return null;
        }
        List<LuaFrames.Frame> frames = LuaFrames.all(globals);
        if (frames.isEmpty()) {
            return message;
        }
        String raw = frames.get(0).closure().p.source.tojstring();
        return message.startsWith(raw + ":") ? ChunkNames.display(raw) + message.substring(raw.length()) : message;
    }

    /**
     * The reference's {@code luaL_where(L, level)} (Lua 5.2 manual §5.1), which {@code error}
     * puts before its message (§6.1). Engine thread (reads the running coroutine's call stack).
     *
     * @param globals the engine's globals, whose running coroutine is asked
     * @param level 1 = the Lua function that called the library function asking, 2 = its caller...
     * @return {@code "chunk:line: "} for the Lua function {@code level} levels up the running
     *     coroutine's call stack, or {@code ""} for a Java function or when unknown
     */
    public static String where(Globals globals, int level) {
        try {
            LuaFrames.Frame f = LuaFrames.at(globals, level);
            if (f == null || f.pc() < 0) {
                return "";
            }
            Prototype p = f.closure().p;
            int line = p.lineinfo != null && f.pc() < p.lineinfo.length ? p.lineinfo[f.pc()] : -1;
            return line < 0 ? "" : p.shortsource() + ":" + line + ": ";
        } catch (RuntimeException | LinkageError e) {
            return "";
        }
    }

    /**
     * The message of a stack overflow caught by {@code pcall}, a coroutine or the engine: {@code
     * chunk:line: stack overflow}, at the call that went over the engine's call limit ({@code
     * CallDepthLimit}, as Lua 5.4 reports it), or for the JVM's own {@code StackOverflowError}
     * (a smaller thread stack) at {@link #overflowWhere} of the function that was called.
     *
     * @param e  the error caught
     * @param fn the function {@code pcall} or the coroutine called
     */
    public static String overflowMessage(StackOverflowError e, LuaValue fn) {
        String where = e instanceof org.luaj.vm2.lib.CallDepthLimit.Overflow o ? o.where : overflowWhere(fn);
        return where + "stack overflow";
    }

    /**
     * Position for a stack overflow caught by {@code pcall} while calling {@code fn}; the
     * reference reports the overflow at the call where a recursion runs out of stack. Reads only
     * {@code fn}'s prototype: any thread.
     *
     * @param fn the function {@code pcall} called
     * @return {@code "chunk:line: "} of the first call instruction in {@code fn}, or {@code ""}
     *     when {@code fn} is no Lua function, has no line information or makes no call
     */
    public static String overflowWhere(LuaValue fn) {
        if (!(fn instanceof LuaClosure c) || c.p.lineinfo == null) {
            return "";
        }
        Prototype p = c.p;
        for (int pc = 0; pc < p.code.length && pc < p.lineinfo.length; pc++) {
            int op = Lua.GET_OPCODE(p.code[pc]);
            if (op == Lua.OP_CALL || op == Lua.OP_TAILCALL) {
                return p.shortsource() + ":" + p.lineinfo[pc] + ": ";
            }
        }
        return "";
    }
}
