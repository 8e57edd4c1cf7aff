package dev.jeplua.repl;

import dev.jeplua.repl.protocol.LuaKeywords;
import java.util.Set;
import java.util.regex.Pattern;
import org.jline.reader.Highlighter;
import org.jline.reader.LineReader;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * Lua syntax highlighting for the line being edited: keywords, strings (quoted and long
 * brackets), numbers, comments, and meta commands ({@code :help}). A small lexer of its own —
 * it only colours, so unfinished input (an open string) is fine. On a dumb terminal JLine
 * drops the colours.
 */
public final class LuaHighlighter implements Highlighter {
    static final Set<String> KEYWORDS = LuaKeywords.RESERVED;
    static final AttributedStyle KEYWORD = AttributedStyle.BOLD.foreground(AttributedStyle.BLUE);
    static final AttributedStyle STRING = AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN);
    static final AttributedStyle NUMBER = AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN);
    static final AttributedStyle COMMENT =
            AttributedStyle.DEFAULT.foreground(AttributedStyle.BRIGHT + AttributedStyle.BLACK);
    static final AttributedStyle META = AttributedStyle.BOLD.foreground(AttributedStyle.MAGENTA);

    @Override
    public AttributedString highlight(LineReader reader, String buffer) {
        return highlight(buffer);
    }

    /** Highlights {@code s}. */
    public static AttributedString highlight(String s) {
        AttributedStringBuilder sb = new AttributedStringBuilder(s.length() + 16);
        if (s.stripLeading().startsWith(":")) {
            return sb.styled(META, s).toAttributedString();
        }
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            int end;
            AttributedStyle style = null;
            if (c == '-' && s.startsWith("--", i)) {
                int level = longBracket(s, i + 2);
                end = level >= 0 ? closeLongBracket(s, i + 2, level) : lineEnd(s, i);
                style = COMMENT;
            } else if (c == '"' || c == '\'') {
                end = quotedEnd(s, i);
                style = STRING;
            } else if (c == '[' && longBracket(s, i) >= 0) {
                end = closeLongBracket(s, i, longBracket(s, i));
                style = STRING;
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(s.charAt(i + 1)))) {
                end = numberEnd(s, i);
                style = NUMBER;
            } else if (Character.isLetter(c) || c == '_') {
                end = i;
                while (end < n && (Character.isLetterOrDigit(s.charAt(end)) || s.charAt(end) == '_')) {
                    end++;
                }
                if (KEYWORDS.contains(s.substring(i, end))) {
                    style = KEYWORD;
                }
            } else {
                end = i + 1;
            }
            if (style == null) {
                sb.append(s, i, end);
            } else {
                sb.styled(style, s.substring(i, end));
            }
            i = end;
        }
        return sb.toAttributedString();
    }

    private static final Pattern NUMBER_TAIL =
            Pattern.compile("(0[xX][0-9a-fA-F.]*([pP][+-]?\\d*)?|[0-9.]*([eE][+-]?\\d*)?)");

    private static int numberEnd(String s, int i) {
        var m = NUMBER_TAIL.matcher(s);
        m.region(i, s.length());
        return m.lookingAt() && m.end() > i ? m.end() : i + 1;
    }

    private static int lineEnd(String s, int i) {
        int nl = s.indexOf('\n', i);
        return nl < 0 ? s.length() : nl;
    }

    private static int quotedEnd(String s, int i) {
        char q = s.charAt(i);
        int j = i + 1;
        while (j < s.length()) {
            char c = s.charAt(j);
            if (c == '\\') {
                j += 2;
                continue;
            }
            if (c == q || c == '\n') {
                return j + 1;
            }
            j++;
        }
        return s.length();
    }

    /** The level of a long bracket {@code [==[} at {@code i}, or -1. */
    private static int longBracket(String s, int i) {
        if (i >= s.length() || s.charAt(i) != '[') {
            return -1;
        }
        int j = i + 1;
        while (j < s.length() && s.charAt(j) == '=') {
            j++;
        }
        return j < s.length() && s.charAt(j) == '[' ? j - i - 1 : -1;
    }

    private static int closeLongBracket(String s, int i, int level) {
        String close = "]" + "=".repeat(level) + "]";
        int at = s.indexOf(close, i + level + 2);
        return at < 0 ? s.length() : at + close.length();
    }

    @Override
    public void setErrorPattern(Pattern errorPattern) {}

    @Override
    public void setErrorIndex(int errorIndex) {}
}
