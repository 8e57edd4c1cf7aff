package dev.jeplua.engine.stdlib.string;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;

/**
 * Lua 5.2 pattern matching (manual §6.4.1) over the bytes of a Lua string: character classes
 * {@code %a %c %d %g %l %p %s %u %w %x} (ASCII, as in the C locale) and their complements,
 * sets {@code [...]}, {@code . * + - ?}, anchors, captures (including position captures
 * {@code ()}), back-references {@code %1}-{@code %9}, {@code %b()} and the frontier {@code %f[set]}.
 * Malformed patterns raise the reference's errors ({@code malformed pattern (ends with '%')},
 * {@code malformed pattern (missing ']')}, {@code missing '[' after '%f' in pattern},
 * {@code invalid capture index %1}, {@code invalid pattern capture}, {@code unfinished capture},
 * {@code pattern too complex}, {@code too many captures}).
 *
 * <p>One instance holds the state of one match attempt series over one subject; not thread-safe.
 */
final class LuaPatterns {
    static final int MAX_CAPTURES = 32;
    private static final int CAP_UNFINISHED = -1;
    private static final int CAP_POSITION = -2;
    private static final int MAX_CALLS = 200;
    private static final char ESC = '%';

    final byte[] src;
    final int srcLen;
    final byte[] pat;
    final int patLen;
    int level;
    final int[] captureStart = new int[MAX_CAPTURES];
    final int[] captureLen = new int[MAX_CAPTURES];
    private int depth;

    LuaPatterns(LuaString subject, LuaString pattern) {
        this.src = bytes(subject);
        this.srcLen = src.length;
        this.pat = bytes(pattern);
        this.patLen = pat.length;
    }

    static byte[] bytes(LuaString s) {
        byte[] b = new byte[s.m_length];
        System.arraycopy(s.m_bytes, s.m_offset, b, 0, b.length);
        return b;
    }

    /** Resets captures before an attempt. */
    void reset() {
        level = 0;
        depth = 0;
    }

    /**
     * Tries to match the pattern from {@code p} against the subject from {@code s}.
     *
     * @return the subject index just after the match, or -1
     */
    int match(int s, int p) {
        if (++depth > MAX_CALLS) {
            throw new LuaError("pattern too complex");
        }
        try {
            while (true) {
                if (p == patLen) {
                    return s;
                }
                switch (pat[p]) {
                    case '(':
                        if (p + 1 < patLen && pat[p + 1] == ')') {
                            return startCapture(s, p + 2, CAP_POSITION);
                        }
                        return startCapture(s, p + 1, CAP_UNFINISHED);
                    case ')':
                        return endCapture(s, p + 1);
                    case '$':
                        if (p + 1 == patLen) {
                            return s == srcLen ? s : -1;
                        }
                        break;
                    case ESC:
                        if (p + 1 < patLen) {
                            byte next = pat[p + 1];
                            if (next == 'b') {
                                s = matchBalance(s, p + 2);
                                if (s == -1) {
                                    return -1;
                                }
                                p += 4;
                                continue;
                            }
                            if (next == 'f') {
                                p += 2;
                                if (p >= patLen || pat[p] != '[') {
                                    throw new LuaError("missing '[' after '%f' in pattern");
                                }
                                int ep = classEnd(p);
                                int prev = s == 0 ? 0 : src[s - 1] & 0xff;
                                int cur = s < srcLen ? src[s] & 0xff : 0;
                                if (!matchClass(prev, p, ep - 1) && matchClass(cur, p, ep - 1)) {
                                    p = ep;
                                    continue;
                                }
                                return -1;
                            }
                            if (Character.isDigit(next)) {
                                s = matchCapture(s, next);
                                if (s == -1) {
                                    return -1;
                                }
                                p += 2;
                                continue;
                            }
                        }
                        break;
                    default:
                        break;
                }
                int ep = classEnd(p);
                boolean m = s < srcLen && singleMatch(src[s] & 0xff, p, ep);
                int epc = ep < patLen ? pat[ep] : 0;
                if (epc == '?') {
                    if (m) {
                        int r = match(s + 1, ep + 1);
                        if (r != -1) {
                            return r;
                        }
                    }
                    p = ep + 1;
                    continue;
                }
                if (epc == '+') {
                    return m ? maxExpand(s + 1, p, ep) : -1;
                }
                if (epc == '*') {
                    return maxExpand(s, p, ep);
                }
                if (epc == '-') {
                    return minExpand(s, p, ep);
                }
                if (!m) {
                    return -1;
                }
                s++;
                p = ep;
            }
        } finally {
            depth--;
        }
    }

    private int maxExpand(int s, int p, int ep) {
        int i = 0;
        while (s + i < srcLen && singleMatch(src[s + i] & 0xff, p, ep)) {
            i++;
        }
        while (i >= 0) {
            int r = match(s + i, ep + 1);
            if (r != -1) {
                return r;
            }
            i--;
        }
        return -1;
    }

    private int minExpand(int s, int p, int ep) {
        while (true) {
            int r = match(s, ep + 1);
            if (r != -1) {
                return r;
            }
            if (s < srcLen && singleMatch(src[s] & 0xff, p, ep)) {
                s++;
            } else {
                return -1;
            }
        }
    }

    private int startCapture(int s, int p, int what) {
        if (level >= MAX_CAPTURES) {
            throw new LuaError("too many captures");
        }
        captureStart[level] = s;
        captureLen[level] = what;
        level++;
        int r = match(s, p);
        if (r == -1) {
            level--;
        }
        return r;
    }

    private int endCapture(int s, int p) {
        int l = captureToClose();
        captureLen[l] = s - captureStart[l];
        int r = match(s, p);
        if (r == -1) {
            captureLen[l] = CAP_UNFINISHED;
        }
        return r;
    }

