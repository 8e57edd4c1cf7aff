package dev.jeplua.engine.stdlib.os;

import dev.jeplua.engine.api.LibraryFunction;
import dev.jeplua.engine.api.LuaArgs;
import dev.jeplua.engine.stdlib.base.CoreLib;
import dev.jeplua.engine.stdlib.io.Errno;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.time.temporal.IsoFields;
import java.util.Locale;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.TwoArgFunction;

/**
 * Replaces LuaJ's {@code os.date}, {@code os.time}, {@code os.execute}, {@code os.remove},
 * {@code os.rename}, {@code os.tmpname} and {@code os.clock} with Lua 5.2's
 * behaviour (installed after LuaJ's {@code os} library; {@code os.exit} is JEPLua's orderly
 * shutdown from {@link CoreLib}):
 * <pre>
 * os.date([fmt [, time]]) -> string | table   strftime conversions of the C locale; a leading "!"
 *                                             means UTC; "*t" / "!*t" give {year, month, day, hour,
 *                                             min, sec, wday, yday, isdst}; an unknown conversion
 *                                             raises "bad argument #1 to 'date' (invalid conversion specifier '%Q')"
 * os.time([t]) -> seconds                     t's fields in local time, normalized like mktime
 *                                             (month 13 is January of the next year); day, month,
 *                                             year are required ("field 'day' missing in date table")
 * os.remove(name), os.rename(a, b) -> true | nil, "name: No such file or directory", errno  ({@link Errno})
 * os.tmpname() -> "/tmp/lua_1234"                creates the empty file (mode 600) in java.io.tmpdir, as
 *                                             5.2's mkstemp; "unable to generate a unique filename"
 * os.execute([cmd]) -> true|nil, "exit", code  runs cmd with /bin/sh -c, blocking the engine
 *                                             thread like lua does; no cmd -> true (a shell exists)
 * os.clock() -> seconds (float)               CPU time of the process, as C's clock(): the JVM's
 *                                             process CPU time (all its threads; 10 ms steps on
 *                                             Linux); LuaJ's was wall time since start
 * </pre>
 * Times are seconds since the epoch; the local zone is the JVM's default. Engine thread.
 */
public final class OsFunctions extends TwoArgFunction implements LibraryFunction.Body {
    private static final String OPTIONS_1 = "aAbBcCdDeFgGhHIjmMnprRStTuUVwWxXyYzZ%";
    private static final String OPTIONS_E = "cCxXyY";
    private static final String OPTIONS_O = "deHImMSuUVwWy";
    private final Runnable beforeExecute;

    /** @param beforeExecute run before a command starts (flushes buffered print output so it comes first) */
    public OsFunctions(Runnable beforeExecute) {
        this.beforeExecute = beforeExecute;
    }

    @Override
    public LuaValue call(LuaValue modname, LuaValue env) {
        LuaValue o = env.get("os");
        if (!o.istable()) {
            return NIL;
        }
        LuaTable os = (LuaTable) o;
        LibraryFunction.define(os, "date", DATE, this);
        LibraryFunction.define(os, "time", TIME, this);
        LibraryFunction.define(os, "execute", EXECUTE, this);
        LibraryFunction.define(os, "tmpname", TMPNAME, this);
        LibraryFunction.define(os, "remove", REMOVE, this);
        LibraryFunction.define(os, "rename", RENAME, this);
        LibraryFunction.define(os, "clock", CLOCK, this);
        return os;
    }

    /**
     * CPU time the process has used, in seconds, as C's {@code clock()} behind Lua's
     * {@code os.clock}: the JVM's process CPU time (every thread, the JVM's own included, since
     * the process started; 10 ms steps on Linux). Where the JVM cannot tell, the time since the
     * JVM started. Any thread.
     */
    static double cpuSeconds() {
        java.lang.management.OperatingSystemMXBean bean =
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        if (bean instanceof com.sun.management.OperatingSystemMXBean sun) {
            long ns = sun.getProcessCpuTime();
            if (ns >= 0) {
                return ns / 1e9;
            }
        }
        return java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0;
    }

