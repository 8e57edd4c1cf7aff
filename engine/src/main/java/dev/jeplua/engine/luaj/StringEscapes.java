package dev.jeplua.engine.luaj;

import dev.jeplua.engine.errors.ChunkNames;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;

/**
 * Rejects the escape sequences Lua rejects in {@code "..."} and {@code '...'} strings, which
 * LuaJ's lexer accepts ({@code "\q"} reads as {@code q}) or words differently (5.4's
 * <code>&#92;u{hex}</code> passes: the compiler's lexer reads it), with {@code llex.c}'s messages: {@code chunk:1: invalid
 * escape sequence near '\q'}, {@code hexadecimal digit expected near '\x4g'}, {@code decimal
 * escape too large near '\300'}. A light scanner runs over the chunk's bytes before LuaJ compiles
 * it, knowing just comments, long brackets, a leading {@code #} line and short strings; whatever
 * it does not understand (unfinished strings, newlines in strings, bad long brackets) stops it
 * silently so that LuaJ's compiler reports it. It also rejects malformed numerals ({@code 1.2.3},
 * {@code 3d}) with {@code malformed number near '1.2.3'} as the reference does. Binary chunks are
 * not scanned. Stateless: any thread.
 */
public final class StringEscapes {
    private StringEscapes() {}

    /**
     * Wraps {@code compiler} (installed as {@code Globals.compiler}, so {@code load}, {@code loadfile},
     * {@code dofile}, {@code require} and the engine's own compiling all pass here): reads the
     * whole stream, checks it, then compiles the bytes. When the chunk also has an error LuaJ
     * reports on an earlier line, LuaJ's error is raised instead (the reference stops at the first).
     *
     * @param compiler the compiler to run on chunks that pass
     * @return the checking compiler; it raises {@link LuaError} {@code chunk:line: message near 'text'}
     */
    public static Globals.Compiler checking(Globals.Compiler compiler) {
        return (stream, chunkName) -> {
            byte[] source = stream.readAllBytes();
            BadEscape bad = new Scanner(source, chunkName).run();
            if (bad != null) {
                try {
                    compiler.compile(new Bytes(source), chunkName);
                } catch (LuaError earlier) {
                    if (lineOf(earlier.getMessage(), chunkName) < bad.line()) {
                        throw earlier;
                    }
                } catch (NumberFormatException lexer) {
                    // LuaJ's lexer met the malformed numeral found here (or one after it)
                }
                throw new LuaError(bad.message());
            }
            return compiler.compile(new Bytes(source), chunkName);
        };
    }

    /**
     * Checks the escapes of every short string in {@code source}.
     *
     * @param source    chunk bytes (text or binary; a binary chunk passes unchecked)
     * @param chunkName chunk name as Lua sees it ({@code @f.lua}, {@code =stdin}, or the source)
     * @throws LuaError at the first bad escape: {@code f.lua:2: invalid escape sequence near '\q'}
     */
    public static void check(byte[] source, String chunkName) {
        BadEscape bad = new Scanner(source, chunkName).run();
        if (bad != null) {
            throw new LuaError(bad.message());
        }
    }

    /** The line of a LuaJ compile error ({@code chunk:line: ...}); MAX_VALUE when it names none. */
    private static int lineOf(String message, String chunkName) {
        String prefix = ChunkNames.display(chunkName) + ":";
        int line = 0;
        if (message != null && message.startsWith(prefix)) {
            for (int i = prefix.length(); i < message.length() && Character.isDigit(message.charAt(i)); i++) {
                line = Math.min(line * 10 + message.charAt(i) - '0', Integer.MAX_VALUE / 10);
            }
        }
        return line > 0 ? line : Integer.MAX_VALUE;
    }

