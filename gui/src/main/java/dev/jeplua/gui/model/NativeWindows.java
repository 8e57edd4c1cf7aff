package dev.jeplua.gui.model;

import dev.jeplua.engine.api.EngineContext;
import dev.jeplua.engine.coroutine.CallbackTask;
import dev.jeplua.engine.coroutine.ExecutionInterrupted;
import dev.jeplua.engine.loop.EventLoop.KeepAlive;
import dev.jeplua.engine.session.ExecutionContext;
import dev.jeplua.gui.model.ElementType.FieldKind;
import dev.jeplua.gui.model.LayoutParser.Binding;
import dev.jeplua.gui.model.LayoutParser.ElementInfo;
import dev.jeplua.gui.model.LayoutParser.ParsedUi;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine side of native windows (README.md#native-windows): window and element state mirrored on the
 * engine thread, element callbacks, bindings, and the queue of property updates sent to the
 * {@link WindowService} once per event-loop batch.
 *
 * <p>Threads: every method is engine thread only, except {@link #openCount},
 * {@link #updatesSent} and the {@link WindowEvents} sink, which the display thread calls. The
 * engine never waits for the display: commands go out through the service (which uses
 * {@code invokeLater}), user events come back through {@code engine.submit} and update the
 * mirror on the engine thread before the element's callback runs, so
 * {@link #getValue} answers from the mirror at once.
 *
 * <p>Lifecycle: the service is started on the first window call (not before, so scripts
 * without windows never load AWT). Each open window holds a keep-alive handle; it is released
 * when the script closes the window or the user does.
 */
public final class NativeWindows {
    /** The error every window call raises when no display can be used (README.md#native-windows). */
    public static final String NO_DISPLAY = "gui: no display available (run with a display or xvfb-run)";

    private static final Logger log = LoggerFactory.getLogger(NativeWindows.class);

    private final EngineContext engine;
    private final WindowService display;
    private final Map<String, Window> windows = new LinkedHashMap<>();
    private final AtomicInteger openCount = new AtomicInteger();
    private final AtomicLong updatesSent = new AtomicLong();
    private final WindowEvents events = this::deliver;
    private WindowService started;
    private boolean unavailable;
    private int nextWindow = 1;

    /**
     * @param engine  the engine whose loop and error reporting are used
     * @param display the display side (Swing, or a recording fake in tests); null means no display
     */
    public NativeWindows(EngineContext engine, WindowService display) {
        this.engine = engine;
        this.display = display;
    }

    /** One window as the engine knows it. */
    private static final class Window {
        final String id;
        final String title;
        final int width;
        final int height;
        final KeepAlive keepAlive;
        /** Id in the engine's RunScope ({@code --watch} closes the window, the inspector lists it). */
        String scopeId;

        boolean visible;
        Map<String, Element> elements = new LinkedHashMap<>();
        Map<String, LuaValue> handlers = new HashMap<>();
        final Map<String, LuaValue> callbacks = new HashMap<>();
        final List<BindingState> bindings = new ArrayList<>();
        final LinkedHashMap<String, PropertyUpdate> pending = new LinkedHashMap<>();

        Window(String id, String title, int width, int height, KeepAlive keepAlive) {
            this.id = id;
            this.title = title;
            this.width = width;
            this.height = height;
            this.keepAlive = keepAlive;
        }
    }

    /** Mirror of one element: its type and current properties (canonical names, Java values). */
    private record Element(
            String id, ElementType type, Map<String, Object> props, String callbackName, String action) {}

    private record BindingState(String elementId, String property, LuaValue function) {}

    // ---------------------------------------------------------------- availability

    /** True when windows can be opened ({@code gui_available()}); does not start the toolkit. */
    public boolean available() {
        WindowService s = display;
        return !unavailable && s != null && s.displayAvailable();
    }

    /** Number of open windows (the {@code windows} gauge). Any thread. */
    public int openCount() {
        return openCount.get();
    }

    /** Number of {@link WindowService#applyUpdates} calls made so far (one per window per batch with changes). Any thread. */
    public long updatesSent() {
        return updatesSent.get();
    }

    private WindowService service() {
        WindowService s = display;
        if (s == null || unavailable || !s.displayAvailable()) {
            throw new LuaError(NO_DISPLAY);
        }
        if (started == null) {
            try {
                s.start(events, theme());
            } catch (GuiUnavailableException e) {
                unavailable = true;
                log.debug("display could not be opened", e);
                throw new LuaError(NO_DISPLAY);
            }
            started = s;
            engine.addCloseable(s::closeAll);
            engine.loop().addBatchHook(this::afterBatch);
        }
        return s;
    }

    /** {@code _PY.config.gui_theme} (or {@code theme}): "dark" gives the dark look, anything else light. */
    private String theme() {
        LuaValue config = engine.globals().get("_PY").isnil()
                ? LuaValue.NIL
                : engine.globals().get("_PY").get("config");
        if (config.istable()) {
            LuaValue t = config.get("gui_theme").isnil() ? config.get("theme") : config.get("gui_theme");
            if (t.isstring() && t.tojstring().equalsIgnoreCase("dark")) {
                return "dark";
            }
        }
        return "light";
    }

    // ---------------------------------------------------------------- commands (engine thread)

    /**
     * Creates a hidden window and returns its id ({@code window_1}, ...).
     *
     * @param width  pixels (≥ 1)
     * @param height pixels (≥ 1)
     * @throws LuaError {@link #NO_DISPLAY} when no display can be used
     */
    public String create(String title, int width, int height) {
        WindowService s = service();
        String id = "window_" + nextWindow++;
        Window w = new Window(id, title, width, height, engine.loop().keepAlive());
        windows.put(id, w);
        w.scopeId = dev.jeplua.engine.reload.RunScope.of(engine).add("window", title, () -> close(id));
        openCount.incrementAndGet();
        s.createWindow(id, title, width, height);
        return id;
    }

    /** Shows ({@code true}) or hides a window. @throws LuaError for an unknown or closed window */
    public void setVisible(String fname, String windowId, boolean visible) {
        WindowService s = service();
        Window w = window(fname, windowId);
        flush(w);
        w.visible = visible;
        s.setVisible(windowId, visible);
    }

    /** Closes a window (no {@code close} event: only a user's close fires it); unknown or closed ids are ignored. */
    public void close(String windowId) {
        WindowService s = service();
        Window w = windows.get(windowId);
        if (w == null) {
            return;
        }
        forget(w);
        s.closeWindow(windowId);
    }

    /**
     * Replaces a window's content. {@code ui} is a table or a JSON string (README.md#native-windows layouts);
     * bound properties are evaluated once here.
     *
     * @throws LuaError naming the element and field for invalid input
     */
    public void setUi(String fname, String windowId, LuaValue ui) {
        WindowService s = service();
        Window w = window(fname, windowId);
        if (ui.type() == LuaValue.TSTRING) {
            ui = decodeJson(fname, ui);
        }
        ParsedUi parsed = LayoutParser.parse(fname, ui, this::warn);
        Map<String, Element> elements = new LinkedHashMap<>();
        for (ElementInfo e : parsed.elements().values()) {
            elements.put(e.id(), new Element(e.id(), e.type(), new HashMap<>(e.props()), e.callbackName(), e.action()));
        }
        w.pending.clear();
        w.elements = elements;
        w.handlers = new HashMap<>(parsed.handlers());
        w.bindings.clear();
        for (Binding b : parsed.bindings()) {
            w.bindings.add(new BindingState(b.elementId(), b.property(), b.function()));
        }
        s.setLayout(windowId, parsed.layout());
    }

    /**
     * Replaces a window's content with an HTML document (rendered by the display, e.g. Swing's
     * {@code JEditorPane}); the window has no elements afterwards, so element callbacks and
     * updates find nothing until the next {@link #setUi}.
     *
     * @throws LuaError for an unknown or closed window, {@link #NO_DISPLAY} without a display
     */
    public void setHtml(String fname, String windowId, String html) {
        WindowService s = service();
        Window w = window(fname, windowId);
        w.pending.clear();
        w.elements = new LinkedHashMap<>();
        w.handlers = new HashMap<>();
        w.bindings.clear();
        s.setHtml(windowId, html);
    }

    /** True when {@code windowId} names an open window (no display needed). */
    public boolean isOpen(String windowId) {
        return windows.containsKey(windowId);
    }

    /** A layout warning on the engine's stderr, with the script position it came from. */
    private void warn(String message) {
        engine.config().stderr().println("jeplua: warning: " + ScriptPosition.of(engine.globals()) + message);
    }

    private LuaValue decodeJson(String fname, LuaValue text) {
        LuaValue json = engine.globals().get("json");
        Varargs r = json.istable() ? json.get("decode").invoke(text) : LuaValue.NONE;
        if (r.arg1().isnil()) {
            throw new LuaError(fname + ": ui is not valid JSON: "
                    + (r.narg() > 1 ? r.arg(2).tojstring() : "json library missing"));
        }
        return r.arg1();
    }

    /** Sets (or with nil removes) the callback of an element; {@code "window"} receives close events, {@code "*"} every event not otherwise handled. */
    public void setCallback(String fname, String windowId, String elementId, LuaValue fn) {
        service();
        Window w = window(fname, windowId);
        if (fn.isnil()) {
            w.callbacks.remove(elementId);
        } else {
            w.callbacks.put(elementId, fn);
        }
    }

    /**
     * Changes an element property: {@code text}, {@code value} ({@code values}), {@code enabled},
     * {@code visible}, {@code options}, {@code min}, {@code max}. The mirror changes at once; the
     * display gets the last value of each property at the end of the batch. A function value
     * binds the property (re-evaluated after every batch); a plain value replaces a binding.
     *
     * @throws LuaError for an unknown window, element or property, or a value of the wrong type
     */
    public void update(String fname, String windowId, String elementId, String property, LuaValue value) {
        service();
        Window w = window(fname, windowId);
        Element e = element(fname, w, elementId);
        String prop = LayoutParser.canonicalProperty(e.type(), property);
        if (prop == null || prop.equals("id") || prop.equals("type")) {
            throw new LuaError(
                    fname + ": element '" + elementId + "' (" + e.type().luaName() + ") has no property '" + property
                            + "' (text, value, values, enabled, visible, options, min, max as the type allows)");
        }
        w.bindings.removeIf(b -> b.elementId().equals(elementId) && b.property().equals(prop));
        LuaValue v = value;
        if (value.isfunction()) {
            w.bindings.add(new BindingState(elementId, prop, value));
            v = value.call();
        }
        Object java = LayoutParser.toJava(v, LayoutParser.propertyKind(e.type(), prop));
        if (java == null) {
            throw new LuaError(
                    fname + ": element '" + elementId + "' (" + e.type().luaName() + "): property '" + property + "' "
                            + LayoutParser.problem(LayoutParser.propertyKind(e.type(), prop), v));
        }
        set(w, e, prop, java);
    }

    /** The element's value from the mirror (see {@link ElementType.ValueKind}); nil for unknown ids. Never waits for the display. */
    public LuaValue getValue(String windowId, String elementId) {
        Window w = windows.get(windowId);
        Element e = w == null ? null : w.elements.get(elementId);
        if (e == null) {
            return LuaValue.NIL;
        }
        return switch (e.type().valueKind()) {
            case TEXT -> toLua(e.props().get("text"));
            case NONE -> LuaValue.NIL;
            default -> toLua(e.props().get("value"));
        };
    }

    /** Open windows as {@code {window_id, title, width, height, visible}} tables, in creation order. */
    public LuaTable list() {
        LuaTable t = new LuaTable();
        int i = 1;
        for (Window w : windows.values()) {
            t.set(i++, describe(w));
        }
        return t;
    }

    /** {@code {window_id, title, width, height, visible}} of an open window, or nil. */
    public LuaValue describe(String windowId) {
        Window w = windows.get(windowId);
        return w == null ? LuaValue.NIL : describe(w);
    }

    private static LuaTable describe(Window w) {
        LuaTable t = new LuaTable();
        t.set("window_id", w.id);
        t.set("title", w.title);
        t.set("width", w.width);
        t.set("height", w.height);
        t.set("visible", LuaValue.valueOf(w.visible));
        return t;
    }

    private Window window(String fname, String windowId) {
        Window w = windows.get(windowId);
        if (w == null) {
            throw new LuaError(fname + ": no open window '" + windowId + "'");
        }
        return w;
    }

    private static Element element(String fname, Window w, String elementId) {
        Element e = w.elements.get(elementId);
        if (e == null) {
            throw new LuaError(fname + ": window '" + w.id + "' has no element '" + elementId + "'");
        }
        return e;
    }

    private void set(Window w, Element e, String prop, Object value) {
        if (prop.equals("value")
                && value instanceof Double d
                && e.props().get("min") instanceof Double min
                && e.props().get("max") instanceof Double max) {
            value = Math.max(min, Math.min(max, d));
        }
        if (Objects.equals(e.props().get(prop), value)) {
            return;
        }
        e.props().put(prop, value);
        w.pending.put(e.id() + '\u0000' + prop, new PropertyUpdate(e.id(), prop, value));
        if (e.type() == ElementType.RADIO && prop.equals("value") && Boolean.TRUE.equals(value)) {
            clearRadioGroup(w, e, true);
        }
    }

    /** Marks the other radios of {@code e}'s group unselected (queued for the display when {@code push}). */
    private static void clearRadioGroup(Window w, Element e, boolean push) {
        Object group = e.props().get("group");
        for (Element other : w.elements.values()) {
            if (other != e
                    && other.type() == ElementType.RADIO
                    && Objects.equals(other.props().get("group"), group)
                    && Boolean.TRUE.equals(other.props().get("value"))) {
                other.props().put("value", Boolean.FALSE);
                if (push) {
                    w.pending.put(other.id() + "\u0000value", new PropertyUpdate(other.id(), "value", Boolean.FALSE));
                }
            }
        }
    }

    private void forget(Window w) {
        if (windows.remove(w.id) != null) {
            w.pending.clear();
            w.bindings.clear();
            w.keepAlive.release();
            dev.jeplua.engine.reload.RunScope.of(engine).remove(w.scopeId);
            openCount.decrementAndGet();
        }
    }

    // ---------------------------------------------------------------- end of batch

    /** End-of-batch hook: re-evaluates bindings and sends each window's coalesced updates. Engine thread. */
    void afterBatch() {
        if (windows.isEmpty() || engine.loop().isStopRequested()) {
            return; // shutting down (SIGINT, os.exit): no more Lua here, windows close with the engine
        }
        for (Window w : List.copyOf(windows.values())) {
            for (BindingState b : List.copyOf(w.bindings)) {
                evaluate(w, b);
            }
            flush(w);
        }
    }

    private void evaluate(Window w, BindingState b) {
        Element e = w.elements.get(b.elementId());
        if (e == null || !w.bindings.contains(b)) {
            return;
        }
        FieldKind kind = LayoutParser.propertyKind(e.type(), b.property());
        LuaValue v;
        try {
            v = b.function().call();
        } catch (ExecutionInterrupted stop) {
            return; // interruptAll during shutdown: leave the binding, the loop is ending
        } catch (LuaError err) {
            w.bindings.remove(b);
            LuaValue m = err.getMessageObject();
            engine.reportCallbackError(
                    "gui binding", m == null ? LuaValue.valueOf(String.valueOf(err.getMessage())) : m, null);
            return;
        }
        Object java = LayoutParser.toJava(v, kind);
        if (java == null) {
            w.bindings.remove(b);
            engine.reportCallbackError(
                    "gui binding",
                    LuaValue.valueOf("element '" + e.id() + "' (" + e.type().luaName() + "): bound property '"
                            + b.property() + "' " + LayoutParser.problem(kind, v) + " (binding removed)"),
                    null);
            return;
        }
        set(w, e, b.property(), java);
    }

    private void flush(Window w) {
        if (w.pending.isEmpty() || started == null) {
            return;
        }
        List<PropertyUpdate> updates = List.copyOf(w.pending.values());
        w.pending.clear();
        updatesSent.incrementAndGet();
        started.applyUpdates(w.id, updates);
    }

    // ---------------------------------------------------------------- events (display thread → engine thread)

    /** The sink given to the service: queues the event for the engine thread. Any thread; never blocks. */
    private void deliver(GuiEvent event) {
        try {
            engine.submit(new CallbackTask(new Dispatch(event), LuaValue.NONE, "gui", ExecutionContext.NONE) {
                @Override
                protected void done(Varargs results, LuaValue error, String traceback) {
                    if (error != null) {
                        engine.reportCallbackError("gui", error, traceback);
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            log.debug("gui event dropped (engine not accepting work): {}", event);
        }
    }

    /** Runs on the engine thread inside the event's coroutine: update the mirror, then call the callback. */
    private final class Dispatch extends VarArgFunction {
        private final GuiEvent event;

        Dispatch(GuiEvent event) {
            this.event = event;
            this.name = "gui event";
        }

        @Override
        public Varargs invoke(Varargs args) {
            Window w = windows.get(event.windowId());
            if (w == null) {
                return NONE;
            }
            if (event.kind() == GuiEvent.Kind.CLOSE) {
                forget(w);
                LuaValue fn = first(w.callbacks.get("window"), w.callbacks.get("*"));
                return fn == null ? NONE : fn.invoke(eventTable(w, null, "close", null, null));
            }
            Element e = w.elements.get(event.elementId());
            if (e == null) {
                return NONE;
            }
            if (event.kind() == GuiEvent.Kind.CHANGE && event.value() != null) {
                e.props().put("value", event.value());
                if (e.type() == ElementType.RADIO && Boolean.TRUE.equals(event.value())) {
                    clearRadioGroup(w, e, false);
                }
            }
            String type =
                    e.callbackName() != null ? e.callbackName() : event.kind().luaName();
            LuaValue fn = first(
                    w.callbacks.get(e.id()),
                    w.handlers.get(e.id()),
                    e.action() == null ? null : w.callbacks.get(e.action()),
                    w.callbacks.get("*"));
            if (fn == null) {
                return NONE;
            }
            Object value = event.kind() == GuiEvent.Kind.CLICK ? null : event.value();
            return fn.invoke(eventTable(w, e.id(), type, value, e.action()));
        }
    }

    private static LuaValue first(LuaValue... candidates) {
        for (LuaValue c : candidates) {
            if (c != null && !c.isnil()) {
                return c;
            }
        }
        return null;
    }

    /** {@code {window_id, element_id, event_type, value, values, data={value, values, action}}}. */
    private static LuaTable eventTable(Window w, String elementId, String type, Object value, String action) {
        LuaTable data = new LuaTable();
        LuaTable t = new LuaTable();
        t.set("window_id", w.id);
        if (elementId != null) {
            t.set("element_id", elementId);
        }
        t.set("event_type", type);
        if (value != null) {
            t.set("value", toLua(value));
            data.set("value", toLua(value));
            if (value instanceof List<?>) {
                t.set("values", toLua(value));
                data.set("values", toLua(value));
            }
        }
        if (action != null) {
            data.set("action", action);
        }
        t.set("data", data);
        return t;
    }

    /** Java mirror value → Lua (a fresh table for lists; whole numbers as integers). */
    static LuaValue toLua(Object o) {
        if (o == null) {
            return LuaValue.NIL;
        }
        if (o instanceof Boolean b) {
            return LuaValue.valueOf(b);
        }
        if (o instanceof Double d) {
            // UI numbers (slider and spinner positions, sizes) are whole numbers: a Lua integer,
            // as the script gave them (5, not 5.0); a fraction stays a float
            long whole = d.longValue();
            return whole == d && Math.abs(d) < 0x1p53 ? org.luaj.vm2.Lua54Numbers.integer(whole) : LuaValue.valueOf(d);
        }
        if (o instanceof List<?> l) {
            LuaTable t = new LuaTable();
            int i = 1;
            for (Object x : l) {
                t.set(i++, LuaValue.valueOf(String.valueOf(x)));
            }
            return t;
        }
        return LuaValue.valueOf(o.toString());
    }
}
