package dev.jeplua.gui.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jeplua.engine.api.EngineConfig;
import dev.jeplua.engine.testing.LuaSpecHarness;
import dev.jeplua.gui.model.GuiEvent.Kind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The engine side of native windows, without a display: layouts, events, mirror, bindings, coalescing. */
@Timeout(30)
class NativeWindowsTest {
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

    private String error(String code) {
        return run("local ok, err = pcall(function() " + code + " end) print(ok, err)");
    }

    private static final String COUNTER = """
            w = _PY.createNativeWindow("Counter", 300, 200)
            id = w.window_id
            count = 0
            _PY.setNativeUI(id, {elements = {
              {type = "button", id = "inc", text = "Increment", action = "increment"},
              {type = "label", id = "count", text = function() return "Count: " .. count end},
              {type = "slider", id = "volume", text = "Volume", min = 0, max = 10, value = 3},
              {type = "dropdown", id = "mode", options = {"auto", "manual"}},
              {type = "multiselect", id = "days", options = {"Mon", "Tue", "Wed"}, values = {"Tue"}},
              {type = "switch", id = "power", text = "Power"},
            }})
            """;

    @Test
    void without_a_window_service_gui_is_unavailable_and_window_calls_raise_the_spec_error() {
        LuaSpecHarness bare = new LuaSpecHarness(new EngineConfig(), new GuiLib(null));
        bare.runChunk(
                "print(_PY.gui_available(), _PY.isNativeUIAvailable()) print(pcall(_PY.createNativeWindow, 'x'))");
        assertThat(bare.takeOutput())
                .isEqualTo("false\tfalse\nfalse\tgui: no display available (run with a display or xvfb-run)\n");
    }

    @Test
    void headless_option_makes_gui_unavailable_without_creating_the_real_service() {
        boolean[] created = new boolean[1];
        LuaSpecHarness headless = new LuaSpecHarness(
                new EngineConfig(),
                new GuiLib(new LazyWindowService(
                        true,
                        () -> {
                            created[0] = true;
                            return display;
                        },
                        true)));
        headless.runChunk("print(_PY.gui_available()) print(pcall(_PY.showNativeWindow, 'window_1'))");
        assertThat(headless.takeOutput())
                .isEqualTo("false\nfalse\tgui: no display available (run with a display or xvfb-run)\n");
        assertThat(created[0]).isFalse();
    }

    @Test
    void display_is_judged_from_the_environment_without_awt() {
        assertThat(LazyWindowService.displayConfigured(Map.of(), "Linux", null)).isFalse();
        assertThat(LazyWindowService.displayConfigured(Map.of("DISPLAY", ":99"), "Linux", null))
                .isTrue();
        assertThat(LazyWindowService.displayConfigured(Map.of("DISPLAY", ":99"), "Linux", "true"))
                .isFalse();
        assertThat(LazyWindowService.displayConfigured(Map.of(), "Mac OS X", null))
                .isTrue();
    }

    @Test
    void created_window_is_hidden_listed_and_started_lazily() {
        assertThat(display.commands).isEmpty();
        String out = run("""
                local w = _PY.createNativeWindow("Hello")
                print(w.window_id, w.title, w.width, w.height)
                local l = _PY.listNativeWindows()
                print(#l, l[1].window_id, l[1].visible)
                _PY.showNativeWindow(w)
                print(_PY.listNativeWindows()[1].visible)
                """);
        assertThat(out).isEqualTo("window_1\tHello\t400\t300\n1\twindow_1\tfalse\ntrue\n");
        assertThat(display.commands).containsExactly("start light", "create window_1 Hello 400x300", "show window_1");
        assertThat(lua.engine().gauge("windows")).isEqualTo(1);
    }

    @Test
    void flat_layout_becomes_a_model_with_generated_ids_and_defaults() {
        run(
                COUNTER
                        + "_PY.setNativeUI(id, {padding = 5, elements = {{type='label', text='a'}, {type='slider'}, {type='label'}}})");
        UiLayout layout = display.lastLayout;
        assertThat(layout.padding()).isEqualTo(5);
        assertThat(layout.elements()).extracting(UiElement::id).containsExactly("label_1", "slider_1", "label_2");
        UiElement slider = layout.elements().get(1);
        assertThat(slider.props())
                .containsEntry("min", 0.0)
                .containsEntry("max", 100.0)
                .containsEntry("value", 0.0);
    }

