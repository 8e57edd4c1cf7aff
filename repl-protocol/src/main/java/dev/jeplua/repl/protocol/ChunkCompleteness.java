package dev.jeplua.repl.protocol;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.compiler.LuaC;

/**
 * Decides locally, with LuaJ's compiler (the engine's own), whether REPL input is a complete
 * chunk — the rule of {@code lua.c}: input that compiles as {@code return <input>} or as a
 * statement is complete; input whose compile error is at the end of the input is incomplete
 * (more lines could fix it); any other error is complete too (the engine reports it). Meta
 * commands (a first line starting with {@code :}) are always complete. Nothing is run. Any thread.
 *
 * <p>LuaJ 3.0.1's messages do not say {@code near <eof>} as lua.c's do ({@code 'end' expected},
 * {@code unexpected symbol 286}), so "at the end" is decided by compiling the input again with
 * a stray character appended: an error before the end is unchanged by it, an error at the
 * end becomes a different one. The telnet server applies this rule to gather a chunk's lines,
 * the JLine REPL client to ask for a continuation line before it sends anything.
 */
public final class ChunkCompleteness {
    private ChunkCompleteness() {}

    /** @return true when more lines are needed to complete {@code input} */
    public static boolean isIncomplete(String input) {
        if (input.strip().startsWith(":")) {
            return false;
        }
        String code = input.startsWith("=") ? "return " + input.substring(1) : input;
        if (!code.startsWith("return ") && compiles("return " + code) == null) {
            return false;
        }
        String error = compiles(code);
        return error != null && !error.equals(compiles(code + "\n\u0001"));
    }

    /** @return null when {@code code} compiles, else the compiler's message */
    private static String compiles(String code) {
        try {
            LuaC.instance.compile(new ByteArrayInputStream(code.getBytes(StandardCharsets.UTF_8)), "=stdin");
            return null;
        } catch (LuaError e) {
            return e.getMessage() == null ? "" : e.getMessage();
        } catch (java.io.IOException | RuntimeException e) {
            return String.valueOf(e.getMessage());
        }
    }
}
