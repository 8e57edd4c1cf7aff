package dev.jeplua.gui.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jeplua.engine.api.EngineConfig;
import dev.jeplua.engine.testing.LuaSpecHarness;
import dev.jeplua.gui.model.GuiEvent.Kind;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** EPLua's API of the {@code native_ui} and {@code windows} Lua modules, without a display. */
@Timeout(30)
class EpluaModulesTest {
    private LuaSpecHarness lua;
    private RecordingWindowService display;

    @BeforeEach
    void setUp() {
        display = new RecordingWindowService();
        lua = new LuaSpecHarness(new EngineConfig(), new GuiLib(display));
    }

    private String run(String code) {
        lua.load(code, "@script.lua");
        return lua.takeOutput();
    }

    @Test
    void native_ui_offers_epluas_functions() {
        String out = run("""
                local native_ui = require("native_ui")
                print(native_ui.isAvailable(), type(native_ui.examples.quickApp), type(native_ui.examples.demo))
                local win = native_ui.createWindow("Panel", 320, 240)
                win:setUI(native_ui.examples.demo):show()
                local other = native_ui.create("Other")
                print(win:getId(), other:getId(), win:getValue("colour"), win:isClosed())
                local list = native_ui.listWindows()
                print(#list, list[1].title, list[2].width, list[2].height)
                """);
        assertThat(out).isEqualTo("true\ttable\ttable\nwindow_1\twindow_2\tgreen\tfalse\n2\tPanel\t800\t600\n");
        assertThat(display.commands)
                .contains("create window_1 Panel 320x240", "create window_2 Other 800x600", "show window_1");
    }

    @Test
    void the_builder_takes_an_id_string_as_last_argument_and_numbers_the_others_with_one_counter() {
        run("""
                local ui = require("native_ui").quickUI()
                  :header("Title", 2)
                  :label("Ready", "status")
                  :button("Save", "save", true, "save")
                  :button("Plain")
                  :switch("Power", true, "power")
                  :slider("Level", 0, 10, 4, "level")
                  :dropdown("Mode", {"a", "b"}, nil, "mode")
                  :multiselect("Days", {"Mon", "Tue"}, {"Tue"}, 3, "days")
                  :separator()
                  :buttonRow({"Turn On", {text = "Off", action = "off", primary = true}})
                  :build()
                _PY.setNativeUI(_PY.createNativeWindow("b"), ui)
                """);
        List<UiElement> els = display.lastLayout.elements();
        assertThat(els)
                .extracting(UiElement::id)
                .containsExactly(
                        "header_1",
                        "status",
                        "save",
                        "button_2",
                        "power",
                        "level",
                        "mode",
                        "days",
                        "separator_3",
                        "button_row_6");
        assertThat(els.get(2).props()).containsEntry("primary", true).containsEntry("text", "Save");
        assertThat(els.get(3).props()).containsEntry("primary", false).containsEntry("text", "Plain");
        assertThat(els.get(6).props()).containsEntry("value", "a");
        assertThat(els.get(7).props()).containsEntry("value", List.of("Tue")).containsEntry("height", 3.0);
        UiElement row = els.get(9);
        assertThat(row.children()).extracting(UiElement::id).containsExactly("btn_4", "btn_5");
        assertThat(row.children().get(1).props()).containsEntry("primary", true);
        lua.runChunk("""
                _PY.setNativeCallback("window_1", "btn_4", function(e) print(e.event_type, e.data.action) end)
                """);
        display.user("window_1", "btn_4", Kind.CLICK, null);
        lua.advance(0);
        assertThat(lua.takeOutput()).isEqualTo("click\tturn_on\n");
    }

    @Test
    void from_json_and_from_table_assign_ids_to_elements_without_one() {
        String out = run("""
                local native_ui = require("native_ui")
                local ui = native_ui.fromJSON('{"elements":[{"type":"label","text":"a"},{"type":"button","id":"go"},{"text":"?"}]}')
                print(ui.elements[1].id, ui.elements[2].id, ui.elements[3].id)
                local original = {padding = 5, elements = {{type = "switch"}, {type = "slider", id = "s"}, {type = "label"}}}
                local copy = native_ui.fromTable(original)
                print(copy ~= original, copy.padding, copy.elements[1].id, copy.elements[3].id, original.elements[1].id)
                print(pcall(native_ui.fromJSON, "{not json"))
                """);
        assertThat(out)
                .startsWith("label_1\tgo\telement_2\ntrue\t5\tswitch_1\tlabel_2\tswitch_1\nfalse\t")
                .contains("native_ui.fromJSON: invalid JSON");
    }

