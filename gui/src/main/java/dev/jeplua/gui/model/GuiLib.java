package dev.jeplua.gui.model;

import static org.luaj.vm2.LuaValue.TNUMBER;
import static org.luaj.vm2.LuaValue.TRUE;
import static org.luaj.vm2.LuaValue.TSTRING;
import static org.luaj.vm2.LuaValue.valueOf;

import dev.jeplua.engine.api.EngineContext;
import dev.jeplua.engine.api.Library;
import dev.jeplua.engine.api.LibraryFunction;
import dev.jeplua.engine.api.LuaArgs;
import dev.jeplua.gui.browser.BrowserOpener;
import dev.jeplua.gui.browser.SystemBrowser;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The native-window functions of README.md#native-windows on the {@code _PY} table (created if absent), after
 * EPLua's API. A window id argument may be the id string or the table
 * {@code createNativeWindow} returned.
 *
 * <pre>
 * _PY.createNativeWindow(title [, width=400, height=300]) -> {window_id, title, width, height}
 * _PY.showNativeWindow(id) / hideNativeWindow(id) / closeNativeWindow(id) -> true
 * _PY.listNativeWindows() -> {{window_id, title, width, height, visible}, ...}
 * _PY.setNativeUI(id, ui) -> true           ui: table or JSON string, flat or hierarchical layout
 * _PY.setNativeCallback(id, elementId, fn) -> true   fn(event); elementId "window" gets close, "*" the rest
 * _PY.updateElement(id, elementId, property, value) -> true   text|value|values|enabled|visible|options|min|max
 * _PY.getElementValue(id, elementId) -> value | nil          from the engine-side mirror, never blocks
 * _PY.setNativeValue(id, elementId, value) -> true           = updateElement(id, elementId, "value", value)
 * _PY.getNativeValue(id, elementId) -> value | nil           = getElementValue
 * _PY.gui_available() / _PY.isNativeUIAvailable() -> boolean
 * </pre>
 *
 * Every window call above raises {@code gui: no display available (run with a display or
 * xvfb-run)} with {@code --headless} or without a display; invalid layouts and properties raise
 * errors naming the element and field (an element of an unknown type is skipped with a warning
 * on stderr instead). EPLua's HTML-window functions ({@code create_window},
 * {@code set_window_html}, {@code show_window}, {@code list_windows},
 * {@code html_rendering_available}, {@code get_html_engine} ..., see
 * {@link HtmlWindowFunctions}) and browser-window functions ({@code create_browser_window} ...,
 * see {@link BrowserWindows}) are added too; they answer with EPLua's status values instead of
 * raising. All functions run on the engine thread and never wait for the display thread. Also
 * registers the {@code windows} gauge (open windows).
 */
public final class GuiLib implements Library, LibraryFunction.Body {
    private final WindowService service;
    private final BrowserOpener browser;
    private NativeWindows windows;

    /**
     * With the system's browser ({@link SystemBrowser}) for the browser-window functions.
     *
     * @param service the display side (Swing, or a recording fake in tests); null means no display
     */
    public GuiLib(WindowService service) {
        this(service, SystemBrowser.create());
    }

    /**
     * @param service the display side (Swing, or a recording fake in tests); null means no display
     * @param browser opens the pages of {@code _PY.create_browser_window} (only asked while
     *                {@code service} reports a display)
     */
    public GuiLib(WindowService service, BrowserOpener browser) {
        this.service = service;
        this.browser = browser;
    }

    /** The engine-side window state (for tests and status); null before {@link #install}. */
    public NativeWindows windows() {
        return windows;
    }

    @Override
    public void install(EngineContext engine, Globals globals) {
        windows = new NativeWindows(engine, service);
        LuaTable py = engine.hostTable();
        engine.registerGauge("windows", windows::openCount);
        LibraryFunction.define(py, "gui_available", FN_GUI_AVAILABLE, this);
        LibraryFunction.define(py, "isNativeUIAvailable", FN_ISNATIVEUIAVAILABLE, this);
        LibraryFunction.define(py, "createNativeWindow", FN_CREATENATIVEWINDOW, this);
        LibraryFunction.define(py, "showNativeWindow", FN_SHOWNATIVEWINDOW, this);
        LibraryFunction.define(py, "hideNativeWindow", FN_HIDENATIVEWINDOW, this);
        LibraryFunction.define(py, "closeNativeWindow", FN_CLOSENATIVEWINDOW, this);
        LibraryFunction.define(py, "listNativeWindows", FN_LISTNATIVEWINDOWS, this);
        LibraryFunction.define(py, "setNativeUI", FN_SETNATIVEUI, this);
        LibraryFunction.define(py, "setNativeCallback", FN_SETNATIVECALLBACK, this);
        LibraryFunction.define(py, "updateElement", FN_UPDATEELEMENT, this);
        LibraryFunction.define(py, "setNativeValue", FN_SETNATIVEVALUE, this);
        py.set("getElementValue", new LibraryFunction("getElementValue", FN_GETELEMENTVALUE, this));
        py.set("getNativeValue", new LibraryFunction("getNativeValue", FN_GETNATIVEVALUE, this));
        HtmlWindowFunctions.install(py, windows);
        new BrowserWindows(engine, browser, windows::available).install(py);
    }

    /** {@code {window_id, title, width, height}}, what the window-creating functions return. */
    static LuaTable windowTable(String id, String title, int width, int height) {
        LuaTable t = new LuaTable();
        t.set("window_id", id);
        t.set("title", title);
        t.set("width", width);
        t.set("height", height);
        return t;
    }

