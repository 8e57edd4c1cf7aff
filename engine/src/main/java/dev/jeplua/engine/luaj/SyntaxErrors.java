package dev.jeplua.engine.luaj;

import dev.jeplua.engine.errors.ChunkNames;
import java.lang.reflect.Field;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;

/**
 * Compile errors worded like the reference's {@code llex.c}: {@code [string "x = = 1"]:1:
 * unexpected symbol near '='}, {@code ',' expected near 'do'}, {@code unfinished string near
 * <eof>}. LuaJ's lexer drops the {@code near <token>} part and words unexpected symbols as
 * {@code unexpected symbol 61 (=)}; {@link LuaNumberPatch} redirects LuaJ's
 * {@code LexState.lexerror(String, int)} here. The lexer's state is read reflectively (LuaJ keeps
 * it package-private); this runs only when a chunk fails to compile. Engine thread (or wherever
 * the chunk is compiled).
 */
public final class SyntaxErrors {
    private static final int FIRST_RESERVED = 257;
    private static final int TK_EOS = 286;
    private static final int TK_NUMBER = 287;
    private static final int TK_NAME = 288;
    private static final int TK_STRING = 289;
    private static final String[] TOKENS = {
        "and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto", "if",
        "in", "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while",
        "..", "...", "==", ">=", "<=", "~=", "::", "<eof>", "<number>", "<name>", "<string>",
    };

    private SyntaxErrors() {}

    /**
     * Raises the compile error for {@code msg} at the lexer's current line, naming {@code token}
     * (0: none) as the reference does.
     *
     * @param lexState LuaJ's {@code LexState}
     * @throws LuaError always: {@code chunk:line: msg near 'token'}
     */
    public static void lexerror(Object lexState, String msg, int token) {
        String text = msg.startsWith("unexpected symbol ")
                ? "unexpected symbol"
                : msg.replaceFirst("^label '([^' ]*) already defined", "label '$1' already defined");
        String where;
        String near = null;
        try {
            Class<?> c = lexStateClass(lexState.getClass());
            LuaString source = (LuaString) field(c, "source").get(lexState);
            int line = field(c, "linenumber").getInt(lexState);
            where = ChunkNames.display(source.tojstring()) + ":" + line + ": ";
            if (token != 0) {
                near = describe(lexState, c, token);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new LuaError(msg);
        }
        throw new LuaError(where + text + (near == null ? "" : " near " + near));
    }

    private static String describe(Object ls, Class<?> c, int token) throws ReflectiveOperationException {
        if (token == TK_NAME || token == TK_STRING || token == TK_NUMBER) {
            char[] buff = (char[]) field(c, "buff").get(ls);
            int n = field(c, "nbuff").getInt(ls);
            return "'" + new String(buff, 0, n) + "'";
        }
        if (token < FIRST_RESERVED) {
            return token >= 32 && token < 127 ? "'" + (char) token + "'" : "char(" + token + ")";
        }
        switch (token) {
            case 290 -> {
                return "'//'";
            }
            case 291 -> {
                return "'<<'";
            }
            case 292 -> {
                return "'>>'";
            }
            default -> {}
        }
        int i = token - FIRST_RESERVED;
        String s = i < TOKENS.length ? TOKENS[i] : "?";
        return token < TK_EOS ? "'" + s + "'" : s;
    }

    /** LuaJ's {@code LexState}, whose fields hold the lexer's state, from the class of a parser (it may be a subclass). */
    private static Class<?> lexStateClass(Class<?> c) {
        while (!c.getName().equals("org.luaj.vm2.compiler.LexState") && c.getSuperclass() != null) {
            c = c.getSuperclass();
        }
        return c;
    }

    private static Field field(Class<?> c, String name) throws NoSuchFieldException {
        Field f = c.getDeclaredField(name);
        f.setAccessible(true);
        return f;
    }
}