    private int captureToClose() {
        for (int l = level - 1; l >= 0; l--) {
            if (captureLen[l] == CAP_UNFINISHED) {
                return l;
            }
        }
        throw new LuaError("invalid pattern capture");
    }

    private int matchBalance(int s, int p) {
        if (p + 1 >= patLen) {
            throw new LuaError("missing arguments to '%b'");
        }
        if (s >= srcLen || src[s] != pat[p]) {
            return -1;
        }
        byte b = pat[p];
        byte e = pat[p + 1];
        int cont = 1;
        int i = s + 1;
        while (i < srcLen) {
            byte c = src[i];
            if (c == e) {
                if (--cont == 0) {
                    return i + 1;
                }
            } else if (c == b) {
                cont++;
            }
            i++;
        }
        return -1;
    }

    private int matchCapture(int s, int digit) {
        int l = checkCapture(digit);
        int len = captureLen[l];
        if (srcLen - s >= len) {
            for (int i = 0; i < len; i++) {
                if (src[captureStart[l] + i] != src[s + i]) {
                    return -1;
                }
            }
            return s + len;
        }
        return -1;
    }

    private int checkCapture(int digit) {
        int l = digit - '1';
        if (l < 0 || l >= level || captureLen[l] == CAP_UNFINISHED) {
            throw new LuaError("invalid capture index %" + (l + 1));
        }
        return l;
    }

    /** Index just after the single-character class starting at {@code p}. */
    private int classEnd(int p) {
        byte c = pat[p++];
        if (c == ESC) {
            if (p >= patLen) {
                throw new LuaError("malformed pattern (ends with '%')");
            }
            return p + 1;
        }
        if (c == '[') {
            if (p < patLen && pat[p] == '^') {
                p++;
            }
            do {
                if (p >= patLen) {
                    throw new LuaError("malformed pattern (missing ']')");
                }
                c = pat[p++];
                if (c == ESC && p < patLen) {
                    p++;
                }
            } while (p >= patLen || pat[p] != ']');
            return p + 1;
        }
        return p;
    }

    private boolean singleMatch(int c, int p, int ep) {
        switch (pat[p]) {
            case '.':
                return true;
            case ESC:
                return classMatches(c, pat[p + 1] & 0xff);
            case '[':
                return matchClass(c, p, ep - 1);
            default:
                return (pat[p] & 0xff) == c;
        }
    }

    /** Set {@code [...]} from {@code p} (at '[') to {@code ec} (at ']'). */
    private boolean matchClass(int c, int p, int ec) {
        boolean sig = true;
        if (pat[p + 1] == '^') {
            sig = false;
            p++;
        }
        while (++p < ec) {
            if (pat[p] == ESC) {
                p++;
                if (classMatches(c, pat[p] & 0xff)) {
                    return sig;
                }
            } else if (p + 2 < ec && pat[p + 1] == '-') {
                if ((pat[p] & 0xff) <= c && c <= (pat[p + 2] & 0xff)) {
                    return sig;
                }
                p += 2;
            } else if ((pat[p] & 0xff) == c) {
                return sig;
            }
        }
        return !sig;
    }

    /** {@code %x}-style class letter {@code cl} against byte {@code c} (ASCII, C locale). */
    static boolean classMatches(int c, int cl) {
        boolean r;
        switch (Character.toLowerCase(cl)) {
            case 'a' -> r = isAlpha(c);
            case 'c' -> r = c < 32 || c == 127;
            case 'd' -> r = c >= '0' && c <= '9';
            case 'g' -> r = c > 32 && c < 127;
            case 'l' -> r = c >= 'a' && c <= 'z';
            case 'p' -> r = c > 32 && c < 127 && !isAlpha(c) && !(c >= '0' && c <= '9');
            case 's' -> r = c == ' ' || (c >= 9 && c <= 13);
            case 'u' -> r = c >= 'A' && c <= 'Z';
            case 'w' -> r = isAlpha(c) || (c >= '0' && c <= '9');
            case 'x' -> r = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            case 'z' -> r = c == 0;
            default -> {
                return cl == c;
            }
        }
        return Character.isUpperCase(cl) != r;
    }

    private static boolean isAlpha(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /**
     * Capture {@code i} of the last match from {@code s} to {@code e}: a string, a position
     * (number) or, for {@code i == 0} without captures, the whole match.
     */
    LuaValue capture(int i, int s, int e) {
        if (i >= level) {
            if (i == 0) {
                return LuaString.valueUsing(java.util.Arrays.copyOfRange(src, s, e));
            }
            throw new LuaError("invalid capture index %" + (i + 1));
        }
        int l = captureLen[i];
        if (l == CAP_UNFINISHED) {
            throw new LuaError("unfinished capture");
        }
        if (l == CAP_POSITION) {
            return LuaValue.valueOf(captureStart[i] + 1);
        }
        return LuaString.valueUsing(java.util.Arrays.copyOfRange(src, captureStart[i], captureStart[i] + l));
    }

    /** All captures (or the whole match when the pattern has none). */
    LuaValue[] captures(int s, int e, boolean wholeIfNone) {
        int n = level == 0 && wholeIfNone ? 1 : level;
        LuaValue[] v = new LuaValue[n];
        for (int i = 0; i < n; i++) {
            v[i] = capture(i, s, e);
        }
        return v;
    }

    /** True when the pattern has no special characters (find may then search plainly). */
    static boolean noSpecials(LuaString p) {
        for (int i = 0; i < p.m_length; i++) {
            if ("^$*+?.([%-".indexOf(p.m_bytes[p.m_offset + i]) >= 0) {
                return false;
            }
        }
        return true;
    }
}
