package dev.jeplua.engine;

import dev.jeplua.engine.errors.ErrorPositions;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.luaj.vm2.Globals;
import org.luaj.vm2.Lua;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;

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
            Prototype p = globals.loadPrototype(
                    new ByteArrayInputStream(source, start, source.length - start), chunkName, "bt");
            // a chunk whose every instruction runs at most once gains nothing from the compiled tier
            return runsOnce(p) ? new LuaClosure(p, globals) : globals.loader.load(p, chunkName, globals);
        } catch (LuaError e) {
            throw new LuaError(ErrorPositions.normalize(e.getMessage()), 0);
        } catch (Exception e) { // as Globals.load reports a failed read
            throw new LuaError(ErrorPositions.normalize("load " + chunkName + ": " + e), 0);
        }
    }

    /**
     * Whether every instruction of {@code p} runs at most once per call: it defines no functions
     * (a nested function made by an interpreted chunk would be interpreted too) and has no loop
     * (no numeric or generic {@code for}, no backward jump of {@code while}, {@code repeat} or
     * {@code goto}). Such a chunk (a script of plain statements, REPL input) is interpreted: the
     * compiled tier would define a class for it and load the class-file machinery (about 10–15 ms
     * at start-up, docs/design.md#start-up-and-exit-cli) to run each instruction once. Its results,
     * errors and tracebacks are the interpreter's, the same as compiled code's.
     */
    static boolean runsOnce(Prototype p) {
        if (p.p != null && p.p.length > 0) {
            return false;
        }
        for (int i : p.code) {
            int op = Lua.GET_OPCODE(i);
            if (op == Lua.OP_FORLOOP || op == Lua.OP_TFORLOOP || (op == Lua.OP_JMP && Lua.GETARG_sBx(i) < 0)) {
                return false;
            }
        }
        return true;
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
