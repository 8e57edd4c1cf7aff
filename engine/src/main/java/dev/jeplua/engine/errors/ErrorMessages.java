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
 * Rewrites LuaJ's error messages into the reference interpreter's form.
 *
 * <ul>
 * <li>Positions: {@code @s.lua:3 boom} becomes {@code s.lua:3: boom} and
 *     {@code =(command line):1 x} becomes {@code (command line):1: x}, as {@code lua.c} prints them.</li>
 * <li>Variable names ({@link #describe}): {@code attempt to index local 't' (a nil value)} and
 *     the like, named by {@link VariableNames}.</li>
 * </ul>
 * The wording that needs no call stack (comparisons, calls, argument errors) is {@link ErrorWording}'s.
 * Pure functions apart from reading the running coroutine's call stack; engine thread.
 */
public final class ErrorMessages {
    private static final Pattern LUAJ_POSITION = Pattern.compile("^[@=]?([^\\n]*?:(?:\\d+|\\?)) (.*)$", Pattern.DOTALL);

    private ErrorMessages() {}

    /** @return {@code message} with a LuaJ-style position prefix rewritten; other text unchanged */
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
     * Normalizes the position of {@code message} and, when it is one of LuaJ's runtime errors
     * raised by the instruction the running coroutine's innermost Lua frame executes, names the
     * variable involved. Called from a coroutine's error handler, before the stack unwinds.
     */
    public static String describe(Globals globals, String message) {
        String m = normalize(withChunkName(globals, message));
        if (m == null || !(m.contains("attempt to ") || m.contains("bad argument") || m.contains("index expected"))) {
            return m;
        }
        m = ErrorWording.compareMessage(m);
        try {
            LuaFrames.Frame f = LuaFrames.innermost(globals);
            if (f != null) {
                m = VariableNames.name(f, m);
            }
        } catch (RuntimeException | LinkageError e) {
            // keep the message as it is: naming is best effort
        }
        return ErrorWording.callMessage(m);
    }

    /**
     * LuaJ starts a runtime error's message with the raw chunk name of the failing function
     * ({@code @f.lua:3 msg}, or the whole source text of a chunk loaded from a string); this
     * puts the name as the reference shows it in its place ({@link ChunkNames}).
     */
    private static String withChunkName(Globals globals, String message) {
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
     * The reference's {@code luaL_where(L, level)}: {@code "chunk:line: "} for the Lua function
     * {@code level} levels up the running coroutine's call stack (1 = the function that called the
     * library function asking), or {@code ""} for a Java function or when unknown.
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
     * Position for a stack overflow caught by {@code pcall} while calling {@code fn}: the line of
     * the first call instruction in {@code fn} (where a recursion overflows), or {@code ""}.
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

    /**
     * Number of frames on the running coroutine's debug call stack, or -1 when unknown. Used by
     * {@code pcall} to drop frames a stack overflow left behind.
     */
    public static int callDepth(Globals globals) {
        return LuaFrames.depth(globals);
    }
}