    @Test
    void windows_offers_epluas_functions_and_an_html_window_object() {
        String out = run("""
                local windows = require("windows")
                print(windows.isAvailable(), windows.htmlSupported(), windows.getHtmlEngine(), windows._VERSION)
                local caps = windows.getCapabilities()
                print(caps.gui, caps.html, caps.engine, caps.native_ui)
                local page = windows.createWindow("Report", 500, 400):setHtml("<h1>Hello</h1>"):show()
                print(page:getId(), windows.listWindows()[1].title, windows.listWindows()[1].visible)
                print(windows.setWindowHtml(page:getId(), "<p>again</p>"), windows.hideWindow(page:getId()))
                print(windows.create == windows.createWindow, windows.new == windows.createWindow)
                page:setUI({{type = "label", id = "l", text = "now a layout"}})
                print(page:getValue("l"))
                """);
        assertThat(out).isEqualTo("""
                        true\ttrue\tswing\t1.0.0
                        true\ttrue\tswing\ttrue
                        window_1\tReport\ttrue
                        true\ttrue
                        true\ttrue
                        now a layout
                        """);
        assertThat(display.commands)
                .containsSubsequence(
                        "create window_1 Report 500x400",
                        "html window_1 14",
                        "show window_1",
                        "html window_1 12",
                        "hide window_1");
        assertThat(run("require('windows').help()")).contains("windows.createWindow(title, w, h)");
    }

    @Test
    void errors_from_the_modules_point_at_the_scripts_line() {
        String out = run("""
                local windows = require("windows")
                local win = windows.createNativeWindow("e", 200, 100)
                win:setUI({{type = "label", id = "l"}})
                print(pcall(function()
                  win:setValue("ghost", 1)
                end))
                print(pcall(function()
                  win:setUI(42)
                end))
                print(pcall(function()
                  windows.showWindow("window_7")
                end))
                win:close()
                print(pcall(function()
                  win:show()
                end))
                print(pcall(function()
                  require("native_ui").fromJSON("[")
                end))
                """);
        assertThat(out.lines().toList())
                .satisfiesExactly(
                        l -> assertThat(l)
                                .isEqualTo("false\tscript.lua:5: updateElement: window 'window_1' has no"
                                        + " element 'ghost'"),
                        l -> assertThat(l).startsWith("false\tscript.lua:8: bad argument #2 to 'jeplua.setNativeUI'"),
                        l -> assertThat(l).isEqualTo("false\tscript.lua:11: ERROR: Window window_7 not found"),
                        l -> assertThat(l).isEqualTo("false\tscript.lua:15: Cannot operate on closed window"),
                        l -> assertThat(l).startsWith("false\tscript.lua:18: native_ui.fromJSON: invalid JSON"));
    }

    @Test
    void without_a_display_creating_a_window_raises_at_the_scripts_line() {
        LuaSpecHarness bare = new LuaSpecHarness(new EngineConfig(), new GuiLib(null));
        bare.load("""
                local windows, native_ui = require("windows"), require("native_ui")
                print(windows.isAvailable(), windows.htmlSupported(), windows.getHtmlEngine(), native_ui.isAvailable())
                print(native_ui.listWindows())
                print(pcall(function()
                  windows.createWindow("x")
                end))
                print(pcall(function()
                  native_ui.createWindow("x")
                end))
                """, "@bare.lua");
        assertThat(bare.takeOutput()).isEqualTo("""
                        false\tfalse\tnone\tfalse
                        ERROR: GUI not available
                        false\tbare.lua:5: gui: no display available (run with a display or xvfb-run)
                        false\tbare.lua:8: gui: no display available (run with a display or xvfb-run)
                        """);
    }
}