    @Test
    void hierarchical_layout_and_bare_arrays_and_json_strings_are_accepted() {
        run("""
                local w = _PY.createNativeWindow("H")
                _PY.setNativeUI(w, {type = "frame", children = {
                  {type = "entry", id = "name", placeholder = "name"},
                  {type = "frame", layout = "horizontal", children = {
                    {type = "radio", id = "a", group = "g", value = true}, {type = "radio", id = "b", group = "g"}}},
                  {type = "button", id = "save", text = "Save", callback = "onSave"},
                }})
                """);
        UiElement root = display.lastLayout.elements().get(0);
        assertThat(root.type()).isEqualTo(ElementType.FRAME);
        assertThat(root.id()).isEqualTo("frame_1");
        assertThat(root.children()).extracting(UiElement::id).containsExactly("name", "frame_2", "save");
        assertThat(root.children().get(1).children()).extracting(UiElement::id).containsExactly("a", "b");

        run("_PY.setNativeUI('window_1', {{type='label', text='x'}, {type='separator'}})");
        assertThat(display.lastLayout.elements()).extracting(UiElement::id).containsExactly("label_1", "separator_1");

        run("_PY.setNativeUI('window_1', '{\"elements\":[{\"type\":\"switch\",\"id\":\"s\",\"value\":true}]}')");
        assertThat(display.lastLayout.elements().get(0).props()).containsEntry("value", true);
    }

    @Test
    void an_unknown_type_is_skipped_with_a_warning_naming_the_type_the_id_and_the_script_line() {
        lua.load("""
                w = _PY.createNativeWindow('x')
                _PY.setNativeUI(w, {elements = {{type='label'}, {type='fancy', id='f1'},
                  {type='frame', children={{type=42}, {type='label', id='inner'}}}}})
                print('went on')
                """, "@panel.lua");
        assertThat(lua.takeOutput()).isEqualTo("went on\n");
        assertThat(display.lastLayout.elements()).extracting(UiElement::id).containsExactly("label_1", "frame_1");
        assertThat(display.lastLayout.elements().get(1).children())
                .extracting(UiElement::id)
                .containsExactly("inner");
        assertThat(lua.takeErrors())
                .contains("jeplua: warning: panel.lua:2: setNativeUI: element 'f1' at elements[2]: unknown type"
                        + " 'fancy', skipped (known: label, header,")
                .contains("jeplua: warning: panel.lua:2: setNativeUI: element at elements[3].children[1]: unknown"
                        + " type number, skipped");
    }

    @Test
    void toggle_button_and_dropdown_multiselect_are_element_types_with_a_boolean_and_an_array_value() {
        String out = run("""
                id = _PY.createNativeWindow("t").window_id
                _PY.setNativeUI(id, {elements = {
                  {type = "toggle_button", id = "lamp", text = "Lamp", value = true, action = "lamp"},
                  {type = "Dropdown_MultiSelect", id = "rooms", text = "Rooms", options = {"hall", "den", "loft"},
                   values = {"den"}},
                }})
                _PY.setNativeCallback(id, "*", function(e)
                  print(e.event_type, e.element_id, e.data.action,
                        type(e.value) == "table" and table.concat(e.values, ",") or tostring(e.data.value))
                end)
                print(_PY.getElementValue(id, "lamp"), table.concat(_PY.getElementValue(id, "rooms"), ","))
                """);
        assertThat(out).isEqualTo("true\tden\n");
        assertThat(display.lastLayout.elements())
                .extracting(UiElement::type)
                .containsExactly(ElementType.TOGGLE_BUTTON, ElementType.DROPDOWN_MULTISELECT);
        display.user("window_1", "lamp", Kind.CHANGE, false);
        display.user("window_1", "rooms", Kind.CHANGE, List.of("hall", "den"));
        lua.advance(0);
        assertThat(lua.takeOutput()).isEqualTo("change\tlamp\tlamp\tfalse\nchange\trooms\tnil\thall,den\n");
        assertThat(run("_PY.updateElement(id, 'rooms', 'values', {'loft'}) _PY.setNativeValue(id, 'lamp', true)"
                        + " print(_PY.getElementValue(id, 'lamp'), _PY.getElementValue(id, 'rooms')[1])"))
                .isEqualTo("true\tloft\n");
    }