    private static Varargs date(Varargs a) {
        String fmt = a.isnoneornil(1) ? "%c" : LuaArgs.luaString(a, 1, "date").tojstring();
        long t = a.isnoneornil(2) ? System.currentTimeMillis() / 1000 : (long) LuaArgs.number(a, 2, "date");
        ZoneId zone = ZoneId.systemDefault();
        if (fmt.startsWith("!")) {
            zone = ZoneOffset.UTC;
            fmt = fmt.substring(1);
        }
        ZonedDateTime d = Instant.ofEpochSecond(t).atZone(zone);
        if (fmt.startsWith("*t")) {
            LuaTable r = new LuaTable();
            r.set("year", d.getYear());
            r.set("month", d.getMonthValue());
            r.set("day", d.getDayOfMonth());
            r.set("hour", d.getHour());
            r.set("min", d.getMinute());
            r.set("sec", d.getSecond());
            r.set("wday", d.getDayOfWeek().getValue() % 7 + 1);
            r.set("yday", d.getDayOfYear());
            r.set("isdst", valueOf(zone.getRules().isDaylightSavings(d.toInstant())));
            return r;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < fmt.length(); i++) {
            char c = fmt.charAt(i);
            if (c != '%') {
                sb.append(c);
                continue;
            }
            if (i + 1 >= fmt.length()) {
                throw LuaArgs.argError(1, "date", "invalid conversion specifier '%'");
            }
            char k = fmt.charAt(++i);
            if (k == 'E' || k == 'O') {
                String allowed = k == 'E' ? OPTIONS_E : OPTIONS_O;
                if (i + 1 >= fmt.length() || allowed.indexOf(fmt.charAt(i + 1)) < 0) {
                    throw LuaArgs.argError(
                            1,
                            "date",
                            "invalid conversion specifier '%" + fmt.substring(i, Math.min(fmt.length(), i + 2)) + "'");
                }
                k = fmt.charAt(++i);
            } else if (OPTIONS_1.indexOf(k) < 0) {
                throw LuaArgs.argError(1, "date", "invalid conversion specifier '%" + k + "'");
            }
            strftime(sb, k, d);
        }
        return valueOf(sb.toString());
    }

    private static String two(int v) {
        return v < 10 ? "0" + v : Integer.toString(v);
    }

