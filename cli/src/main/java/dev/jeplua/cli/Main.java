package dev.jeplua.cli;

import dev.jeplua.engine.LuaEngine;
import dev.jeplua.engine.api.EngineConfig;
import dev.jeplua.engine.api.StartupTrace;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The {@code jeplua} command (README.md#command-line): parses the command line with picocli (a plain
 * {@code script.lua [args...]} needs no parsing and skips it, docs/design.md#start-up-and-exit-cli), wires the
 * engine, runs {@code -l}, {@code -e} and the script in order, and exits with the status the
 * run ended with. Options follow the standard {@code lua} interpreter where they overlap.
 */
@Command(
        name = "jeplua",
        sortOptions = false,
        description =
                "Run Lua scripts on the JEPLua engine (LuaJ 3.0.1, Lua 5.4) with timers, networking and REPL servers.",
        footer = {
            "",
            "Exit status: 0 ok; 1 script error, or an error in a callback; n from os.exit(n);",
            "13 main chunk left suspended with nothing to resume it; 130 SIGINT; 143 SIGTERM (docs/exit-status.md)."
        })
public final class Main implements Callable<Integer> {
    @Option(
            names = "-e",
            paramLabel = "CODE",
            description = "Run CODE (repeatable, before the script); returned values are printed.")
    List<String> exec = new ArrayList<>();

    @Option(
            names = "-l",
            paramLabel = "MOD",
            description = "require MOD into global MOD (or g=MOD into global g) before the script.")
    List<String> libs = new ArrayList<>();

    @Option(
            names = {"-i", "--interactive"},
            description = "Open the interactive REPL after the script.")
    boolean interactive;

    @Option(
            names = {"-v", "--version"},
            description = "Print the version (and exit when no script is given).")
    boolean version;

    @Option(
            names = {"--run-for", "--duration"},
            paramLabel = "N",
            description = "N>0: exit after at most N s; N<0: stay alive exactly |N| s; 0: stay alive forever.")
    Double runFor;

    @Option(names = "--telnet-port", paramLabel = "P", description = "Telnet REPL port (default ${DEFAULT-VALUE}).")
    int telnetPort = 8023;

    @Option(names = "--telnet-host", paramLabel = "H", description = "Telnet REPL host (default ${DEFAULT-VALUE}).")
    String telnetHost = "127.0.0.1";

    @Option(names = "--no-telnet", description = "Do not start the telnet REPL server.")
    boolean noTelnet;

    @Option(names = "--api-port", paramLabel = "P", description = "REST API port (default ${DEFAULT-VALUE}).")
    int apiPort = 8080;

    @Option(names = "--api-host", paramLabel = "H", description = "REST API host (default ${DEFAULT-VALUE}).")
    String apiHost = "127.0.0.1";

    @Option(names = "--no-api", description = "Do not start the REST API.")
    boolean noApi;

    @Option(
            names = "--api-token",
            paramLabel = "T",
            description =
                    "Require 'Authorization: Bearer T' on every REST request (visible in ps: prefer --api-token-file or JEPLUA_API_TOKEN).")
    String apiToken;

    @Option(
            names = "--api-token-file",
            paramLabel = "FILE",
            description = "Read the REST token from the first line of FILE.")
    Path apiTokenFile;

    @Option(
            names = "--api-allow-host",
            paramLabel = "NAME",
            description = "Also accept requests whose Host is NAME (repeatable; loopback names are always accepted).")
    List<String> apiAllowHosts = new ArrayList<>();

    @Option(
            names = "--api-allow-origin",
            paramLabel = "ORIGIN",
            description =
                    "Also accept POST and /ws requests from the page origin ORIGIN, e.g. http://myhost:3000 (repeatable).")
    List<String> apiAllowOrigins = new ArrayList<>();

    @Option(
            names = "--telnet-token",
            paramLabel = "T",
            description = "Telnet clients must send ':auth T' first (default: the REST token when one is set).")
    String telnetToken;

    @Option(
            names = "--telnet-token-file",
            paramLabel = "FILE",
            description = "Read the telnet token from the first line of FILE.")
    Path telnetTokenFile;

    @Option(
            names = "--telnet-timeout",
            paramLabel = "S",
            description =
                    "Default per-command timeout of telnet clients in seconds (default ${DEFAULT-VALUE}; 0 = none).")
    double telnetTimeout = 30;

    @Option(
            names = "--insecure-bind",
            description = "Allow the REST API or telnet REPL on a non-loopback address without a token.")
    boolean insecureBind;

    @Option(
            names = "--debug",
            arity = "0..1",
            paramLabel = "[HOST:]PORT",
            parameterConsumer = DebugAddress.Consumer.class,
            description = "Serve the Debug Adapter Protocol for VS Code (default 127.0.0.1:4711; docs/debugging.md).")
    String debug;

    @Option(
            names = "--debug-wait",
            description = "Like --debug, and stop before the first line until a debugger continues.")
    boolean debugWait;

    @Option(
            names = "--max-memory",
            paramLabel = "SIZE",
            description =
                    "Heap Lua code may fill before allocations fail with 'not enough memory' (bytes, 512m, 2g or 60%%; default 80%%).")
    String maxMemory;

    @Option(names = "--headless", description = "Never open windows; GUI calls raise an error.")
    boolean headless;

    @Option(names = "--store", paramLabel = "PATH", description = "Persistent store file (default .jeplua/store.db).")
    Path store;

    @Option(
            names = "--fibaro",
            description = "Run the script as a Fibaro HC3 QuickApp on an offline HC3 (docs/fibaro.md).")
    boolean fibaro;

    @Option(
            names = "--fibaro-resources",
            paramLabel = "FILE",
            description = "JSON file of HC3 devices, globalVariables, rooms, sections, customEvents for --fibaro.")
    Path fibaroResources;

    @Option(
            names = "--fibaro-proxy",
            description = "With --fibaro: ask a real HC3 (HC3_URL, HC3_USER, HC3_PASSWORD from the environment or .env)"
                    + " for what the offline HC3 does not have (docs/fibaro.md#proxy-mode).")
    boolean fibaroProxy;

    @Option(
            names = "--desktop",
            description =
                    "With --fibaro (implied): show the QuickApp's --%%%%u UI in a native window (docs/fibaro.md).")
    boolean desktop;

    @Option(names = "--allow-java", description = "Expose LuaJ's luajava library (any Java class) to scripts.")
    boolean allowJava;

    @Option(
            names = "--watch",
            description = "Run the script again when it or a file it loaded changes (servers, clients and store stay).")
    boolean watch;

    @Option(names = "--quiet", description = "Do not copy print output to stdout.")
    boolean quiet;

    @Option(names = "--loglevel", paramLabel = "L", description = "error, warn (default), info, debug.")
    String loglevel = "warn";

    @Option(
            names = "--lua-dir",
            paramLabel = "DIR",
            description = "Add DIR to package.path; runs DIR/main.lua when no script is given.")
    List<Path> luaDirs = new ArrayList<>();

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help.")
    boolean help;

    @Parameters(paramLabel = "SCRIPT [ARGS]", description = "Script file ('-' = standard input) and its arguments.")
    List<String> positional = new ArrayList<>();

    private final PrintStream err;

    Main(PrintStream err) {
        this.err = err;
    }

    /** Entry point: runs the command line and exits the JVM with its status. */
    public static void main(String[] args) {
        StartupTrace.mark("main");
        int status = run(args, System.err);
        System.exit(status);
    }

    /** Runs the command line; returns the exit status (does not exit the JVM). */
    static int run(String[] args, PrintStream err) {
        if (args.length > 0 && args[0].equals("repl")) {
            // subcommand: the standalone line editor against a running engine (README.md#telnet-repl-and-repl-client)
            return dev.jeplua.repl.ReplClient.main(java.util.Arrays.copyOfRange(args, 1, args.length), err);
        }
        Main main = withoutPicocli(args, err);
        if (main != null) {
            // `jeplua [switches] script.lua [args...]`: no option with a value, so picocli's
            // reflective model of this class (~170 classes, annotation proxies; 40-150 ms of a
            // start even with the AOT cache) stays off the start path. Same result as below:
            // options stop at the first positional (setStopAtPositional), every argument after it
            // is a script argument, and an exception from call() is reported the way the
            // execution exception handler reports it.
            try {
                return main.call();
            } catch (CommandLine.ParameterException ex) {
                // not raised with default options (only an invalid --loglevel raises it); kept
                // identical to the parameter exception handler below all the same
                err.println("jeplua: " + ex.getMessage());
                err.println("usage: jeplua [options] [script.lua [args...]]  (jeplua --help for options)");
                return 1;
            } catch (Exception ex) {
                err.println("jeplua: " + ex.getMessage());
                return 1;
            }
        }
        main = new Main(err);
        CommandLine cl = new CommandLine(main)
                .setStopAtPositional(true)
                .setUnmatchedOptionsArePositionalParams(false)
                .setCaseInsensitiveEnumValuesAllowed(true);
        cl.setErr(new java.io.PrintWriter(err, true));
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            err.println("jeplua: " + ex.getMessage());
            return 1;
        });
        cl.setParameterExceptionHandler((ex, args1) -> {
            err.println("jeplua: " + ex.getMessage());
            err.println("usage: jeplua [options] [script.lua [args...]]  (jeplua --help for options)");
            return 1;
        });
        return cl.execute(args);
    }

    /**
     * The command line parsed without picocli when picocli would only set switches and positional
     * arguments: zero or more of the boolean switches below ({@link #setSwitch}), each at most once,
     * then a script name (not an option, not {@code -} for standard input) and its arguments, and
     * no argument that is a picocli {@code @file} argument file (picocli expands those wherever they
     * stand). Null for any other command line, which picocli parses (and reports errors of, such as
     * a repeated switch). {@code MainCommandLineTest} checks that both parses give the same fields.
     *
     * @param args the command line
     * @param err  where errors go
     * @return the parsed command, or null when picocli must parse it
     */
    static Main withoutPicocli(String[] args, PrintStream err) {
        for (String a : args) {
            if (a.startsWith("@")) {
                return null;
            }
        }
        Main main = new Main(err);
        int i = 0;
        while (i < args.length && args[i].startsWith("-") && main.setSwitch(args[i])) {
            i++;
        }
        if (i == args.length || args[i].isEmpty() || args[i].startsWith("-")) {
            return null;
        }
        main.positional.addAll(java.util.Arrays.asList(args).subList(i, args.length));
        return main;
    }

    /**
     * Sets the boolean field of a switch, as picocli would for its {@code @Option}; false when
     * {@code arg} is not one of these switches or was given already (picocli then reports it).
     */
    private boolean setSwitch(String arg) {
        boolean given;
        switch (arg) {
            case "--no-telnet" -> {
                given = noTelnet;
                noTelnet = true;
            }
            case "--no-api" -> {
                given = noApi;
                noApi = true;
            }
            case "--headless" -> {
                given = headless;
                headless = true;
            }
            case "--quiet" -> {
                given = quiet;
                quiet = true;
            }
            case "--allow-java" -> {
                given = allowJava;
                allowJava = true;
            }
            case "--insecure-bind" -> {
                given = insecureBind;
                insecureBind = true;
            }
            case "--fibaro" -> {
                given = fibaro;
                fibaro = true;
            }
            case "--fibaro-proxy" -> {
                given = fibaroProxy;
                fibaroProxy = true;
            }
            case "--desktop" -> {
                given = desktop;
                desktop = true;
            }
            case "--watch" -> {
                given = watch;
                watch = true;
            }
            default -> {
                return false;
            }
        }
        return !given;
    }

    @Override
    public Integer call() throws Exception {
        StartupTrace.mark("command line parsed");
        configureLogging(loglevel);
        if (version) {
            System.out.println(LuaEngine.VERSION_LINE);
            System.out.flush();
            if (positional.isEmpty() && exec.isEmpty()) {
                return 0;
            }
        }
        ScriptSource script = resolveScript();
        if (script == null && exec.isEmpty() && libs.isEmpty() && !interactive && System.console() != null) {
            interactive = true;
        }
        AccessControl access = new AccessControl(System.getenv());
        String api;
        String telnet;
        long memoryLimit;
        try {
            api = access.token("--api-token", apiToken, apiTokenFile, "JEPLUA_API_TOKEN");
            telnet = access.token("--telnet-token", telnetToken, telnetTokenFile, "JEPLUA_TELNET_TOKEN");
            memoryLimit = maxMemory == null ? 0 : dev.jeplua.engine.memory.MemoryGuard.parseSize(maxMemory);
            // checks the token's characters and the allow lists the way the REST API will use them
            new dev.jeplua.web.WebServer.Options(apiHost, apiPort, api, apiAllowHosts, apiAllowOrigins);
        } catch (IllegalArgumentException e) {
            err.println("jeplua: " + e.getMessage());
            return 1;
        }
        if (telnet == null) {
            telnet = api;
        }
        if (!(telnetTimeout >= 0)) {
            err.println("jeplua: --telnet-timeout must be 0 or more seconds");
            return 1;
        }
        if (!insecureBind) {
            String refusal =
                    noApi ? null : AccessControl.exposureRefusal("REST API", apiHost, apiPort, api, "--api-token");
            if (refusal == null && !noTelnet) {
                refusal =
                        AccessControl.exposureRefusal("telnet REPL", telnetHost, telnetPort, telnet, "--telnet-token");
            }
            if (refusal != null) {
                err.println("jeplua: " + refusal);
                return 1;
            }
        }
        DebugAddress debugAt = debug != null || debugWait ? DebugAddress.parse(debug) : null;
        if (debugAt != null && !insecureBind && !dev.jeplua.web.Loopback.isLoopback(debugAt.host())) {
            err.println("jeplua: refusing to start the debugger on " + debugAt.host() + ":" + debugAt.port()
                    + ": it has no token, and anyone who can reach it could run any code as you."
                    + " Bind 127.0.0.1, or pass --insecure-bind if the network is trusted");
            return 1;
        }
        EngineConfig config = new EngineConfig()
                .maxMemory(memoryLimit)
                .allowJava(allowJava)
                .headless(headless)
                .stdout(!quiet
                        && !interactive) // with -i the launcher copies to stdout until the line editor shows output
                .stderr(err)
                .loglevel(loglevel)
                .storePath(store)
                .runFor(runFor == null ? Double.NaN : runFor)
                .hostConfig("api_enabled", !noApi)
                .hostConfig("api_host", apiHost)
                .hostConfig("api_port", apiPort)
                .hostConfig("telnet_port", noTelnet ? 0 : telnetPort)
                .hostConfig("telnet_host", telnetHost);
        if (fibaro || fibaroResources != null || fibaroProxy || desktop) {
            config.hostConfig("fibaro", true);
        }
        if (desktop) {
            config.hostConfig("desktop", true);
        }
        if (fibaroProxy) {
            config.hostConfig("fibaro_proxy", true);
        }
        if (fibaroResources != null) {
            config.hostConfig("fibaro_resources", fibaroResources.toString());
        }
        luaDirs.forEach(config::addLuaDir);
        // With -i the line editor prints the banner itself.
        if (!interactive && (loglevel.equalsIgnoreCase("info") || loglevel.equalsIgnoreCase("debug"))) {
            err.println(LuaEngine.VERSION_LINE + " — telnet " + (noTelnet ? "off" : telnetHost + ":" + telnetPort)
                    + ", REST API " + (noApi ? "off" : apiHost + ":" + apiPort));
        }
        Launcher launcher = new Launcher(config, err);
        launcher.security(new Launcher.Security(
                api,
                telnet,
                List.copyOf(apiAllowHosts),
                List.copyOf(apiAllowOrigins),
                (long) (telnetTimeout * 1000),
                insecureBind));
        launcher.copyStdoutBeforeRepl(!quiet);
        launcher.watch(watch, luaDirs);
        if (debugAt != null) {
            launcher.debug(debugAt.host(), debugAt.port(), debugWait);
        }
        return launcher.run(new Launcher.Plan(libs, exec, script, interactive, runFor));
    }

    /** Where the main chunk comes from, or null when there is none. */
    record ScriptSource(String name, String chunkName, byte[] code, List<String> args) {}

    private ScriptSource resolveScript() throws IOException {
        if (positional.isEmpty()) {
            for (Path dir : luaDirs) {
                Path main = dir.resolve("main.lua");
                if (Files.isRegularFile(main)) {
                    return load(main.toString(), List.of());
                }
            }
            if (exec.isEmpty() && libs.isEmpty() && !interactive && System.console() == null) {
                return new ScriptSource("stdin", "=stdin", readAll(System.in), List.of());
            }
            return null;
        }
        String name = positional.get(0);
        List<String> args = positional.subList(1, positional.size());
        if (name.equals("-")) {
            return new ScriptSource("-", "=stdin", readAll(System.in), args);
        }
        return load(name, args);
    }

    private ScriptSource load(String name, List<String> args) {
        try {
            return new ScriptSource(name, "@" + name, Files.readAllBytes(Path.of(name)), args);
        } catch (IOException | RuntimeException e) {
            throw new CommandLine.ExecutionException(new CommandLine(this), "cannot open " + name);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        return in.readAllBytes();
    }

    /**
     * Names slf4j-simple as SLF4J's provider ({@code slf4j.provider}), unless the property is set
     * or the class is absent: SLF4J otherwise finds it by a {@code ServiceLoader} scan of the class
     * path, ~10 ms of every start-up (docs/design.md#start-up-and-exit-cli). SLF4J reports the
     * named provider with an internal INFO line on stderr, so its internal reports are kept to
     * warnings ({@code slf4j.internal.verbosity}) unless that is set too.
     */
    private static void namedLoggingProvider() {
        String provider = "org.slf4j.simple.SimpleServiceProvider";
        if (System.getProperty("slf4j.provider") != null) {
            return;
        }
        try {
            Class.forName(provider, false, Main.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return;
        }
        System.setProperty("slf4j.provider", provider);
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "WARN");
        }
    }

    private static void configureLogging(String level) {
        String l =
                switch (level.toLowerCase()) {
                    case "error", "warn", "info", "debug", "trace" -> level.toLowerCase();
                    default ->
                        throw new CommandLine.ParameterException(
                                new CommandLine(new Object()),
                                "invalid --loglevel '" + level + "' (use error, warn, info or debug)");
                };
        namedLoggingProvider();
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", l);
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
        System.setProperty("org.slf4j.simpleLogger.levelInBrackets", "true");
        // The JDK's platform loggers go through SLF4J (slf4j-jdk-platform-logging); System.exit's
        // debug record (logger java.lang.Runtime, JDK 21+) is not for --loglevel debug's readers.
        if (System.getProperty("org.slf4j.simpleLogger.log.java.lang.Runtime") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.java.lang.Runtime", "info");
        }
    }
}
