package org.luaj.vm2.compiler;

import org.luaj.vm2.LuaString;

/**
 * Short strings with Lua 5.4's escape sequences (manual §3.1) for {@link Lua54Parser}: {@code \a
 * \b \f \n \r \t \v \\ \" \'}, a backslash-newline, {@code \z}, {@code \xXX}, {@code \ddd} and
 * <code>&#92;u{hex}</code> (UTF-8 of a code point up to 2^31 - 1, up to six bytes), with 5.4's
 * errors ({@code invalid escape sequence}, {@code hexadecimal digit expected}, {@code decimal
 * escape too large}, {@code missing '{'}, {@code missing '}'}, {@code UTF-8 value too large},
 * {@code unfinished string}), each quoting what was read ({@code near '"\q'}). Works on the
 * lexer's state (LuaJ keeps it package-private). One per parser.
 */
final class Lua54Strings {
    private static final int EOZ = -1;
    private final LexState ls;

    Lua54Strings(LexState ls) {
        this.ls = ls;
    }

    /**
     * Reads a short string (Lua 5.4 manual §3.1), the lexer at its opening quote.
     *
     * @return the string's bytes
     */
    LuaString read(int delimiter) {
        ls.save_and_next(); // the opening quote
        while (ls.current != delimiter) {
            switch (ls.current) {
                case EOZ -> ls.lexerror("unfinished string", LexState.TK_EOS);
                case '\n', '\r' -> ls.lexerror("unfinished string", LexState.TK_STRING);
                case '\\' -> escape();
                default -> ls.save_and_next();
            }
        }
        ls.save_and_next(); // the closing quote
        byte[] bytes = new byte[ls.nbuff - 2]; // the lexer's buffer holds one byte per char
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) ls.buff[i + 1];
        }
        return ls.L.newTString(LuaString.valueOf(bytes));
    }

    /**
     * One escape sequence (Lua 5.4 manual §3.1), {@code current} at the backslash. What was read
     * stays in the buffer until the escape is complete, so an error quotes it ({@code invalid
     * escape sequence near '"\q'}); then it is replaced by the byte(s) it stands for.
     */
    private void escape() {
        int start = ls.nbuff;
        ls.save_and_next(); // '\'
        switch (ls.current) {
            case 'a' -> simpleEscape(start, 7);
            case 'b' -> simpleEscape(start, '\b');
            case 'f' -> simpleEscape(start, '\f');
            case 'n' -> simpleEscape(start, '\n');
            case 'r' -> simpleEscape(start, '\r');
            case 't' -> simpleEscape(start, '\t');
            case 'v' -> simpleEscape(start, 0x0B);
            case '\\', '"', '\'' -> simpleEscape(start, ls.current);
            case 'x' -> {
                ls.save_and_next();
                int r = 0;
                for (int i = 0; i < 2; i++) {
                    int h = hexDigit(ls.current);
                    escapeError(h < 0, "hexadecimal digit expected");
                    ls.save_and_next();
                    r = (r << 4) + h;
                }
                replace(start, r);
            }
            case 'u' -> utf8Escape(start);
            case '\n', '\r' -> {
                ls.inclinenumber(); // a backslash-newline is a newline in the string
                replace(start, '\n');
            }
            case 'z' -> {
                ls.nbuff = start;
                ls.nextChar();
                while (isBlank(ls.current)) {
                    if (ls.currIsNewline()) {
                        ls.inclinenumber();
                    } else {
                        ls.nextChar();
                    }
                }
            }
            case EOZ -> {
                // "unfinished string" when the loop looks again
            }
            default -> {
                escapeError(ls.current < '0' || ls.current > '9', "invalid escape sequence");
                int r = 0;
                for (int i = 0; i < 3 && ls.current >= '0' && ls.current <= '9'; i++) {
                    r = 10 * r + ls.current - '0';
                    ls.save_and_next();
                }
                escapeError(r > 255, "decimal escape too large");
                replace(start, r);
            }
        }
    }

    private void simpleEscape(int start, int c) {
        ls.nextChar();
        replace(start, c);
    }

    /** Drops the escape text read since {@code start} and puts byte {@code c} in its place. */
    private void replace(int start, int c) {
        ls.nbuff = start;
        ls.save(c);
    }

    private static boolean isBlank(int c) {
        return c == ' ' || c == '\t' || c == '\f' || c == 0x0B || c == '\n' || c == '\r';
    }

    private void utf8Escape(int start) {
        ls.save_and_next(); // 'u'
        escapeError(ls.current != '{', "missing '{'");
        ls.save_and_next();
        escapeError(hexDigit(ls.current) < 0, "hexadecimal digit expected");
        long code = 0;
        int h;
        while ((h = hexDigit(ls.current)) >= 0) {
            code = (code << 4) + h;
            escapeError(code > 0x7FFFFFFFL, "UTF-8 value too large");
            ls.save_and_next();
        }
        escapeError(ls.current != '}', "missing '}'");
        ls.nextChar();
        ls.nbuff = start;
        for (byte b : utf8((int) code)) {
            ls.save(b & 0xFF);
        }
    }

    /** UTF-8 bytes of a code point up to 2^31 - 1 (the original, up to six bytes, as Lua 5.4). */
    static byte[] utf8(int code) {
        if (code < 0x80) {
            return new byte[] {(byte) code};
        }
        int n = code < 0x800 ? 2 : code < 0x10000 ? 3 : code < 0x200000 ? 4 : code < 0x4000000 ? 5 : 6;
        byte[] out = new byte[n];
        int c = code;
        for (int i = n - 1; i > 0; i--) {
            out[i] = (byte) (0x80 | (c & 0x3F));
            c >>>= 6;
        }
        out[0] = (byte) ((0xFF << (8 - n)) | c);
        return out;
    }

    private static int hexDigit(int c) {
        return c >= '0' && c <= '9'
                ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }

    /** Raises {@code message near '\...'} (the escape read so far) when {@code bad}. */
    private void escapeError(boolean bad, String message) {
        if (bad) {
            if (ls.current != EOZ) {
                ls.save_and_next(); // the offending character is part of the quoted text
            }
            ls.lexerror(message, LexState.TK_STRING);
        }
    }
}