    private static void strftime(StringBuilder sb, char k, ZonedDateTime d) {
        switch (k) {
            case 'a' -> sb.append(d.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.US));
            case 'A' -> sb.append(d.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.US));
            case 'b', 'h' -> sb.append(d.getMonth().getDisplayName(TextStyle.SHORT, Locale.US));
            case 'B' -> sb.append(d.getMonth().getDisplayName(TextStyle.FULL, Locale.US));
            case 'c' -> {
                strftime(sb, 'a', d);
                sb.append(' ');
                strftime(sb, 'b', d);
                sb.append(' ');
                strftime(sb, 'e', d);
                sb.append(' ');
                strftime(sb, 'T', d);
                sb.append(' ').append(d.getYear());
            }
            case 'C' -> sb.append(two(d.getYear() / 100));
            case 'd' -> sb.append(two(d.getDayOfMonth()));
            case 'D', 'x' ->
                sb.append(two(d.getMonthValue()))
                        .append('/')
                        .append(two(d.getDayOfMonth()))
                        .append('/')
                        .append(two(d.getYear() % 100));
            case 'e' -> sb.append(d.getDayOfMonth() < 10 ? " " : "").append(d.getDayOfMonth());
            case 'F' ->
                sb.append(String.format("%04d-%s-%s", d.getYear(), two(d.getMonthValue()), two(d.getDayOfMonth())));
            case 'g' -> sb.append(two(d.get(IsoFields.WEEK_BASED_YEAR) % 100));
            case 'G' -> sb.append(d.get(IsoFields.WEEK_BASED_YEAR));
            case 'H' -> sb.append(two(d.getHour()));
            case 'I' -> sb.append(two(d.getHour() % 12 == 0 ? 12 : d.getHour() % 12));
            case 'j' -> sb.append(String.format("%03d", d.getDayOfYear()));
            case 'm' -> sb.append(two(d.getMonthValue()));
            case 'M' -> sb.append(two(d.getMinute()));
            case 'n' -> sb.append('\n');
            case 'p' -> sb.append(d.getHour() < 12 ? "AM" : "PM");
            case 'r' -> {
                strftime(sb, 'I', d);
                sb.append(':')
                        .append(two(d.getMinute()))
                        .append(':')
                        .append(two(d.getSecond()))
                        .append(' ');
                strftime(sb, 'p', d);
            }
            case 'R' -> sb.append(two(d.getHour())).append(':').append(two(d.getMinute()));
            case 'S' -> sb.append(two(d.getSecond()));
            case 't' -> sb.append('\t');
            case 'T', 'X' ->
                sb.append(two(d.getHour()))
                        .append(':')
                        .append(two(d.getMinute()))
                        .append(':')
                        .append(two(d.getSecond()));
            case 'u' -> sb.append(d.getDayOfWeek().getValue());
            case 'U' -> sb.append(two((d.getDayOfYear() + 6 - d.getDayOfWeek().getValue() % 7) / 7));
            case 'V' -> sb.append(two(d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)));
            case 'w' -> sb.append(d.getDayOfWeek().getValue() % 7);
            case 'W' -> sb.append(two((d.getDayOfYear() + 6 - (d.getDayOfWeek().getValue() + 6) % 7) / 7));
            case 'y' -> sb.append(two(d.getYear() % 100));
            case 'Y' -> sb.append(d.getYear());
            case 'z' -> {
                int s = d.getOffset().getTotalSeconds();
                sb.append(s < 0 ? '-' : '+').append(two(Math.abs(s) / 3600)).append(two(Math.abs(s) % 3600 / 60));
            }
            case 'Z' ->
                sb.append(
                        d.getZone().equals(ZoneOffset.UTC)
                                ? "GMT"
                                : d.getZone()
                                        .getDisplayName(TextStyle.SHORT, Locale.US)
                                        .replace("Coordinated Universal Time", "UTC"));
            default -> sb.append('%');
        }
    }

    private static Varargs time(Varargs a) {
        if (a.isnoneornil(1)) {
            return org.luaj.vm2.Lua54Numbers.integer(System.currentTimeMillis() / 1000);
        }
        LuaTable t = LuaArgs.table(a, 1, "time");
        // the order in which Lua 5.4's os_time reads the fields, so a missing one is named as there
        long year = field(t, "year", -1);
        long month = field(t, "month", -1);
        long day = field(t, "day", -1);
        long hour = field(t, "hour", 12);
        long min = field(t, "min", 0);
        long sec = field(t, "sec", 0);
        LocalDateTime base = LocalDateTime.of((int) year, 1, 1, 0, 0);
        LocalDateTime ldt = base.plusMonths(month - 1)
                .plusDays(day - 1)
                .plusHours(hour)
                .plusMinutes(min)
                .plusSeconds(sec);
        long s = ldt.atZone(ZoneId.systemDefault()).toEpochSecond();
        return org.luaj.vm2.Lua54Numbers.integer(s);
    }

    private static long field(LuaTable t, String key, long def) {
        LuaValue v = t.get(key);
        if (v.isnil()) {
            if (def < 0) {
                throw new LuaError("field '" + key + "' missing in date table");
            }
            return def;
        }
        if (!v.isnumber()) {
            throw new LuaError("field '" + key + "' missing in date table");
        }
        return (long) v.todouble();
    }

    private Varargs execute(Varargs a) {
        if (a.isnoneornil(1)) {
            return TRUE;
        }
        String cmd = LuaArgs.luaString(a, 1, "execute").tojstring();
        beforeExecute.run();
        try {
            Process p = new ProcessBuilder("/bin/sh", "-c", cmd).inheritIO().start();
            int code = p.waitFor();
            if (code > 128 && code < 160) {
                return varargsOf(NIL, valueOf("signal"), valueOf(code - 128));
            }
            return varargsOf(code == 0 ? TRUE : NIL, valueOf("exit"), valueOf(code));
        } catch (IOException e) {
            return varargsOf(NIL, valueOf("exit"), valueOf(127));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return varargsOf(NIL, valueOf("signal"), valueOf(2));
        }
    }

    // function numbers of this os's LibraryFunction.Body
    private static final int DATE = 0;
    private static final int TIME = 1;
    private static final int EXECUTE = 2;
    private static final int TMPNAME = 3;
    private static final int REMOVE = 4;
    private static final int RENAME = 5;
    private static final int CLOCK = 6;

    @Override
    public Varargs call(int index, Varargs a) {
        return switch (index) {
            case DATE -> date(a);
            case TIME -> time(a);
            case EXECUTE -> execute(a);
            case TMPNAME -> luaTmpname(a);
            case REMOVE -> luaRemove(a);
            case RENAME -> luaRename(a);
            case CLOCK -> valueOf(cpuSeconds());
            default -> throw new IllegalArgumentException("os: no function " + index);
        };
    }

    private Varargs luaTmpname(Varargs a) {
        try {
            java.nio.file.Path dir = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"));
            return valueOf(java.nio.file.Files.createTempFile(dir, "lua_", "").toString());
        } catch (IOException | RuntimeException e) {
            throw new LuaError("unable to generate a unique filename");
        }
    }

    private Varargs luaRemove(Varargs a) {
        String name = LuaArgs.luaString(a, 1, "remove").tojstring();
        try {
            java.nio.file.Files.delete(java.nio.file.Path.of(name));
            return TRUE;
        } catch (IOException | RuntimeException e) {
            return Errno.result(name + ": ", e);
        }
    }

    private Varargs luaRename(Varargs a) {
        String from = LuaArgs.luaString(a, 1, "rename").tojstring();
        String to = LuaArgs.luaString(a, 2, "rename").tojstring();
        try {
            java.nio.file.Files.move(
                    java.nio.file.Path.of(from),
                    java.nio.file.Path.of(to),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return TRUE;
        } catch (IOException | RuntimeException e) {
            return Errno.result("", e);
        }
    }
}
