package dev.jeplua.engine.stdlib.io;

import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The failure results of the file functions of {@code io}, {@code os} and {@code lfs}: the C
 * library's {@code strerror} text for a Java I/O failure and its Linux {@code errno}, returned as
 * {@code nil, "name: No such file or directory", 2} the way the reference's
 * {@code luaL_fileresult} does. The one place that maps Java exceptions to errno texts and
 * numbers. Stateless; any thread.
 */
public final class Errno {
    /** errno for a text not in the table (EIO), where a number is always returned. */
    public static final int EIO = 5;

    private static final Pattern PARENTHESIZED = Pattern.compile(".* \\(([^()]*)\\)$");
    private static final Map<String, Integer> NUMBERS = Map.ofEntries(
            Map.entry("Operation not permitted", 1),
            Map.entry("No such file or directory", 2),
            Map.entry("Bad file descriptor", 9),
            Map.entry("Permission denied", 13),
            Map.entry("File exists", 17),
            Map.entry("Invalid cross-device link", 18),
            Map.entry("Not a directory", 20),
            Map.entry("Is a directory", 21),
            Map.entry("Invalid argument", 22),
            Map.entry("No space left on device", 28),
            Map.entry("Illegal seek", 29),
            Map.entry("Read-only file system", 30),
            Map.entry("File name too long", 36),
            Map.entry("Directory not empty", 39),
            Map.entry("Too many levels of symbolic links", 40));

    private Errno() {}

    /**
     * The strerror-style text of a failure: the java.nio exception types by their meaning
     * ({@code NoSuchFileException} is "No such file or directory", ...), a
     * {@code FileSystemException}'s own reason, the part in parentheses of a java.io message
     * ({@code "x (No such file or directory)"}), else the message itself.
     */
    public static String reason(Exception e) {
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        } else if (e instanceof FileAlreadyExistsException) {
            return "File exists";
        } else if (e instanceof DirectoryNotEmptyException) {
            return "Directory not empty";
        } else if (e instanceof AccessDeniedException) {
            return "Permission denied";
        } else if (e instanceof NotDirectoryException) {
            return "Not a directory";
        } else if (e instanceof NotLinkException || e instanceof InvalidPathException) {
            return "Invalid argument";
        } else if (e instanceof UnsupportedOperationException) {
            return "Operation not supported";
        } else if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        String m = e.getMessage();
        if (m == null) {
            return e.toString();
        }
        Matcher x = PARENTHESIZED.matcher(m);
        return x.matches() ? x.group(1) : m;
    }

    /** The Linux errno of a strerror text, or 0 when the text is not one this table knows. */
    public static int number(String reason) {
        return NUMBERS.getOrDefault(reason, 0);
    }

    /** {@code nil, text, errno}. */
    public static Varargs result(String text, int errno) {
        return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf(text), LuaValue.valueOf(errno));
    }

    /**
     * {@code nil, prefix + reason(e), errno} as luaL_fileresult returns them; an unknown text
     * gets {@link #EIO}. The text is UTF-8 (names in it may be non-ASCII).
     */
    public static Varargs result(String prefix, Exception e) {
        String reason = reason(e);
        int errno = number(reason);
        return LuaValue.varargsOf(LuaValue.NIL, utf8(prefix + reason), LuaValue.valueOf(errno == 0 ? EIO : errno));
    }

    /** As {@link #result(String, Exception)}, but without the errno when the text is unknown (lfs). */
    public static Varargs resultOmittingUnknown(String prefix, Exception e) {
        String reason = reason(e);
        int errno = number(reason);
        LuaString message = utf8(prefix + reason);
        return errno == 0
                ? LuaValue.varargsOf(LuaValue.NIL, message)
                : LuaValue.varargsOf(LuaValue.NIL, message, LuaValue.valueOf(errno));
    }

    private static LuaString utf8(String s) {
        return LuaString.valueUsing(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
