package dev.jeplua.fibaro;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the {@code --%%key:value} header directives of a QuickApp file (docs/fibaro.md#directives;
 * the rules follow the HC3 emulators described in shared/reference/fibaro-quickapp.md section 1):
 * <ul>
 *   <li>a directive is a line starting with {@code --%%}, a key of letters, digits and
 *       {@code _}, then {@code :} or {@code =} (the older emulators' form); {@code --%% key}
 *       with a space is not a directive (the usual way to comment one out);</li>
 *   <li>the whole file is scanned, up to a line starting with two or more dashes and
 *       {@code ENDOFHEADERS};</li>
 *   <li>values are trimmed; a trailing {@code " -- comment"} and a trailing {@code ;} are
 *       dropped;</li>
 *   <li>{@code var}, {@code u} and {@code file} accumulate; for other keys the last one wins;</li>
 *   <li>{@code --%%var:name=expr} (or {@code --%%var=name:expr}); {@code --%%file:path,name}
 *       (or {@code path:name}, split at the last colon; without a name the file's base
 *       name);</li>
 *   <li>booleans are {@code true} or {@code false} (any case); anything else is a warning and
 *       the key is ignored;</li>
 *   <li>an unknown key, or a known one JEPLua does not emulate ({@code save}, {@code time} ...),
 *       gives a warning; nothing is fatal.</li>
 * </ul>
 * Unlike plua, each line may use either form independently (plua rewrites {@code =} lines only
 * when the file contains {@code --%%name=}). Stateless; any thread.
 */
public final class HeaderParser {
    private static final Pattern DIRECTIVE = Pattern.compile("^--%%([A-Za-z0-9_]+)([:=])(.*)$");
    private static final Pattern END = Pattern.compile("^---*ENDOFHEADERS.*");
    /** Keys of the emulators that JEPLua reads but does not act on (warned about as such). */
    private static final Set<String> NOT_EMULATED = Set.of(
            "project",
            "conceal",
            "latitude",
            "longitude",
            "breakonload",
            "proxyupdate",
            "proxy_port",
            "noproxy",
            "qacolor",
            "logui",
            "speed",
            "merge",
            "role",
            "headers",
            "webui",
            "state",
            "norun",
            "nop");

    private HeaderParser() {}

    /**
     * Parses the directives of {@code source}.
     *
     * @param source the QuickApp file's text (any line endings)
     * @return the directives; {@link QaHeaders#warnings()} lists what was ignored and why, each
     *     line starting with {@code --%%key}
     */
    public static QaHeaders parse(String source) {
        Builder b = new Builder();
        for (String line : source.split("\r\n|\r|\n", -1)) {
            if (END.matcher(line).matches()) {
                break;
            }
            Matcher m = DIRECTIVE.matcher(line);
            if (m.matches()) {
                b.add(m.group(1), m.group(2).charAt(0), clean(m.group(3)));
            }
        }
        return b.build();
    }

    /** Trims, drops a trailing {@code " -- comment"} and a trailing {@code ;}. */
    static String clean(String value) {
        int comment = value.indexOf(" -- ");
        if (comment >= 0) {
            value = value.substring(0, comment);
        }
        value = value.strip();
        while (value.endsWith(";")) {
            value = value.substring(0, value.length() - 1).strip();
        }
        return value;
    }

    private static final class Builder {
        String name;
        String type;
        final List<QaHeaders.Var> vars = new ArrayList<>();
        final List<String> ui = new ArrayList<>();
        final List<QaHeaders.Include> files = new ArrayList<>();
        String interfaces;
        String description;
        String uid;
        String manufacturer;
        String model;
        Boolean offline;
        Boolean proxy;
        Boolean desktop;
        Boolean debug;
        StartTime time;
        String save;
        final List<String> warnings = new ArrayList<>();

        void add(String key, char form, String value) {
            switch (key) {
                case "name" -> name = value;
                case "type" -> type = value;
                case "var" -> var(value, form);
                case "u" -> ui.add(value);
                case "file" -> file(value, form);
                case "interfaces" -> interfaces = value;
                case "description" -> description = unquote(value);
                case "uid" -> uid = value;
                case "manufacturer" -> manufacturer = value;
                case "model" -> model = value;
                case "offline" -> offline = bool(key, value, offline);
                case "proxy" -> proxy = bool(key, value, proxy);
                case "desktop" -> desktop = bool(key, value, desktop);
                case "save" -> save = unquote(value);
                case "time" -> {
                    StartTime t = StartTime.parse(value);
                    if (t == null) {
                        warnings.add("--%%time " + value + ": " + StartTime.expected() + " - ignoring");
                    } else {
                        time = t;
                    }
                }
                case "debug" -> debug = form == '=' && !isBool(value) ? Boolean.TRUE : bool(key, value, debug);
                default -> {
                    if (NOT_EMULATED.contains(key)) {
                        warnings.add("--%%" + key + " is not emulated by JEPLua - ignoring");
                    } else {
                        warnings.add("--%%" + key + ": unknown header key - ignoring");
                    }
                }
            }
        }

        private void var(String value, char form) {
            char sep = form == ':' ? '=' : ':';
            int at = value.indexOf(sep);
            if (at < 0 && form == ':') {
                at = value.indexOf(':');
            }
            if (at <= 0) {
                warnings.add("--%%var " + value + ": expected name=value - ignoring");
                return;
            }
            String n = value.substring(0, at).strip();
            if (!n.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                warnings.add("--%%var " + value + ": '" + n + "' is not a variable name - ignoring");
                return;
            }
            vars.add(new QaHeaders.Var(n, value.substring(at + 1).strip()));
        }

        private void file(String value, char form) {
            int at = value.lastIndexOf(',');
            if (at < 0) {
                at = value.lastIndexOf(':');
                if (at == 1 && value.length() > 2 && (value.charAt(2) == '\\' || value.charAt(2) == '/')) {
                    at = -1; // a drive letter, not a name separator
                }
            }
            String path = (at < 0 ? value : value.substring(0, at)).strip();
            String n = at < 0 ? "" : value.substring(at + 1).strip();
            if (path.isEmpty()) {
                warnings.add("--%%file " + value + ": expected path,name - ignoring");
                return;
            }
            if (n.isEmpty() && path.startsWith("$")) {
                n = path.substring(path.lastIndexOf('.') + 1); // $fibaro.lib.util: util
            } else if (n.isEmpty()) {
                String base = path.replace('\\', '/');
                base = base.substring(base.lastIndexOf('/') + 1);
                n = base.endsWith(".lua") ? base.substring(0, base.length() - 4) : base;
            }
            for (QaHeaders.Include f : files) {
                if (f.name().equals(n)) {
                    warnings.add("--%%file " + value + ": a file named '" + n + "' is already included - ignoring");
                    return;
                }
            }
            files.add(new QaHeaders.Include(path, n));
        }

        private static boolean isBool(String value) {
            String v = value.toLowerCase(Locale.ROOT);
            return v.equals("true") || v.equals("false");
        }

        private Boolean bool(String key, String value, Boolean previous) {
            if (!isBool(value)) {
                warnings.add("--%%" + key + " " + value + ": expected true or false - ignoring");
                return previous;
            }
            return value.equalsIgnoreCase("true");
        }

        private static String unquote(String value) {
            if (value.length() >= 2
                    && (value.startsWith("\"") && value.endsWith("\"")
                            || value.startsWith("'") && value.endsWith("'"))) {
                return value.substring(1, value.length() - 1);
            }
            return value;
        }

        QaHeaders build() {
            return new QaHeaders(
                    name,
                    type,
                    vars,
                    ui,
                    files,
                    interfaces,
                    description,
                    uid,
                    manufacturer,
                    model,
                    offline,
                    proxy,
                    desktop,
                    debug,
                    time,
                    save,
                    warnings);
        }
    }
}
