package dev.jeplua.gui.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jeplua.engine.api.EngineConfig;
import dev.jeplua.engine.testing.LuaSpecHarness;
import dev.jeplua.gui.browser.BrowserOpener;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** EPLua's browser-window functions with a fake browser: shapes, reuse rules, failure without raising. */
@Timeout(30)
class BrowserWindowsTest {
    private final List<String> opened = new ArrayList<>();
    private final List<Consumer<String>> failures = new ArrayList<>();
    private boolean launcherWorks = true;
    private final BrowserOpener browser = (url, failedLater) -> {
        if (!launcherWorks) {
            return false;
        }
        opened.add(url);
        failures.add(failedLater);
        return true;
    };
    private RecordingWindowService display;
    private LuaSpecHarness lua;

    @BeforeEach
    void setUp() {
        display = new RecordingWindowService();
        lua = new LuaSpecHarness(new EngineConfig(), new GuiLib(display, browser));
    }

    private String run(String code) {
        lua.runChunk(code);
        return lua.takeOutput();
    }

    private static final String SHOW = """
            function show(info)
              if info == nil then return "nil" end
              return string.format("%s %s %dx%d+%d+%d %s", info.id, info.url, info.width, info.height,
                                   info.x, info.y, tostring(info.is_open))
            end
            """;

    @Test
    void create_opens_the_browser_and_records_the_window_with_epluas_info_shape() {
        String out = run(SHOW + """
                print(_PY.create_browser_window("dash", "http://localhost:8080/", 640, 480, 10, 20))
                print(_PY.create_browser_window("docs", "http://localhost:8080/docs"))
                print(show(_PY.get_browser_window_info("dash")))
                print(show(_PY.get_browser_window_info("docs")))
                print(show(_PY.get_browser_window_info("nope")))
                local l = _PY.list_browser_windows()
                print(show(l.dash), show(l.docs))
                """);
        assertThat(out).isEqualTo("""
                        true
                        true
                        dash http://localhost:8080/ 640x480+10+20 true
                        docs http://localhost:8080/docs 800x600+100+100 true
                        nil
                        dash http://localhost:8080/ 640x480+10+20 true\tdocs http://localhost:8080/docs 800x600+100+100 true
                        """);
        assertThat(opened).containsExactly("http://localhost:8080/", "http://localhost:8080/docs");
    }

    @Test
    void a_known_id_or_an_already_shown_url_opens_nothing_but_a_quickapp_page_opens_every_time() {
        String out = run(SHOW + """
                print(_PY.create_browser_window("a", "http://h/1"))
                print(_PY.create_browser_window("a", "http://h/1"))
                print(_PY.create_browser_window("a", "http://h/2", 300, 200))
                print(show(_PY.get_browser_window_info("a")))
                print(_PY.create_browser_window("b", "http://h/2"))
                print(show(_PY.get_browser_window_info("b")))
                print(_PY.create_browser_window("qa", "http://h/static/quickapp_ui.html?qa_id=5"))
                print(_PY.create_browser_window("qa", "http://h/static/quickapp_ui.html?qa_id=5"))
                """);
        assertThat(out).isEqualTo("""
                        true
                        true
                        true
                        a http://h/2 300x200+100+100 true
                        true
                        b http://h/2 800x600+100+100 true
                        true
                        true
                        """);
        assertThat(opened)
                .containsExactly(
                        "http://h/1",
                        "http://h/static/quickapp_ui.html?qa_id=5",
                        "http://h/static/quickapp_ui.html?qa_id=5");
    }

    @Test
    void set_url_reopens_a_known_window_and_close_only_forgets_it() {
        String out = run(SHOW + """
                print(_PY.set_browser_window_url("a", "http://h/x"))
                _PY.create_browser_window("a", "http://h/1", 500, 400)
                print(_PY.set_browser_window_url("a", "http://h/2"))
                print(show(_PY.get_browser_window_info("a")))
                print(_PY.close_browser_window("a"), _PY.close_browser_window("a"))
                _PY.create_browser_window("b", "http://h/3")
                _PY.create_browser_window("c", "http://h/4")
                print(_PY.close_all_browser_windows(), next(_PY.list_browser_windows()))
                """);
        assertThat(out).isEqualTo("""
                        false
                        true
                        a http://h/2 500x400+100+100 true
                        true\tfalse
                        true\tnil
                        """);
        assertThat(opened).containsExactly("http://h/1", "http://h/2", "http://h/3", "http://h/4");
    }

    @Test
    void without_a_browser_or_a_display_create_returns_false_instead_of_raising() {
        launcherWorks = false;
        assertThat(run("print(_PY.create_browser_window('a', 'http://h/'), next(_PY.list_browser_windows()))"))
                .isEqualTo("false\tnil\n");
        launcherWorks = true;
        display.display = false;
        assertThat(run("print(_PY.create_browser_window('a', 'http://h/'), _PY.get_browser_window_info('a'))"))
                .isEqualTo("false\tnil\n");
        LuaSpecHarness headless = new LuaSpecHarness(new EngineConfig(), new GuiLib(null, browser));
        headless.runChunk("print(_PY.create_browser_window('a', 'http://h/'))"
                + " print(_PY.create_browser_window('b', '--help'))");
        assertThat(headless.takeOutput()).isEqualTo("false\nfalse\n");
        assertThat(opened).isEmpty();
    }

    @Test
    void a_launcher_failing_later_marks_the_window_closed_with_a_warning() {
        run("_PY.create_browser_window('a', 'http://h/')");
        failures.get(0).accept("xdg-open exited with status 3");
        lua.advance(0);
        assertThat(lua.takeErrors())
                .isEqualTo("jeplua: warning: browser window 'a': could not open http://h/ (xdg-open exited with"
                        + " status 3)\n");
        assertThat(run("print(_PY.get_browser_window_info('a').is_open)")).isEqualTo("false\n");
    }

    @Test
    void a_window_id_must_be_a_string_or_number_and_the_url_a_string() {
        assertThat(run("print(pcall(_PY.create_browser_window, nil, 'http://h/'))"))
                .contains("bad argument #1 to 'jeplua.create_browser_window' (window id expected, got nil)");
        assertThat(run("print(pcall(_PY.create_browser_window, 'a'))"))
                .contains("bad argument #2 to 'jeplua.create_browser_window' (string expected, got no value)");
    }
}
