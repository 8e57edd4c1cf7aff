package org.luaj.vm2.compiler;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;

/**
 * The token reader of {@link Lua54Parser}: Lua 5.4's operators ({@code //}, {@code <<},
 * {@code >>}, {@code ~}), short strings with 5.4's escapes ({@link Lua54Strings}), numerals as
 * 5.4 reads them (integers and floats, manual §3.1) and comments; every other token is read by
 * LuaJ's own lexer ({@code LexState.llex}). It works on the parser's character state
 * ({@code current}, the buffer, the line number), which {@link LexState} keeps package-private.
 * One per parser; the parser's thread.
 */
final class Lua54Lexer {
    /*
     * LuaJ's SemInfo class is private, so the token's value is set through VarHandles and LuaJ's
     * lexer called through a MethodHandle (same package, resolved once).
     */
    private static final VarHandle SEMINFO_STRING; // SemInfo.ts

    private static final VarHandle SEMINFO_NUMBER; // SemInfo.r
    private static final MethodHandle LUAJ_LLEX; // LexState.llex(SemInfo)
    private static final int EOZ = -1;

    static {
        try {
            Class<?> seminfo = Class.forName("org.luaj.vm2.compiler.LexState$SemInfo");
            MethodHandles.Lookup lexState = MethodHandles.privateLookupIn(LexState.class, MethodHandles.lookup());
            MethodHandles.Lookup seminfos = MethodHandles.privateLookupIn(seminfo, MethodHandles.lookup());
            SEMINFO_STRING = seminfos.findVarHandle(seminfo, "ts", LuaString.class);
            SEMINFO_NUMBER = seminfos.findVarHandle(seminfo, "r", LuaValue.class);
            LUAJ_LLEX = lexState.findVirtual(LexState.class, "llex", MethodType.methodType(int.class, seminfo));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Lua54Parser p;

    /** The string value of a token's {@code SemInfo} (a name or a string token). */
    static LuaString string(Object seminfo) {
        return (LuaString) SEMINFO_STRING.get(seminfo);
    }

    Lua54Lexer(Lua54Parser parser) {
        this.p = parser;
    }

    /** The next token: 5.4's operators and strings here, everything else by LuaJ's lexer. */
    int lex(Object seminfo) {
        p.nbuff = 0;
        while (true) {
            switch (p.current) {
                case '\n', '\r' -> p.inclinenumber();
                case ' ', '\f', '\t', 0x0B -> p.nextChar();
                case '-' -> {
                    p.nextChar();
                    if (p.current != '-') {
                        return '-';
                    }
                    skipComment();
                }
                case '/' -> {
                    p.nextChar();
                    return follows('/') ? Lua54Parser.TK_IDIV : '/';
                }
                case '<' -> {
                    p.nextChar();
                    return follows('=') ? LexState.TK_LE : follows('<') ? Lua54Parser.TK_SHL : '<';
                }
                case '>' -> {
                    p.nextChar();
                    return follows('=') ? LexState.TK_GE : follows('>') ? Lua54Parser.TK_SHR : '>';
                }
                case '~' -> {
                    p.nextChar();
                    return follows('=') ? LexState.TK_NE : '~';
                }
                case '"', '\'' -> {
                    SEMINFO_STRING.set(seminfo, p.strings.read(p.current));
                    return LexState.TK_STRING;
                }
                case '0', '1', '2', '3', '4', '5', '6', '7', '8', '9' -> {
                    return numeral(seminfo);
                }
                case '.' -> {
                    p.save_and_next();
                    if (follows('.')) {
                        return follows('.') ? LexState.TK_DOTS : LexState.TK_CONCAT;
                    }
                    if (p.current < '0' || p.current > '9') {
                        return '.';
                    }
                    return numeral(seminfo);
                }
                default -> {
                    try {
                        return (int) LUAJ_LLEX.invoke(p, seminfo); // not blank: LuaJ's lexer takes it from here
                    } catch (RuntimeException | Error e) {
                        throw e;
                    } catch (Throwable e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
    }

    /** After {@code --}: a long comment {@code --[==[ ... ]==]} or the rest of the line. */
    private void skipComment() {
        p.nextChar();
        if (p.current == '[') {
            int sep = p.skip_sep();
            p.nbuff = 0;
            if (sep >= 0) {
                p.read_long_string(null, sep);
                p.nbuff = 0;
                return;
            }
        }
        while (!p.currIsNewline() && p.current != EOZ) {
            p.nextChar();
        }
    }

    private boolean follows(char c) {
        if (p.current == c) {
            p.nextChar();
            return true;
        }
        return false;
    }

    /**
     * A numeral as 5.4 reads it (manual §3.1), the p.current character being its first digit (or
     * the {@code .} before one, already in the buffer): an integer when it is written as one and
     * fits 64 bits (hexadecimal integers wrap around), otherwise a float ({@code 1.0},
     * {@code 1e2}, {@code 0x1p4}, {@code 9223372036854775808}).
     */
    private int numeral(Object seminfo) {
        String expo = "Ee";
        if (p.current == '0') {
            p.save_and_next();
            if (p.current == 'x' || p.current == 'X') {
                p.save_and_next();
                expo = "Pp";
            }
        }
        while (true) {
            if (expo.indexOf(p.current) >= 0) {
                p.save_and_next();
                if (p.current == '+' || p.current == '-') {
                    p.save_and_next();
                }
            } else if (Character.isLetterOrDigit(p.current) && p.current < 128 || p.current == '.') {
                p.save_and_next();
            } else {
                break;
            }
        }
        LuaValue n = org.luaj.vm2.Lua54Numbers.stringToNumber(LuaString.valueOf(new String(p.buff, 0, p.nbuff)));
        if (n == null) {
            p.lexerror("malformed number", LexState.TK_NUMBER);
        }
        SEMINFO_NUMBER.set(seminfo, n);
        return LexState.TK_NUMBER;
    }
}