    static String windowId(Varargs a, String fname) {
        LuaValue v = a.arg(1);
        if (v.istable() && v.get("window_id").isstring()) {
            return v.get("window_id").tojstring();
        }
        if (v.type() == TSTRING || v.type() == TNUMBER) {
            return v.tojstring();
        }
        throw LuaArgs.argError(1, fname, "window id expected, got " + typeOf(a, 1));
    }

    static int size(Varargs a, int i, String fname, int def) {
        double d = LuaArgs.optNumber(a, i, fname, def);
        if (!(d >= 1 && d <= 100_000)) {
            throw LuaArgs.argError(i, fname, "size in pixels must be between 1 and 100000");
        }
        return (int) Math.round(d);
    }

    private static LuaValue value(Varargs a, int i, String fname) {
        if (a.narg() < i) {
            throw LuaArgs.argError(i, fname, "value expected");
        }
        return a.arg(i);
    }

    private static String typeOf(Varargs a, int i) {
        return a.narg() < i ? "no value" : a.arg(i).typename();
    }

    // function numbers of this gui's LibraryFunction.Body
    private static final int FN_GUI_AVAILABLE = 0;
    private static final int FN_ISNATIVEUIAVAILABLE = 1;
    private static final int FN_CREATENATIVEWINDOW = 2;
    private static final int FN_SHOWNATIVEWINDOW = 3;
    private static final int FN_HIDENATIVEWINDOW = 4;
    private static final int FN_CLOSENATIVEWINDOW = 5;
    private static final int FN_LISTNATIVEWINDOWS = 6;
    private static final int FN_SETNATIVEUI = 7;
    private static final int FN_SETNATIVECALLBACK = 8;
    private static final int FN_UPDATEELEMENT = 9;
    private static final int FN_SETNATIVEVALUE = 10;
    private static final int FN_GETELEMENTVALUE = 11;
    private static final int FN_GETNATIVEVALUE = 12;

    @Override
    public Varargs call(int index, Varargs a) {
        return switch (index) {
            case FN_GUI_AVAILABLE -> valueOf(windows.available());
            case FN_ISNATIVEUIAVAILABLE -> valueOf(windows.available());
            case FN_CREATENATIVEWINDOW -> luaCreatenativewindow(a);
            case FN_SHOWNATIVEWINDOW -> luaShownativewindow(a);
            case FN_HIDENATIVEWINDOW -> luaHidenativewindow(a);
            case FN_CLOSENATIVEWINDOW -> luaClosenativewindow(a);
            case FN_LISTNATIVEWINDOWS -> windows.list();
            case FN_SETNATIVEUI -> luaSetnativeui(a);
            case FN_SETNATIVECALLBACK -> luaSetnativecallback(a);
            case FN_UPDATEELEMENT -> luaUpdateelement(a);
            case FN_SETNATIVEVALUE -> luaSetnativevalue(a);
            case FN_GETELEMENTVALUE ->
                windows.getValue(windowId(a, "getElementValue"), LuaArgs.string(a, 2, "getElementValue"));
            case FN_GETNATIVEVALUE ->
                windows.getValue(windowId(a, "getNativeValue"), LuaArgs.string(a, 2, "getNativeValue"));
            default -> throw new IllegalArgumentException("gui: no function " + index);
        };
    }

    private Varargs luaCreatenativewindow(Varargs a) {
        String title = LuaArgs.optString(a, 1, "createNativeWindow", "JEPLua");
        int width = size(a, 2, "createNativeWindow", 400);
        int height = size(a, 3, "createNativeWindow", 300);
        return windowTable(windows.create(title, width, height), title, width, height);
    }

    private Varargs luaShownativewindow(Varargs a) {
        windows.setVisible("showNativeWindow", windowId(a, "showNativeWindow"), true);
        return TRUE;
    }

    private Varargs luaHidenativewindow(Varargs a) {
        windows.setVisible("hideNativeWindow", windowId(a, "hideNativeWindow"), false);
        return TRUE;
    }

    private Varargs luaClosenativewindow(Varargs a) {
        windows.close(windowId(a, "closeNativeWindow"));
        return TRUE;
    }

    private Varargs luaSetnativeui(Varargs a) {
        String id = windowId(a, "setNativeUI");
        LuaValue ui = a.arg(2);
        if (!ui.istable() && ui.type() != TSTRING) {
            throw LuaArgs.argError(2, "setNativeUI", "table or JSON string expected, got " + typeOf(a, 2));
        }
        windows.setUi("setNativeUI", id, ui);
        return TRUE;
    }

    private Varargs luaSetnativecallback(Varargs a) {
        String id = windowId(a, "setNativeCallback");
        String element = LuaArgs.string(a, 2, "setNativeCallback");
        if (!a.arg(3).isnil() && !a.arg(3).isfunction()) {
            throw LuaArgs.argError(3, "setNativeCallback", "function expected, got " + typeOf(a, 3));
        }
        windows.setCallback("setNativeCallback", id, element, a.arg(3));
        return TRUE;
    }

    private Varargs luaUpdateelement(Varargs a) {
        String id = windowId(a, "updateElement");
        windows.update(
                "updateElement",
                id,
                LuaArgs.string(a, 2, "updateElement"),
                LuaArgs.string(a, 3, "updateElement"),
                value(a, 4, "updateElement"));
        return TRUE;
    }

    private Varargs luaSetnativevalue(Varargs a) {
        String id = windowId(a, "setNativeValue");
        windows.update(
                "setNativeValue", id, LuaArgs.string(a, 2, "setNativeValue"), "value", value(a, 3, "setNativeValue"));
        return TRUE;
    }
}