    @Test
    void a_field_of_the_wrong_type_raises_an_error_naming_element_and_field() {
        run("w = _PY.createNativeWindow('x')");
        assertThat(error("_PY.setNativeUI(w, {elements = {{type='label'}, {type='slider', min='0'}}})"))
                .contains(
                        "setNativeUI: element 'slider_1' (slider) at elements[2]: field 'min' must be a number, got string '0'");
        assertThat(
                        error(
                                "_PY.setNativeUI(w, {type='frame', children={{type='listbox', id='l', options={'a', 3, {}}}}})"))
                .contains("element 'l' (listbox) at ui.children[1]: field 'options' must be an array of strings");
        assertThat(error("_PY.setNativeUI(w, {elements = {{type='label', id='a'}, {type='label', id='a'}}})"))
                .contains("element 'a' at elements[2]: duplicate id");
        assertThat(error("_PY.setNativeUI(w, {elements = {{text='no type'}}})"))
                .contains("element at elements[1]: missing field 'type'");
        assertThat(error("_PY.setNativeUI(w, '{not json')")).contains("setNativeUI: ui is not valid JSON");
        assertThat(display.lastLayout).isNull();
    }

    @Test
    void slider_change_delivers_a_number_in_value_and_data_value_and_updates_the_mirror() {
        run(COUNTER + """
                _PY.setNativeCallback(id, "volume", function(e)
                  print(e.event_type, e.window_id, e.element_id, e.value, type(e.value), e.data.value)
                end)
                """);
        display.user("window_1", "volume", Kind.CHANGE, 7.0);
        lua.advance(0);
        assertThat(lua.takeOutput()).isEqualTo("change\twindow_1\tvolume\t7\tnumber\t7\n");
        assertThat(run("print(_PY.getElementValue(id, 'volume'))")).isEqualTo("7\n");
    }

    @Test
    void dropdown_delivers_the_chosen_string_and_multiselect_an_array_of_values() {
        run(COUNTER + """
                _PY.setNativeCallback(id, "mode", function(e) print(e.event_type, e.value) end)
                _PY.setNativeCallback(id, "days", function(e)
                  print(e.event_type, #e.values, e.values[1], e.values[2], e.data.values[2])
                end)
                print(_PY.getElementValue(id, "mode"), table.concat(_PY.getElementValue(id, "days"), ","))
                """);
        assertThat(lua.takeOutput()).isEmpty();
        display.user("window_1", "mode", Kind.CHANGE, "manual");
        display.user("window_1", "days", Kind.CHANGE, List.of("Mon", "Wed"));
        lua.advance(0);
        assertThat(lua.takeOutput()).isEqualTo("change\tmanual\nchange\t2\tMon\tWed\tWed\n");
        assertThat(run("print(_PY.getNativeValue(id, 'mode'), table.concat(_PY.getElementValue(id, 'days'), ','))"))
                .isEqualTo("manual\tMon,Wed\n");
    }

    @Test
    void initial_values_come_from_the_layout() {
        assertThat(run(COUNTER + """
                print(_PY.getElementValue(id, "mode"), table.concat(_PY.getElementValue(id, "days"), ","),
                      _PY.getElementValue(id, "volume"), _PY.getElementValue(id, "power"),
                      _PY.getElementValue(id, "count"), _PY.getElementValue(id, "nope"))
                """)).isEqualTo("auto\tTue\t3\tfalse\tCount: 0\tnil\n");
    }

    @Test
    void click_reports_the_action_and_a_callback_name_becomes_the_event_type() {
        run(COUNTER + """
                _PY.setNativeCallback(id, "inc", function(e) print(e.event_type, e.element_id, e.data.action, e.value) end)
                _PY.setNativeUI(id, {type = "frame", children = {{type = "button", id = "save", callback = "onSave"}}})
                _PY.setNativeCallback(id, "save", function(e) print(e.event_type, e.element_id, e.data.action) end)
                """);
        display.user("window_1", "save", Kind.CLICK, null);
        lua.advance(0);
        assertThat(lua.takeOutput()).isEqualTo("onSave\tsave\tonSave\n");
    }

    @Test
    void events_fall_back_to_the_action_name_then_to_the_wildcard_callback() {
        run(COUNTER + """
                _PY.setNativeCallback(id, "increment", function(e) print("by action", e.element_id) end)
                _PY.setNativeCallback(id, "*", function(e) print("wildcard", e.element_id, e.value) end)
                """);
        display.user("window_1", "inc", Kind.CLICK, null);
        display.user("window_1", "power", Kind.CHANGE, true);
        lua.advance(0);
        assertThat(lua.takeOutput()).isEqualTo("by action\tinc\nwildcard\tpower\ttrue\n");
    }

