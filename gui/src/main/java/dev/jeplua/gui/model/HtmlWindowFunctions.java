package dev.jeplua.gui.model;

import static org.luaj.vm2.LuaValue.valueOf;

import dev.jeplua.engine.api.LibraryFunction;
import dev.jeplua.engine.api.LuaArgs;
import java.util.function.Function;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * EPLua's HTML-window functions on {@code _PY}, with EPLua's result shapes: status strings
 * instead of errors, so a script written for EPLua that tests {@code result:match("^ERROR:")}
 * works unchanged. The windows are the same windows as {@code createNativeWindow}'s (one id
 * space, listed by both listing functions); an HTML window shows a document rendered by Swing's
 * {@code JEditorPane} (gui/README.md says what it cannot render), and {@code setNativeUI} may
 * replace it with a layout and back.
 *
 * <pre>
 * _PY.create_window(title [, width=400, height=300]) -> {window_id, title, width, height} | "ERROR: GUI not available"
 * _PY.set_window_html(id, html)  -> "SUCCESS: HTML content set"
 * _PY.show_window(id)            -> "SUCCESS: Native window shown"
 * _PY.hide_window(id)            -> "SUCCESS: Native window hidden"
 * _PY.close_window(id)           -> "SUCCESS: Native window closed"
 *     each: "ERROR: Window &lt;id&gt; not found" for an unknown or closed id, "ERROR: GUI not available" without a display
 * _PY.list_windows()             -> {{window_id, title, width, height, visible}, ...} | "ERROR: GUI not available"
 * _PY.html_rendering_available() -> boolean (true when windows can be opened)
 * _PY.get_html_engine()          -> "swing" | "none" (no display)
 * </pre>
 *
 * A window id may be the id string or the table {@code create_window} returned. Arguments of
 * the wrong type raise the usual {@code bad argument} errors. Engine thread only.
 */
final class HtmlWindowFunctions implements LibraryFunction.Body {
    /** The result of every HTML-window function when no window can be opened. */
    static final String NO_GUI = "ERROR: GUI not available";

    /** {@code get_html_engine()} when windows can be opened. */
    static final String ENGINE = "swing";

    private final NativeWindows windows;

    private HtmlWindowFunctions(NativeWindows windows) {
        this.windows = windows;
    }

    /** Adds the functions to {@code py}. */
    static void install(LuaTable py, NativeWindows windows) {
        HtmlWindowFunctions f = new HtmlWindowFunctions(windows);
        LibraryFunction.define(py, "html_rendering_available", FN_HTML_RENDERING_AVAILABLE, f);
        LibraryFunction.define(py, "get_html_engine", FN_GET_HTML_ENGINE, f);
        LibraryFunction.define(py, "create_window", FN_CREATE_WINDOW, f);
        LibraryFunction.define(py, "set_window_html", FN_SET_WINDOW_HTML, f);
        LibraryFunction.define(py, "show_window", FN_SHOW_WINDOW, f);
        LibraryFunction.define(py, "hide_window", FN_HIDE_WINDOW, f);
        LibraryFunction.define(py, "close_window", FN_CLOSE_WINDOW, f);
        LibraryFunction.define(py, "list_windows", FN_LIST_WINDOWS, f);
    }

    /** Runs {@code action} on an open window and returns its status string, or the EPLua error string. */
    private static Varargs status(NativeWindows windows, String id, Function<String, String> action) {
        if (!windows.available()) {
            return valueOf(NO_GUI);
        }
        if (!windows.isOpen(id)) {
            return valueOf("ERROR: Window " + id + " not found");
        }
        try {
            return LuaValue.valueOf(action.apply(id));
        } catch (LuaError e) {
            return valueOf("ERROR: " + e.getMessage());
        }
    }

    // function numbers of this html's LibraryFunction.Body
    private static final int FN_HTML_RENDERING_AVAILABLE = 0;
    private static final int FN_GET_HTML_ENGINE = 1;
    private static final int FN_CREATE_WINDOW = 2;
    private static final int FN_SET_WINDOW_HTML = 3;
    private static final int FN_SHOW_WINDOW = 4;
    private static final int FN_HIDE_WINDOW = 5;
    private static final int FN_CLOSE_WINDOW = 6;
    private static final int FN_LIST_WINDOWS = 7;

    @Override
    public Varargs call(int index, Varargs a) {
        return switch (index) {
            case FN_HTML_RENDERING_AVAILABLE -> valueOf(windows.available());
            case FN_GET_HTML_ENGINE -> valueOf(windows.available() ? ENGINE : "none");
            case FN_CREATE_WINDOW -> luaCreateWindow(a);
            case FN_SET_WINDOW_HTML -> luaSetWindowHtml(a);
            case FN_SHOW_WINDOW ->
                status(windows, GuiLib.windowId(a, "show_window"), w -> {
                    windows.setVisible("show_window", w, true);
                    return "SUCCESS: Native window shown";
                });
            case FN_HIDE_WINDOW ->
                status(windows, GuiLib.windowId(a, "hide_window"), w -> {
                    windows.setVisible("hide_window", w, false);
                    return "SUCCESS: Native window hidden";
                });
            case FN_CLOSE_WINDOW ->
                status(windows, GuiLib.windowId(a, "close_window"), w -> {
                    windows.close(w);
                    return "SUCCESS: Native window closed";
                });
            case FN_LIST_WINDOWS -> windows.available() ? windows.list() : valueOf(NO_GUI);
            default -> throw new IllegalArgumentException("html: no function " + index);
        };
    }

    private Varargs luaCreateWindow(Varargs a) {
        String title = LuaArgs.optString(a, 1, "create_window", "JEPLua");
        int width = GuiLib.size(a, 2, "create_window", 400);
        int height = GuiLib.size(a, 3, "create_window", 300);
        if (!windows.available()) {
            return valueOf(NO_GUI);
        }
        try {
            return GuiLib.windowTable(windows.create(title, width, height), title, width, height);
        } catch (LuaError e) {
            return valueOf(NO_GUI); // the display could not be opened after all
        }
    }

    private Varargs luaSetWindowHtml(Varargs a) {
        String id = GuiLib.windowId(a, "set_window_html");
        String html = LuaArgs.string(a, 2, "set_window_html");
        return status(windows, id, w -> {
            windows.setHtml("set_window_html", w, html);
            return "SUCCESS: HTML content set";
        });
    }
}
