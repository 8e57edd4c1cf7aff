package dev.jeplua.engine.coroutine;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites LuaJ's error positions into the reference interpreter's form:
 * {@code @s.lua:3 boom} becomes {@code s.lua:3: boom} and {@code =(command line):1 x}
 * becomes {@code (command line):1: x}, as {@code lua.c} prints them.
 */
public final class ErrorMessages {
    private static final Pattern LUAJ_POSITION = Pattern.compile("^[@=]?([^\\n]*?:(?:\\d+|\\?)) (.*)$", Pattern.DOTALL);

    private ErrorMessages() {
    }

    /** @return {@code message} with a LuaJ-style position prefix rewritten; other text unchanged */
    public static String normalize(String message) {
        if (message == null) {
            return null;
        }
        Matcher m = LUAJ_POSITION.matcher(message);
        if (m.matches() && !m.group(1).endsWith(":")) {
            return m.group(1) + ": " + m.group(2);
        }
        if (message.startsWith("@") || message.startsWith("=")) {
            return message.substring(1);
        }
        return message;
    }
}