    @Test
    void a_function_given_as_action_is_the_elements_callback_and_may_yield() {
        run("""
                id = _PY.createNativeWindow("x").window_id
                _PY.setNativeUI(id, {{type = "button", id = "b", action = function(e)
                  print("clicked", e.element_id, coroutine.isyieldable()) sleep(10) print("after sleep")
                end}})
                """);
        display.user("window_1", "b", Kind.CLICK, null);
        lua.advance(0);
        assertThat(lua.takeOutput()).isEqualTo("clicked\tb\ttrue\n");
        lua.advance(10);
        assertThat(lua.takeOutput()).isEqualTo("after sleep\n");
    }

    @Test
    void an_error_in_a_gui_callback_is_reported_and_the_loop_goes_on() {
        run(COUNTER + "_PY.setNativeCallback(id, 'inc', function() error('boom') end)");
        display.user("window_1", "inc", Kind.CLICK, null);
        lua.advance(0);
        assertThat(lua.takeErrors()).contains("jeplua: error in gui callback:").contains("boom");
        assertThat(run("print('still running')")).isEqualTo("still running\n");
    }

    @Test
    void user_closing_a_window_fires_close_and_releases_its_keep_alive() {
        run(
                COUNTER
                        + "_PY.setNativeCallback(id, 'window', function(e) print(e.event_type, e.window_id, e.element_id) end)");
        assertThat(lua.engine().loop().keepAliveCount()).isEqualTo(1);
        display.user("window_1", null, Kind.CLOSE, null);
        lua.advance(0);
        assertThat(lua.takeOutput()).isEqualTo("close\twindow_1\tnil\n");
        assertThat(lua.engine().loop().keepAliveCount()).isZero();
        assertThat(lua.engine().gauge("windows")).isZero();
        assertThat(run("print(#_PY.listNativeWindows(), _PY.getElementValue(id, 'volume'))"))
                .isEqualTo("0\tnil\n");
    }

    @Test
    void script_closing_a_window_releases_its_keep_alive_without_a_close_event() {
        run(
                COUNTER
                        + "_PY.setNativeCallback(id, 'window', function(e) print('close event') end) _PY.closeNativeWindow(id)");
        assertThat(lua.takeOutput()).isEmpty();
        assertThat(display.commands).contains("close window_1");
        assertThat(lua.engine().loop().keepAliveCount()).isZero();
        assertThat(error("_PY.showNativeWindow(id)")).contains("showNativeWindow: no open window 'window_1'");
    }

    @Test
    void thousand_updates_in_one_batch_reach_the_display_as_one_coalesced_batch() {
        run(COUNTER);
        display.updateBatches.clear();
        run(
                "for i = 1, 1000 do _PY.updateElement(id, 'volume', 'value', i % 11) end print(_PY.getElementValue(id, 'volume'))");
        assertThat(display.updateBatches).hasSize(1);
        assertThat(display.updateBatches.get(0)).containsExactly(new PropertyUpdate("volume", "value", 10.0));

        run("for i = 1, 1000 do _PY.updateElement(id, i % 2 == 0 and 'count' or 'inc', 'text', 'n' .. i) end");
        assertThat(display.updateBatches).hasSize(2);
        assertThat(display.updateBatches.get(1))
                .containsExactlyInAnyOrder(
                        new PropertyUpdate("count", "text", "n1000"), new PropertyUpdate("inc", "text", "n999"));
    }

    @Test
    void update_element_checks_the_property_and_its_value_type() {
        run(COUNTER);
        assertThat(error("_PY.updateElement(id, 'volume', 'value', 'loud')"))
                .contains(
                        "updateElement: element 'volume' (slider): property 'value' must be a number, got string 'loud'");
        assertThat(error("_PY.updateElement(id, 'volume', 'colour', 1)"))
                .contains("updateElement: element 'volume' (slider) has no property 'colour'");
        assertThat(error("_PY.updateElement(id, 'ghost', 'text', 'x')"))
                .contains("updateElement: window 'window_1' has no element 'ghost'");
        assertThat(
                        run(
                                "_PY.updateElement(id, 'days', 'values', {'Mon'}) _PY.updateElement(id, 'mode', 'options', {'a','b'})"
                                        + " _PY.setNativeValue(id, 'power', true) _PY.updateElement(id, 'inc', 'enabled', false)"
                                        + " _PY.updateElement(id, 'volume', 'value', 99)"
                                        + " print(_PY.getElementValue(id, 'days')[1], _PY.getElementValue(id, 'power'), _PY.getElementValue(id, 'volume'))"))
                .isEqualTo("Mon\ttrue\t10\n");
    }

