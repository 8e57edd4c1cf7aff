package dev.jeplua.engine;

import dev.jeplua.engine.errors.ErrorPositions;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;

/**
 * Turns source text into Lua functions the way {@code lua.c} does: a first {@code #} line is
 * skipped, compile errors carry the reference interpreter's {@code chunk:line:} form, and REPL
 * input is tried as an expression first. Used by {@link LuaEngine#compile} and by executions.
 * Engine thread only.
 */
final class ChunkCompiler {
    private final Globals globals;

    /** @param globals the globals chunks are loaded into (their environment) */
    ChunkCompiler(Globals globals) {
        this.globals = globals;
    }

    /**
     * Compiles a chunk. Engine thread only.
     *
     * @param source    chunk bytes (a first line starting with {@code #} is skipped, as in lua.c)
     * @param chunkName chunk name as Lua sees it ({@code @file.lua} for files, {@code =name} for others)
     * @throws LuaError with the compiler's message ({@code file.lua:3: ... near ...})
     */
    LuaValue compile(byte[] source, String chunkName) {
        int start = 0;
        if (source.length > 0 && source[0] == '#') {
            while (start < source.length && source[start] != '\n') {
                start++;
            }
        }
        try {
            return globals.load(
                    new ByteArrayInputStream(source, start, source.length - start), chunkName, "bt", globals);
        } catch (LuaError e) {
            throw new LuaError(ErrorPositions.normalize(e.getMessage()), 0);
        }
    }

    /** Compiles REPL input: {@code return <code>} first, then {@code code} as a statement. Engine thread only. */
    LuaValue compileInteractive(String code, String chunkName) {
        String src = code.startsWith("=") ? "return " + code.substring(1) : code;
        if (!src.startsWith("return ")) {
            try {
                return withoutTailCalls(compile(("return " + src).getBytes(StandardCharsets.UTF_8), chunkName));
            } catch (LuaError ignored) {
                // not an expression: compile as a statement below
            }
        }
        return withoutTailCalls(compile(src.getBytes(StandardCharsets.UTF_8), chunkName));
    }

    /**
     * {@code return error("x")} compiles to a tail call, which in LuaJ drops the chunk's frame, so
     * the error would lose its position; lua.c keeps the frame (C functions are never tail-called)
     * and prints {@code stdin:1: x}. Rewriting the main chunk's TAILCALLs as CALLs with multiple
     * results (the RETURN of those results already follows) returns the same values and keeps it.
     */
    private static LuaValue withoutTailCalls(LuaValue chunk) {
        if (chunk instanceof org.luaj.vm2.LuaClosure closure) {
            int[] code = closure.p.code;
            for (int i = 0; i < code.length; i++) {
                if (org.luaj.vm2.Lua.GET_OPCODE(code[i]) == org.luaj.vm2.Lua.OP_TAILCALL) {
                    code[i] = (code[i] & org.luaj.vm2.Lua.MASK_NOT_OP) | org.luaj.vm2.Lua.OP_CALL;
                }
            }
        }
        return chunk;
    }
}
