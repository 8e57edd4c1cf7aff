package dev.jeplua.engine.errors;

import org.luaj.vm2.Globals;

/**
 * The one entry point for a runtime error raised in Lua code: its message as the reference
 * interpreter (Lua 5.4) shows it, combining the three parts of the package — the position
 * ({@link ErrorPositions}), LuaJ's texts in the reference's words ({@link ErrorWording}) and the
 * variable named from the failing instruction ({@link VariableNames}). Used by the coroutines'
 * error handler and {@code xpcall}'s message handler. Engine thread.
 */
public final class ErrorMessages {
    private ErrorMessages() {}

    /**
     * The message of an error raised while the running coroutine's innermost Lua frame executes
     * the failing instruction, as {@code luaG_runerror}/{@code luaG_typeerror} in the reference's
     * {@code ldebug.c} word it: {@code s.lua:3: attempt to index a nil value (local 't')} where
     * LuaJ says {@code @s.lua:3 attempt to index ? (a nil value)}. Call it from an error handler,
     * before the stack unwinds; naming is best effort (a failure leaves the message unnamed).
     * Engine thread (reads the running coroutine's call stack and registers).
     *
     * @param globals the engine's globals, whose running coroutine raised the error
     * @param message the error message as LuaJ raised it, possibly null
     * @return the message with its position in the reference's form and, for LuaJ's runtime
     *     errors ({@code attempt to ...}, {@code bad argument}, {@code index expected}), worded
     *     as the reference words them; null for null
     */
    public static String describe(Globals globals, String message) {
        String m = ErrorPositions.normalize(ErrorPositions.withChunkName(globals, message));
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
}
