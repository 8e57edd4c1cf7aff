package dev.jeplua.gui.model;

import static org.luaj.vm2.LuaValue.valueOf;

import dev.jeplua.engine.api.EngineContext;
import dev.jeplua.engine.api.LibraryFunction;
import dev.jeplua.engine.api.LuaArgs;
import dev.jeplua.gui.browser.BrowserOpener;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * EPLua's browser-window functions on {@code _PY}: pages opened in the system's web browser,
 * remembered by an id the script chooses. With EPLua's result shapes and reuse rules; nothing
 * raises when there is no browser, the functions return {@code false} instead.
 *
 * <pre>
 * _PY.create_browser_window(id, url [, width=800, height=600, x=100, y=100]) -> boolean
 * _PY.set_browser_window_url(id, url) -> boolean      false for an unknown id; else opens url again
 * _PY.get_browser_window_info(id)     -> {id, url, width, height, x, y, is_open} | nil
 * _PY.list_browser_windows()          -> {[id] = info, ...}  ({} when there are none)
 * _PY.close_browser_window(id)        -> true if the id was known, else false
 * _PY.close_all_browser_windows()     -> true
 * </pre>
 *
 * <p>{@code create_browser_window} opens nothing and returns true when {@code id} is known
 * (its record takes the new URL and size) or when another id already shows the same URL (the
 * new id becomes an alias); a QuickApp page (URL containing {@code quickapp_ui.html} and
 * {@code qa_id=}) is opened every time. Otherwise it asks the {@link BrowserOpener}; false
 * means it could not be asked (no display: {@code --headless}, or no {@code DISPLAY} on Linux;
 * no launcher; an empty URL or one starting with {@code -}). A launcher that fails later (e.g.
 * {@code xdg-open} finds no browser) gives a {@code jeplua: warning:} on stderr and
 * {@code is_open=false}. Width, height and position are recorded but a browser started this way
 * ignores them. Closing only forgets the id: the browser's window stays open (JEPLua has no
 * handle on it). Records live for the run only. Engine thread only.
 */
final class BrowserWindows implements LibraryFunction.Body {
    /** One remembered browser window. */
    private static final class Rec {
        final String id;
        String url;
        int width;
        int height;
        int x;
        int y;
        boolean open;

        Rec(String id, String url, int width, int height, int x, int y, boolean open) {
            this.id = id;
            this.url = url;
            this.width = width;
            this.height = height;
            this.x = x;
            this.y = y;
            this.open = open;
        }

        LuaTable info() {
            LuaTable t = new LuaTable();
            t.set("id", id);
            t.set("url", url);
            t.set("width", width);
            t.set("height", height);
            t.set("x", x);
            t.set("y", y);
            t.set("is_open", valueOf(open));
            return t;
        }
    }

    private final EngineContext engine;
    private final BrowserOpener opener;
    private final BooleanSupplier displayAvailable;
    private final Map<String, Rec> windows = new LinkedHashMap<>();

    /**
     * @param displayAvailable whether windows may be opened at all (false with {@code --headless})
     */
    BrowserWindows(EngineContext engine, BrowserOpener opener, BooleanSupplier displayAvailable) {
        this.engine = engine;
        this.opener = opener;
        this.displayAvailable = displayAvailable;
    }

    /** Adds the functions to {@code py}. */
    void install(LuaTable py) {
        LibraryFunction.define(py, "create_browser_window", FN_CREATE_BROWSER_WINDOW, this);
        LibraryFunction.define(py, "set_browser_window_url", FN_SET_BROWSER_WINDOW_URL, this);
        LibraryFunction.define(py, "get_browser_window_info", FN_GET_BROWSER_WINDOW_INFO, this);
        LibraryFunction.define(py, "list_browser_windows", FN_LIST_BROWSER_WINDOWS, this);
        LibraryFunction.define(py, "close_browser_window", FN_CLOSE_BROWSER_WINDOW, this);
        LibraryFunction.define(py, "close_all_browser_windows", FN_CLOSE_ALL_BROWSER_WINDOWS, this);
    }

    /** EPLua's create rules (see the class comment). */
    boolean create(String id, String url, int width, int height, int x, int y) {
        boolean quickApp = url.contains("quickapp_ui.html") && url.contains("qa_id=");
        Rec known = windows.get(id);
        if (!quickApp) {
            if (known != null) {
                known.url = url;
                known.width = width;
                known.height = height;
                known.x = x;
                known.y = y;
                return true;
            }
            for (Rec other : windows.values()) {
                if (other.url.equals(url)) {
                    windows.put(id, new Rec(id, url, width, height, x, y, other.open));
                    return true;
                }
            }
        }
        if (!launch(id, url)) {
            return false;
        }
        windows.put(id, new Rec(id, url, width, height, x, y, true));
        return true;
    }