    private static final java.util.regex.Pattern DECIMAL_NUMERAL =
            java.util.regex.Pattern.compile("(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final java.util.regex.Pattern HEX_NUMERAL =
            java.util.regex.Pattern.compile("0[xX]([0-9a-fA-F]+\\.?[0-9a-fA-F]*|\\.[0-9a-fA-F]+)([pP][+-]?\\d+)?");

    private record BadEscape(int line, String message) {}

    /** The chunk for LuaJ's lexer, which reads byte by byte (ByteArrayInputStream.read() locks). */
    private static final class Bytes extends InputStream {
        private final byte[] b;
        private int pos;

        Bytes(byte[] b) {
            this.b = b;
        }

        @Override
        public int read() {
            return pos < b.length ? b[pos++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] dst, int off, int len) {
            if (pos >= b.length) {
                return len == 0 ? 0 : -1;
            }
            int n = Math.min(len, b.length - pos);
            System.arraycopy(b, pos, dst, off, n);
            pos += n;
            return n;
        }
    }

    /** One pass over the chunk: {@link #run} gives the first bad escape, or null. */
    private static final class Scanner {
        private final byte[] b;
        private final String chunkName;
        private int i;
        private int line = 1;
        private BadEscape bad;

        Scanner(byte[] b, String chunkName) {
            this.b = b;
            this.chunkName = chunkName;
        }

        BadEscape run() {
            int n = b.length;
            if (n > 0 && b[0] == 0x1B) {
                return null; // binary chunk
            }
            if (n > 0 && b[0] == '#') {
                skipLine();
            }
            while (i < n) {
                int c = b[i];
                if (c == '\n' || c == '\r') {
                    newline();
                } else if (c == '-' && i + 1 < n && b[i + 1] == '-') {
                    i += 2;
                    int sep = i < n && b[i] == '[' ? sep() : -1;
                    if (sep >= 0) {
                        if (!longBracket(sep)) {
                            break;
                        }
                    } else {
                        skipLine();
                    }
                } else if (c == '[') {
                    int sep = sep();
                    if (sep == -1) {
                        i++;
                    } else if (sep < -1 || !longBracket(sep)) {
                        break; // invalid delimiter or unfinished long string: LuaJ reports
                    }
                } else if (c == '"' || c == '\'') {
                    if (!shortString()) {
                        break;
                    }
                } else if (isNameStart(c)) {
                    while (i < n && (isNameStart(b[i]) || (b[i] >= '0' && b[i] <= '9'))) {
                        i++; // a name, digits included: x1 is not a numeral
                    }
                } else if (c == '.' && i + 1 < n && b[i + 1] == '.') {
                    i += 2; // '..' or '...', never the start of a numeral
                } else if (c >= '0' && c <= '9' || c == '.' && i + 1 < n && b[i + 1] >= '0' && b[i + 1] <= '9') {
                    if (!numeral()) {
                        break;
                    }
                } else {
                    i++;
                }
            }
            return bad;
        }

        private void skipLine() {
            while (i < b.length && b[i] != '\n' && b[i] != '\r') {
                i++;
            }
        }

        /** At {@code \n} or {@code \r}: skips one line break ({@code \r\n}, {@code \n\r} count once). */
        private void newline() {
            int old = b[i++];
            if (i < b.length && (b[i] == '\n' || b[i] == '\r') && b[i] != old) {
                i++;
            }
            line++;
        }

        /** At {@code [}: the level of a long bracket {@code [==[} (i stays), else -1 - count of '='. */
        private int sep() {
            int j = i + 1;
            while (j < b.length && b[j] == '=') {
                j++;
            }
            int count = j - i - 1;
            return j < b.length && b[j] == '[' ? count : -count - 1;
        }

        /** At the opening {@code [}: skips the long string or comment; false when it is unfinished. */
        private boolean longBracket(int sep) {
            i += sep + 2;
            while (i < b.length) {
                int c = b[i];
                if (c == '\n' || c == '\r') {
                    newline();
                } else if (c == ']') {
                    int j = i + 1;
                    while (j < b.length && b[j] == '=') {
                        j++;
                    }
                    if (j < b.length && b[j] == ']' && j - i - 1 == sep) {
                        i = j + 1;
                        return true;
                    }
                    i = j; // as llex.c: go on from the character after the '='s
                } else {
                    i++;
                }
            }
            return false;
        }

        /** At the opening quote: checks the escapes; false to stop (bad escape, or not understood). */
        private boolean shortString() {
            byte del = b[i++];
            while (i < b.length) {
                int c = b[i];
                if (c == del) {
                    i++;
                    return true;
                }
                if (c == '\n' || c == '\r') {
                    return false;
                }
                if (c != '\\') {
                    i++;
                } else if (++i >= b.length) {
                    return false;
                } else if (!escape()) {
                    return false;
                }
            }
            return false;
        }

        /** At the character after a backslash: skips a valid escape, else sets {@link #bad}, false. */
        private boolean escape() {
            int c = b[i];
            switch (c) {
                case 'a', 'b', 'f', 'n', 'r', 't', 'v', '\\', '"', '\'' -> i++;
                case 'u' -> i++; // Lua 5.4's backslash-u{hex}: the compiler's lexer checks and words its errors
                case '\n', '\r' -> newline();
                case 'x' -> {
                    int start = i;
                    for (int k = 0; k < 2; k++) {
                        if (++i >= b.length) {
                            return error("hexadecimal digit expected", start, i);
                        }
                        if (Character.digit(b[i], 16) < 0) {
                            return error("hexadecimal digit expected", start, i + 1);
                        }
                    }
                    i++;
                }
                case 'z' -> {
                    i++;
                    while (i < b.length && isSpace(b[i])) {
                        if (b[i] == '\n' || b[i] == '\r') {
                            newline();
                        } else {
                            i++;
                        }
                    }
                }
                default -> {
                    if (c < '0' || c > '9') {
                        return error("invalid escape sequence", i, i + 1);
                    }
                    int start = i;
                    int value = 0;
                    while (i < b.length && i - start < 3 && b[i] >= '0' && b[i] <= '9') {
                        value = value * 10 + b[i++] - '0';
                    }
                    if (value > 255) {
                        return error("decimal escape too large", start, i);
                    }
                }
            }
            return true;
        }

        private static boolean isNameStart(int c) {
            return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_';
        }

        /**
         * At a numeral: reads it as {@code llex.c}'s {@code read_numeral} does (hex digits and
         * points, an exponent mark with an optional sign) and checks that it is a Lua number;
         * otherwise sets {@link #bad} to {@code malformed number near '1.2.3'} (LuaJ's lexer
         * passes such text to {@code Double.parseDouble}, which fails with a Java message or, for
         * {@code 3d} or {@code 1f}, accepts what Lua rejects).
         */
        private boolean numeral() {
            int start = i;
            boolean hex = b[i] == '0' && i + 1 < b.length && (b[i + 1] == 'x' || b[i + 1] == 'X');
            char expo = hex ? 'p' : 'e';
            i += hex ? 2 : 1;
            while (i < b.length) {
                int c = b[i];
                if ((c | 0x20) == expo) {
                    i++;
                    if (i < b.length && (b[i] == '+' || b[i] == '-')) {
                        i++;
                    }
                } else if (Character.digit(c, 16) >= 0 || c == '.') {
                    i++;
                } else {
                    break;
                }
            }
            String text = new String(b, start, i - start, StandardCharsets.ISO_8859_1);
            if ((hex ? HEX_NUMERAL : DECIMAL_NUMERAL).matcher(text).matches()) {
                return true;
            }
            String where = ChunkNames.display(chunkName) + ":" + line + ": ";
            bad = new BadEscape(line, where + "malformed number near '" + text + "'");
            return false;
        }

        private static boolean isSpace(byte c) {
            return c == ' ' || (c >= '\t' && c <= '\r');
        }

        /**
         * {@code chunk:line: msg near '\text'} with the bytes [from, to) after the backslash; a
         * multi-byte UTF-8 character at the end is shown whole (the reference shows its first byte,
         * which a Java string cannot carry), and the text ends at a NUL as in the reference.
         */
        private boolean error(String msg, int from, int to) {
            int end = to;
            if (end > from && (b[end - 1] & 0xC0) == 0xC0) {
                while (end < b.length && end - to < 3 && (b[end] & 0xC0) == 0x80) {
                    end++;
                }
            }
            for (int k = from; k < end; k++) {
                if (b[k] == 0) {
                    end = k;
                }
            }
            String near = new String(b, from, end - from, StandardCharsets.UTF_8);
            String where = ChunkNames.display(chunkName) + ":" + line + ": ";
            bad = new BadEscape(line, where + msg + " near '\\" + near + "'");
            return false;
        }
    }
}