    @Test
    void bindings_are_re_evaluated_after_each_batch_and_push_only_changed_values() {
        run(COUNTER);
        display.updateBatches.clear();
        run("count = 1");
        assertThat(display.updateBatches).containsExactly(List.of(new PropertyUpdate("count", "text", "Count: 1")));
        run("local x = 1");
        lua.advance(100);
        assertThat(display.updateBatches).hasSize(1);
        assertThat(run("print(_PY.getElementValue(id, 'count'))")).isEqualTo("Count: 1\n");

        run("setTimeout(function() count = count + 1 end, 50)");
        lua.advance(50);
        assertThat(display.updateBatches).hasSize(2);
        assertThat(display.updateBatches.get(1)).containsExactly(new PropertyUpdate("count", "text", "Count: 2"));
    }

    @Test
    void a_binding_that_raises_is_reported_once_and_removed() {
        run(
                COUNTER
                        + "_PY.updateElement(id, 'power', 'value', function() if count > 0 then error('bad binding') end return false end)");
        run("count = 1");
        assertThat(lua.takeErrors()).contains("error in gui binding callback").contains("bad binding");
        run("count = 2");
        assertThat(lua.takeErrors()).isEmpty();
    }

    @Test
    void radio_buttons_of_a_group_exclude_each_other_in_the_mirror() {
        run("""
                id = _PY.createNativeWindow("r").window_id
                _PY.setNativeUI(id, {{type='radio', id='a', group='g', value=true}, {type='radio', id='b', group='g'}})
                """);
        display.user("window_1", "b", Kind.CHANGE, true);
        lua.advance(0);
        assertThat(run("print(_PY.getElementValue(id, 'a'), _PY.getElementValue(id, 'b'))"))
                .isEqualTo("false\ttrue\n");
    }

    @Test
    void dark_theme_follows_py_config() {
        run("_PY.config.gui_theme = 'dark' _PY.createNativeWindow('d')");
        assertThat(display.commands).first().isEqualTo("start dark");
    }

    @Test
    void windows_module_wraps_a_window_in_a_chainable_object() {
        String out = run("""
                local windows = require("windows")
                local win = windows.createNativeWindow("Obj", 200, 100)
                  :setUI({elements = {{type = "label", id = "l", text = "a"}, {type = "slider", id = "s"}}})
                  :setCallback("s", function(e) print("slider", e.value) end)
                  :onClose(function(e) print("closed", e.event_type) end)
                  :show()
                win:setText("l", "b"):setValue("s", 5)
                print(win:getId(), win:getValue("l"), win:getValue("s"), win:isClosed())
                obj = win
                """);
        assertThat(out).isEqualTo("window_1\tb\t5\tfalse\n");
        display.user("window_1", "s", Kind.CHANGE, 9.0);
        display.user("window_1", null, Kind.CLOSE, null);
        lua.advance(0);
        assertThat(lua.takeOutput()).isEqualTo("slider\t9\nclosed\tclose\n");
        assertThat(run("print(obj:isClosed())")).isEqualTo("true\n");
    }

    @Test
    void native_ui_quick_ui_builds_a_flat_layout() {
        run("""
                local ui = require("native_ui").quickUI()
                  :header("Title", 2):label("text"):button("Go", "go", {id = "go", primary = true})
                  :switch("On", true):slider("Level", 0, 10, 4):dropdown("Mode", {"a", "b"}, "b")
                  :multiselect("Days", {"x", "y"}, {"y"}):separator()
                  :buttonRow({{text = "OK", action = "ok", id = "ok"}}):build()
                _PY.setNativeUI(_PY.createNativeWindow("q"), ui)
                """);
        List<UiElement> els = display.lastLayout.elements();
        assertThat(els)
                .extracting(e -> e.type().luaName())
                .containsExactly(
                        "header",
                        "label",
                        "button",
                        "switch",
                        "slider",
                        "dropdown",
                        "multiselect",
                        "separator",
                        "button_row");
        assertThat(els.get(2).props()).containsEntry("primary", true);
        assertThat(els.get(6).props()).containsEntry("value", List.of("y"));
        assertThat(els.get(8).children()).extracting(UiElement::id).containsExactly("ok");
    }
}