    private boolean launch(String id, String url) {
        if (url.isBlank() || url.startsWith("-") || !displayAvailable.getAsBoolean()) {
            return false;
        }
        return opener.open(url, reason -> failed(id, url, reason));
    }

    /** A launcher reported failure (any thread): warn and mark the window not open, on the engine thread. */
    private void failed(String id, String url, String reason) {
        String warning = "jeplua: warning: browser window '" + id + "': could not open " + url + " (" + reason + ")";
        engine.post("browser window", () -> {
                    Rec r = windows.get(id);
                    if (r != null && r.url.equals(url)) {
                        r.open = false;
                    }
                    engine.config().stderr().println(warning);
                })
                .exceptionally(e -> {
                    if (e instanceof RejectedExecutionException || e.getCause() instanceof RejectedExecutionException) {
                        engine.config().stderr().println(warning); // the engine is shutting down
                    }
                    return null;
                });
    }

    private static String id(Varargs a, String fname) {
        LuaValue v = a.arg(1);
        if (v.type() == LuaValue.TSTRING || v.type() == LuaValue.TNUMBER) {
            return v.tojstring();
        }
        throw LuaArgs.argError(1, fname, "window id expected, got " + (a.narg() < 1 ? "no value" : v.typename()));
    }

    private static int whole(Varargs a, int i, String fname, int def) {
        double d = LuaArgs.optNumber(a, i, fname, def);
        if (!(Math.abs(d) <= 100_000)) {
            throw LuaArgs.argError(i, fname, "pixels must be between -100000 and 100000");
        }
        return (int) Math.round(d);
    }

    // function numbers of this browser's LibraryFunction.Body
    private static final int FN_CREATE_BROWSER_WINDOW = 0;
    private static final int FN_SET_BROWSER_WINDOW_URL = 1;
    private static final int FN_GET_BROWSER_WINDOW_INFO = 2;
    private static final int FN_LIST_BROWSER_WINDOWS = 3;
    private static final int FN_CLOSE_BROWSER_WINDOW = 4;
    private static final int FN_CLOSE_ALL_BROWSER_WINDOWS = 5;

    @Override
    public Varargs call(int index, Varargs a) {
        return switch (index) {
            case FN_CREATE_BROWSER_WINDOW -> luaCreateBrowserWindow(a);
            case FN_SET_BROWSER_WINDOW_URL -> luaSetBrowserWindowUrl(a);
            case FN_GET_BROWSER_WINDOW_INFO -> luaGetBrowserWindowInfo(a);
            case FN_LIST_BROWSER_WINDOWS -> luaListBrowserWindows(a);
            case FN_CLOSE_BROWSER_WINDOW -> valueOf(windows.remove(id(a, "close_browser_window")) != null);
            case FN_CLOSE_ALL_BROWSER_WINDOWS -> luaCloseAllBrowserWindows(a);
            default -> throw new IllegalArgumentException("browser: no function " + index);
        };
    }

    private Varargs luaCreateBrowserWindow(Varargs a) {
        String f = "create_browser_window";
        return valueOf(create(
                id(a, f),
                LuaArgs.string(a, 2, f),
                whole(a, 3, f, 800),
                whole(a, 4, f, 600),
                whole(a, 5, f, 100),
                whole(a, 6, f, 100)));
    }

    private Varargs luaSetBrowserWindowUrl(Varargs a) {
        String id = id(a, "set_browser_window_url");
        String url = LuaArgs.string(a, 2, "set_browser_window_url");
        Rec old = windows.remove(id);
        return valueOf(old != null && create(id, url, old.width, old.height, old.x, old.y));
    }

    private Varargs luaGetBrowserWindowInfo(Varargs a) {
        Rec r = windows.get(id(a, "get_browser_window_info"));
        return r == null ? LuaValue.NIL : r.info();
    }

    private Varargs luaListBrowserWindows(Varargs a) {
        LuaTable t = new LuaTable();
        windows.forEach((id, r) -> t.set(id, r.info()));
        return t;
    }

    private Varargs luaCloseAllBrowserWindows(Varargs a) {
        windows.clear();
        return LuaValue.TRUE;
    }
}
