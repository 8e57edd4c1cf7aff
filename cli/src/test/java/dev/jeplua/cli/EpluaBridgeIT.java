package dev.jeplua.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * EPLua-style scripts that use the non-window {@code _PY} functions (docs/eplua-bridge.md), run
 * through the real jar as a user runs them: {@code jeplua --no-api --no-telnet script.lua} in a
 * fresh directory. The scripts live in {@code src/test/resources/eplua-compat/bridge/}.
 */
@Timeout(120)
class EpluaBridgeIT {
    private static final Path SCRIPTS = Path.of("src", "test", "resources", "eplua-compat", "bridge")
            .toAbsolutePath()
            .normalize();

    @TempDir
    Path dir;

    /** Copies the script into the run directory and runs it there by its file name. */
    private JarRunner.Result run(String script) throws Exception {
        copy(script);
        return JarRunner.run(dir, null, "--no-api", "--no-telnet", script);
    }

    private void copy(String script) throws IOException {
        Files.copy(SCRIPTS.resolve(script), dir.resolve(script));
    }

    private static void assertClean(JarRunner.Result r) {
        assertThat(r.err()).as("stderr").isEmpty();
        assertThat(r.status()).as("exit status; stderr: %s", r.err()).isZero();
    }

    @Test
    void platform_facts_helpers_config_and_print() throws Exception {
        JarRunner.Result r = run("platform_info.lua");
        assertClean(r);
        assertThat(r.out())
                .isEqualTo(String.join(
                        "\n",
                        "system\tLinux",
                        "platform fields\tstring\tstring\tstring\tstring",
                        "nested\ttrue\tstring\tnumber",
                        "separators\t/\ttrue",
                        "time close\ttrue",
                        "math_add\t42\tfoobar",
                        "random in range\ttrue",
                        "config\tlinux\tlua\tfalse\tfalse\t8172\tstring",
                        "python-style print: 1 2.5 nil true",
                        "lua print:\t1\t2.5\tnil\ttrue",
                        ""));
    }

    @Test
    void registered_callbacks_are_called_by_id_counted_and_let_the_script_end() throws Exception {
        JarRunner.Result r = run("callbacks.lua");
        assertClean(r);
        assertThat(r.out())
                .isEqualTo(String.join(
                        "\n",
                        "pending after register\t2",
                        "nil/result, tick 1, tick 2, tick 3",
                        "pending before clear\t1",
                        "intervals running\t1",
                        "done\tintervals now\t0",
                        ""));
    }

    @Test
    void an_error_in_a_registered_callback_is_reported_and_the_script_goes_on() throws Exception {
        JarRunner.Result r = run("callback_error.lua");
        // the exit status of a run in which a callback failed is not this test's concern
        assertThat(r.out()).isEqualTo("still running\nlater timer ran\n");
        assertThat(r.err())
                .contains("jeplua: error in registered callback: callback_error.lua:2: callback failed on purpose");
    }

    @Test
    void the_event_queue_passes_events_in_order_and_tables_by_reference() throws Exception {
        JarRunner.Result r = run("event_queue.lua");
        assertClean(r);
        assertThat(r.out())
                .isEqualTo(String.join(
                        "\n",
                        "before init\t0\tfalse",
                        "init\ttrue",
                        "consumed\t1 2 3 4 5 6 7\tleft\t0",
                        "same table back\ttrue",
                        "view update\ttrue",
                        ""));
    }

    @Test
    void the_web_server_functions_return_eplua_result_tables_also_through_callbacks() throws Exception {
        JarRunner.Result r = run("web_server.lua");
        assertClean(r);
        assertThat(r.out())
                .isEqualTo(String.join(
                        "\n",
                        "start\ttrue\ttrue",
                        "info\ttrue\t127.0.0.1\ttrue\tnumber",
                        "again\tfalse\tServer is already running",
                        "status\ttrue\ttrue\ttrue",
                        "stop\ttrue\tServer stopped",
                        "stop again\tServer is not running",
                        "callback form returns\tnil",
                        "callback start\tnil\ttrue",
                        "callback stop\tnil\ttrue\tServer stopped",
                        ""));
    }

    @Test
    void list_directory_gives_entries_and_count() throws Exception {
        JarRunner.Result r = run("list_directory.lua");
        assertClean(r);
        assertThat(r.out())
                .isEqualTo(String.join(
                        "\n",
                        "count\t3",
                        "data\tfalse\ttrue\t0",
                        "empty.dat\ttrue\tfalse\t0",
                        "readme.txt\ttrue\tfalse\t11",
                        "missing\t0\t0\tno_such_dir: No such file or directory",
                        ""));
    }

    @Test
    void refresh_states_polling_delivers_decoded_answers_until_stopped() throws Exception {
        JarRunner.Result r = run("refresh_polling.lua");
        assertClean(r);
        assertThat(r.out())
                .isEqualTo(String.join(
                        "\n", "start polling\ttrue", "update\ttable\trunning", "stop polling\ttrue\tfalse", ""));
    }

    @Test
    void a_missing_function_is_nil_for_feature_tests_and_calling_it_says_jeplua_lacks_it() throws Exception {
        JarRunner.Result r = run("feature_detection.lua");
        assertThat(r.out())
                .isEqualTo(String.join(
                        "\n", "no python modules", "get_platform present\ttrue", "os.clock advances\ttrue", ""));
        assertThat(r.err())
                .startsWith("jeplua: feature_detection.lua:13: attempt to call a nil value (field 'get_quickapp_list')"
                        + ": _PY.get_quickapp_list is not provided by JEPLua");
        assertThat(r.status()).isEqualTo(1);
    }
}
