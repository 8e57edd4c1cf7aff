package dev.jeplua.repl.protocol;

import java.util.Set;

/**
 * Lua's reserved words (Lua 5.4 manual §3.1), shared by the telnet server's completion and the
 * REPL client's highlighting. Immutable; any thread.
 */
public final class LuaKeywords {
    private LuaKeywords() {}

    /** The 22 reserved words. */
    public static final Set<String> RESERVED = Set.of(
            "and",
            "break",
            "do",
            "else",
            "elseif",
            "end",
            "false",
            "for",
            "function",
            "goto",
            "if",
            "in",
            "local",
            "nil",
            "not",
            "or",
            "repeat",
            "return",
            "then",
            "true",
            "until",
            "while");

    /** True when {@code word} is a reserved word (so it cannot be a name). */
    public static boolean isReserved(String word) {
        return RESERVED.contains(word);
    }
}
