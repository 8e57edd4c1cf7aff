package dev.jeplua.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jeplua.cli.JarRunner.Result;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The command line of README.md#command-line, exercised through the real jar in a child process. */
@Timeout(120)
class CommandLineIT {
    @TempDir
    Path dir;

    private Result run(String... args) throws Exception {
        return JarRunner.run(dir, null, prepend(args));
    }

    private static String[] prepend(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--no-telnet";
        all[1] = "--no-api";
        System.arraycopy(args, 0, all, 2, args.length);
        return all;
    }

    private Path script(String name, String code) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, code);
        return p;
    }

    @Test
    void hello_prints_hello_and_nothing_else_with_the_default_servers() throws Exception {
        script("hello.lua", "print(\"hello\")\n");
        Result r = JarRunner.run(dir, null, "hello.lua");
        assertThat(r.out()).isEqualTo("hello\n");
        assertThat(r.status()).isZero();
    }

    @Test
    void a_run_that_ends_with_its_main_chunk_never_starts_the_servers_and_a_lasting_run_gets_them() throws Exception {
        // docs/design.md#start-up-and-exit-cli: the servers start once the run lasts; the start-up
        // marks (JEPLUA_STARTUP_TRACE) show whether the starter thread began
        int telnet = RestClient.freePort();
        int api = RestClient.freePort();
        String[] ports = {"--telnet-port", String.valueOf(telnet), "--api-port", String.valueOf(api)};
        script("short.lua", "print(\"short\")\n");
        Process shortRun = JarRunner.start(
                java.util.List.of(),
                java.util.Map.of("JEPLUA_STARTUP_TRACE", "1"),
                dir,
                null,
                with(ports, "short.lua"));
        Result r = JarRunner.finish(shortRun, 30);
        assertThat(r.out()).isEqualTo("short\n");
        assertThat(r.status()).isZero();
        assertThat(r.err()).contains("main chunk: returned").doesNotContain("servers: starting");

        script("lasting.lua", "setTimeout(function() print(\"done\") end, 60000)\n");
        Process lasting = JarRunner.start(
                java.util.List.of(),
                java.util.Map.of("JEPLUA_STARTUP_TRACE", "1"),
                dir,
                null,
                with(ports, "lasting.lua"));
        try (TelnetIT.Client c = new TelnetIT.Client(telnet)) {
            assertThat(c.send("print(6 * 7)").readUntil("> ")).contains("42");
            c.send("os.exit(3)");
            Result l = JarRunner.finish(lasting, 30);
            assertThat(l.status()).isEqualTo(3);
            assertThat(l.err()).contains("servers: starting", "servers: telnet done");
        } finally {
            lasting.destroyForcibly();
        }
    }

    private static String[] with(String[] options, String... rest) {
        String[] all = java.util.Arrays.copyOf(options, options.length + rest.length);
        System.arraycopy(rest, 0, all, options.length, rest.length);
        return all;
    }

    @Test
    void the_exit_prints_no_record_of_the_jdk_even_at_debug_level() throws Exception {
        // System.exit's logger (java.lang.Runtime) goes through SLF4J like every other logger
        // (slf4j-jdk-platform-logging) and is kept at info, so --loglevel debug shows no stack trace
        Result r = JarRunner.run(dir, null, "--no-telnet", "--no-api", "--loglevel", "debug", "-e", "print(1)");
        assertThat(r.out()).isEqualTo("1\n");
        assertThat(r.status()).isZero();
        assertThat(r.err()).doesNotContain("Runtime.exit").doesNotContain("java.lang.Runtime");
    }

    @Test
    void the_runnable_jar_ships_only_the_shaded_asm_of_bytebuddy() throws Exception {
        // the LuaJ patches are baked in at build time; ByteBuddy's own classes would only make
        // every start read a third more jar entries (docs/design.md#start-up-and-exit-cli)
        java.util.List<String> byteBuddy = new java.util.ArrayList<>();
        try (java.util.zip.ZipFile jar =
                new java.util.zip.ZipFile(JarRunner.jar().toFile())) {
            jar.stream()
                    .filter(e -> !e.isDirectory())
                    .map(java.util.zip.ZipEntry::getName)
                    .filter(n ->
                            n.replaceFirst("^META-INF/versions/[0-9]+/", "").startsWith("net/bytebuddy/"))
                    .forEach(byteBuddy::add);
        }
        assertThat(byteBuddy).isNotEmpty().allSatisfy(n -> assertThat(n.replaceFirst("^META-INF/versions/[0-9]+/", ""))
                .startsWith("net/bytebuddy/jar/"));
        assertThat(byteBuddy).contains("net/bytebuddy/jar/asm/ClassWriter.class");
    }

    @Test
    void the_jar_runs_lua_5_4_numbers_without_redefining_any_class_at_start() throws Exception {
        // LuaJ's patched classes are baked into the jar (BakeLuajPatches): a redefined class and
        // its subclasses would be left out of run.sh's AOT cache
        Process p = JarRunner.start(
                java.util.List.of("-Xlog:redefine+class+load=info"),
                java.util.Map.of(),
                dir,
                null,
                "--no-telnet",
                "--no-api",
                "-e",
                "print(1/3, 10/2, 7 // 2, 3 & 5, 1 << 62, \"x\" .. 1.5)");
        Result r = JarRunner.finish(p, 30);
        assertThat(r.out()).isEqualTo("0.33333333333333\t5.0\t3\t1\t4611686018427387904\tx1.5\n");
        assertThat(r.status()).isZero();
    }

    @Test
    void a_script_named_first_gets_the_arguments_and_errors_it_gets_after_options() throws Exception {
        // `jeplua script.lua ...` skips picocli (Main.plainScriptRun); the result must not differ
        script("s.lua", "print(select('#', ...), ...)\n");
        Files.writeString(dir.resolve("argfile"), "x\ny\n");
        String[] plain = {"s.lua", "-e", "--", "-h", "--quiet", "x@y"};
        assertThat(JarRunner.run(dir, null, plain).out())
                .isEqualTo(run(plain).out())
                .isEqualTo("5\t-e\t--\t-h\t--quiet\tx@y\n");
        String[] argFile = {"s.lua", "a", "@argfile", "@missing"};
        assertThat(JarRunner.run(dir, null, argFile).out())
                .isEqualTo(run(argFile).out())
                .isEqualTo("4\ta\tx\ty\t@missing\n");
        Result missing = JarRunner.run(dir, null, "nope.lua", "a");
        assertThat(missing.err()).isEqualTo(run("nope.lua", "a").err()).isEqualTo("jeplua: cannot open nope.lua\n");
        assertThat(missing.status()).isEqualTo(1);
    }

    @Test
    void e_fragments_run_in_order_and_share_globals() throws Exception {
        Result r = run("-e", "x=1", "-e", "print(x+1)");
        assertThat(r.out()).isEqualTo("2\n");
        assertThat(r.status()).isZero();
    }

    @Test
    void values_returned_by_a_fragment_are_printed_like_the_repl() throws Exception {
        assertThat(run("-e", "return 1, nil, \"x\"").out()).isEqualTo("1\tnil\tx\n");
    }

    @Test
    void script_arguments_fill_arg_and_the_main_chunk_varargs() throws Exception {
        script("s.lua", "print(arg[0], arg[1], arg[2], select('#', ...), ...)\n");
        Result r = run("s.lua", "p", "q");
        assertThat(r.out()).isEqualTo("s.lua\tp\tq\t2\tp\tq\n");
    }

    @Test
    void options_after_the_script_belong_to_the_script() throws Exception {
        script("s.lua", "print(...)\n");
        assertThat(run("s.lua", "-e", "--quiet").out()).isEqualTo("-e\t--quiet\n");
    }

    @Test
    void a_runtime_error_in_the_main_chunk_exits_1_with_message_and_traceback() throws Exception {
        script("s.lua", "local a = 1\n\nerror(\"boom\")\n");
        Result r = run("s.lua");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).startsWith("jeplua: s.lua:3: boom\nstack traceback:");
    }

    @Test
    void a_syntax_error_exits_1_without_traceback() throws Exception {
        script("s.lua", "x = = 1\n");
        Result r = run("s.lua");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).startsWith("jeplua: s.lua:1:").doesNotContain("traceback");
    }

    @Test
    void os_exit_gives_its_status_after_an_orderly_shutdown() throws Exception {
        assertThat(run("-e", "print('before') os.exit(3)").status()).isEqualTo(3);
        assertThat(run("-e", "os.exit(true)").status()).isZero();
        assertThat(run("-e", "os.exit(false)").status()).isEqualTo(1);
        Result r = run("-e", "setTimeout(function() print('t') os.exit(4) end, 10) setInterval(function() end, 5)");
        assertThat(r.out()).isEqualTo("t\n");
        assertThat(r.status()).isEqualTo(4);
    }

    @Test
    void os_exit_is_not_caught_by_pcall() throws Exception {
        Result r = run("-e", "print(pcall(os.exit, 5)) print('after')");
        assertThat(r.status()).isEqualTo(5);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void a_missing_script_is_reported_and_exits_1() throws Exception {
        Result r = run("nope.lua");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("jeplua: cannot open nope.lua\n");
    }

    @Test
    void a_callback_may_sleep_while_the_main_chunk_finishes() throws Exception {
        Result r = run("-e", "setTimeout(function() sleep(50) print(\"b\") end, 0) print(\"a\")");
        assertThat(r.out()).isEqualTo("a\nb\n");
        assertThat(r.status()).isZero();
    }

    @Test
    void callback_errors_are_reported_the_loop_goes_on_and_the_exit_status_is_1() throws Exception {
        Result r = run(
                "-e",
                "local n = 0 local id id = setInterval(function() n = n + 1 "
                        + "if n == 3 then clearInterval(id) print('done', n) end error('tick ' .. n) end, 5)");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out()).isEqualTo("done\t3\n");
        assertThat(r.err().split("jeplua: error in interval callback: \\(command line\\):1: tick", -1))
                .hasSize(4);
        assertThat(r.err())
                .contains("stack traceback:")
                .endsWith("jeplua: 3 errors in callbacks (reported above): exit status 1\n");
    }

    @Test
    void os_exit_keeps_its_status_after_a_callback_error() throws Exception {
        Result r = run("-e", "setTimeout(function() error('x') end, 0) setTimeout(function() os.exit(0) end, 20)");
        assertThat(r.err()).contains("jeplua: error in timer callback:").doesNotContain("exit status");
        assertThat(r.status()).isZero();
    }

    @Test
    void a_fragment_left_suspended_exits_13_and_run_for_stops_without_the_warning() throws Exception {
        Result r = run("-e", "print('a')", "-e", "coroutine.yield()", "-e", "print('never')");
        assertThat(r.out()).isEqualTo("a\n");
        assertThat(r.err())
                .isEqualTo("jeplua: warning: the -e fragment is suspended at (command line):1"
                        + " and nothing is left that could resume it (exit status 13)\n");
        assertThat(r.status()).isEqualTo(13);
        // stopped by --run-for while waiting for a timer that never resumes it: an orderly stop
        Result stopped = run("--run-for", "1", "-e", "setInterval(function() end, 100) coroutine.yield()");
        assertThat(stopped.err()).isEmpty();
        assertThat(stopped.status()).isZero();
    }

    @Test
    void the_script_can_come_from_standard_input() throws Exception {
        Result r = JarRunner.run(dir, "print('from stdin', ...)", prepend("-", "a1"));
        assertThat(r.out()).isEqualTo("from stdin\ta1\n");
    }

    @Test
    void l_requires_a_module_into_a_global() throws Exception {
        script("mymod.lua", "return {answer = 42}\n");
        assertThat(run("-l", "mymod", "-e", "print(mymod.answer)").out()).isEqualTo("42\n");
        assertThat(run("-l", "m=mymod", "-e", "print(m.answer)").out()).isEqualTo("42\n");
        assertThat(run("-l", "json", "-e", "print(json.encode({1}))").out()).isEqualTo("[1]\n");
    }

    @Test
    void lua_dir_is_searched_and_its_main_lua_runs_without_a_script() throws Exception {
        Path lib = Files.createDirectories(dir.resolve("lib"));
        Files.writeString(lib.resolve("helper.lua"), "return 'helped'");
        Files.writeString(lib.resolve("main.lua"), "print((require('helper')))"); // 5.4: require also returns the file
        assertThat(run("--lua-dir", lib.toString()).out()).isEqualTo("helped\n");
    }

    @Test
    void version_is_printed_and_exits_without_a_script() throws Exception {
        Result r = run("-v");
        assertThat(r.out()).isEqualTo("JEPLua 0.1.0 (LuaJ 3.0.1, Lua 5.4)\n");
        assertThat(r.status()).isZero();
    }

    @Test
    void unknown_options_are_a_clear_error() throws Exception {
        Result r = run("--bogus");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("jeplua: Unknown option: '--bogus'");
    }

    @Test
    void run_for_keeps_an_idle_engine_alive_and_then_exits() throws Exception {
        long start = System.nanoTime();
        Result r = run("--run-for", "-1", "-e", "print('up')");
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(r.out()).isEqualTo("up\n");
        assertThat(r.status()).isZero();
        assertThat(ms).isGreaterThanOrEqualTo(1000);
    }

    @Test
    void run_for_positive_cuts_a_long_script_short() throws Exception {
        Result r = run("--run-for", "1", "-e", "setInterval(function() end, 100)");
        assertThat(r.status()).isZero();
    }

    @Test
    void system_timers_do_not_keep_the_process_alive() throws Exception {
        Result r = run("-e", "setTimeout(function() print('never') end, 60000, {system=true}) print('bye')");
        assertThat(r.out()).isEqualTo("bye\n");
        assertThat(r.status()).isZero();
    }

    @Test
    void sigterm_ends_a_long_running_engine_with_143() throws Exception {
        Process p = JarRunner.start(dir, null, prepend("--run-for", "0", "-e", "print('ready') io.stdout:flush()"));
        awaitLine(p, "ready");
        p.destroy();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(143);
    }

    @Test
    void sigint_stops_even_a_runaway_loop_with_130() throws Exception {
        Process p = JarRunner.start(
                dir,
                null,
                prepend("-e", "setTimeout(function() print('ready') io.stdout:flush() while true do end end, 0)"));
        awaitLine(p, "ready");
        new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(130);
    }

    private static void awaitLine(Process p, String expected) throws Exception {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = r.readLine()) != null) {
            if (line.equals(expected)) {
                return;
            }
        }
        throw new AssertionError("process ended before printing " + expected);
    }
}
