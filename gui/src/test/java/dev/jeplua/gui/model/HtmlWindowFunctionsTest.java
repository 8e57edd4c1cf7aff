package dev.jeplua.gui.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jeplua.engine.api.EngineConfig;
import dev.jeplua.engine.testing.LuaSpecHarness;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** EPLua's HTML-window functions on {@code _PY}: EPLua's result shapes, with and without a display. */
@Timeout(30)
class HtmlWindowFunctionsTest {
    private LuaSpecHarness lua;
    private RecordingWindowService display;

    @BeforeEach
    void setUp() {
        display = new RecordingWindowService();
        lua = new LuaSpecHarness(new EngineConfig(), new GuiLib(display));
    }

    private String run(String code) {
        lua.runChunk(code);
        return lua.takeOutput();
    }

    @Test
    void an_html_window_is_created_filled_shown_listed_and_closed_with_epluas_status_strings() {
        String out = run("""
                local w = _PY.create_window("Report", 500, 400)
                print(type(w), w.window_id, w.title, w.width, w.height)
                print(_PY.set_window_html(w.window_id, "<h1>Hi</h1>"))
                print(_PY.show_window(w))
                print(_PY.html_rendering_available(), _PY.get_html_engine())
                local l = _PY.list_windows()
                print(#l, l[1].window_id, l[1].title, l[1].visible)
                print(_PY.hide_window(w))
                print(_PY.close_window(w))
                print(_PY.show_window(w))
                print(_PY.set_window_html("window_9", "<p>x</p>"))
                print(#_PY.list_windows())
                """);
        assertThat(out).isEqualTo("""
                        table\twindow_1\tReport\t500\t400
                        SUCCESS: HTML content set
                        SUCCESS: Native window shown
                        true\tswing
                        1\twindow_1\tReport\ttrue
                        SUCCESS: Native window hidden
                        SUCCESS: Native window closed
                        ERROR: Window window_1 not found
                        ERROR: Window window_9 not found
                        0
                        """);
        assertThat(display.lastHtml).isEqualTo("<h1>Hi</h1>");
        assertThat(display.commands)
                .containsExactly(
                        "start light",
                        "create window_1 Report 500x400",
                        "html window_1 11",
                        "show window_1",
                        "hide window_1",
                        "close window_1");
    }

    @Test
    void html_windows_are_native_windows_so_a_layout_can_replace_the_page_and_back() {
        String out = run("""
                local w = _PY.create_window("Both")
                print(w.width, w.height)
                _PY.setNativeUI(w, {elements = {{type = "label", id = "l", text = "layout"}}})
                print(_PY.getElementValue(w, "l"))
                print(_PY.set_window_html(w, "<b>page</b>"))
                print(_PY.getElementValue(w, "l"), pcall(_PY.updateElement, w, "l", "text", "x"))
                print(#_PY.listNativeWindows())
                """);
        assertThat(out).isEqualTo("""
                        400\t300
                        layout
                        SUCCESS: HTML content set
                        nil\tfalse\tupdateElement: window 'window_1' has no element 'l'
                        1
                        """);
    }

    @Test
    void without_a_display_every_html_window_function_answers_gui_not_available() {
        LuaSpecHarness bare = new LuaSpecHarness(new EngineConfig(), new GuiLib(null));
        bare.runChunk("""
                print(_PY.create_window("x"))
                print(_PY.set_window_html("window_1", "<p/>"))
                print(_PY.show_window("window_1"), _PY.hide_window("window_1"), _PY.close_window("window_1"))
                print(_PY.list_windows())
                print(_PY.html_rendering_available(), _PY.get_html_engine())
                """);
        assertThat(bare.takeOutput()).isEqualTo("""
                        ERROR: GUI not available
                        ERROR: GUI not available
                        ERROR: GUI not available\tERROR: GUI not available\tERROR: GUI not available
                        ERROR: GUI not available
                        false\tnone
                        """);
    }

    @Test
    void arguments_of_the_wrong_type_raise_bad_argument_errors() {
        String out = run("""
                local w = _PY.create_window("x")
                print(pcall(_PY.set_window_html, w, nil))
                print(pcall(_PY.show_window, true))
                print(pcall(_PY.create_window, "x", "wide"))
                """);
        assertThat(out)
                .contains("bad argument #2 to 'jeplua.set_window_html' (string expected, got nil)")
                .contains("bad argument #1 to 'jeplua.show_window' (window id expected, got boolean)")
                .contains("bad argument #2 to 'jeplua.create_window' (number expected, got string)");
    }
}
