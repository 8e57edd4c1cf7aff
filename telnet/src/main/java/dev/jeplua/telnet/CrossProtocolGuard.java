package dev.jeplua.telnet;

import java.util.regex.Pattern;

/**
 * Recognises an HTTP request sent to the telnet port: the cross-protocol attack where a web page
 * makes the browser post a form ({@code enctype=text/plain}) to {@code http://127.0.0.1:8023/},
 * whose body lines would otherwise run as Lua. The session handler applies these checks to every
 * line until the connection's first chunk runs, and closes the connection without running
 * anything on a match (as Redis does).
 *
 * <p>None of the patterns matches a valid Lua line: a request line ({@code POST /x HTTP/1.1}) is
 * not Lua, and a {@code Host:}/{@code Origin:} header is told apart from a Lua method call
 * ({@code host:close()}) by what follows the colon: a name followed by call arguments
 * ({@code (}, <code>{</code>, a string or a long bracket) is Lua. Pure functions; any thread.
 */
final class CrossProtocolGuard {
    private static final String METHODS = "(?:GET|POST|PUT|HEAD|OPTIONS|DELETE|PATCH|CONNECT|TRACE|PRI)";
    /** A whole request line, e.g. {@code POST / HTTP/1.1}. */
    private static final Pattern REQUEST_LINE = Pattern.compile("^" + METHODS + " \\S+ HTTP/");
    /** The start of a request line too long to be kept whole (origin, absolute, asterisk or authority form). */
    private static final Pattern REQUEST_LINE_START =
            Pattern.compile("^" + METHODS + " (?:/|\\*|[A-Za-z][A-Za-z0-9+.-]*://|[A-Za-z0-9.-]+:\\d)");
    /** A Host or Origin header, but not a Lua method call on a variable named host or origin. */
    private static final Pattern HEADER =
            Pattern.compile("^(?i:host|origin)[ \\t]*:(?![ \\t]*[A-Za-z_][A-Za-z0-9_]*[ \\t]*[({\"'\\[])");

    private CrossProtocolGuard() {}

    /** @return true when {@code line} (a whole line, without its terminator) looks like part of an HTTP request */
    static boolean isHttp(String line) {
        return REQUEST_LINE.matcher(line).find() || HEADER.matcher(line).find();
    }

    /** @return true when {@code start}, the first bytes of a line too long to keep, begins an HTTP request line */
    static boolean startsHttpRequest(String start) {
        return REQUEST_LINE_START.matcher(start).find();
    }
}
