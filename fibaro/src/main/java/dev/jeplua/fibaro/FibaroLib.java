package dev.jeplua.fibaro;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jeplua.engine.api.EngineContext;
import dev.jeplua.engine.api.Library;
import dev.jeplua.engine.api.NamedFunction;
import dev.jeplua.engine.json.JsonLib;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * The {@code --fibaro} library (docs/fibaro.md): loads the QuickApp runtime
 * ({@code lua/fibaro/runtime.lua}: {@code fibaro}, {@code api}, {@code hub}, {@code plugin},
 * {@code class}, {@code QuickAppBase/QuickApp/QuickAppChild}, HC3's {@code print}) on an
 * offline HC3 ({@link Hc3Model} served by {@link Hc3Api}), and runs a QuickApp file in HC3's
 * order with {@link #quickAppMain}: header directives read ({@link HeaderParser}; warnings on
 * stderr), the device registered, {@code --%%file} includes run, the main chunk runs, then
 * {@code QuickApp:onInit()} and {@code initChildDevices()}.
 *
 * <p>State: the persistent part of the model (devices with their quickApp variables, global
 * variables, rooms, sections, custom events, internal storage) is kept in the {@code store}
 * library's table {@code fibaro} (key {@code home}, JSON text), written at the end of each
 * event-loop batch that changed it, and read back at the next start; without the store
 * library (tests) it lives in memory. A QuickApp finds its device again by name. A
 * {@code --fibaro-resources} JSON file (shape of {@link Hc3Model#snapshot()}) is merged on top.
 *
 * <p>Paths no route serves go to {@code _PY.fibaro_api_hook(method, path, data)} when a script
 * set it (its {@code data, status} is the answer), else, in proxy mode ({@link Hc3Proxy}), the
 * real HC3's answer, else 501 with a JSON error. In proxy mode a local 404 (a device, global
 * variable … the offline HC3 does not have) is asked of the real HC3 too.
 *
 * <p>Threads: {@link #install}, {@link #quickAppMain} and {@link #dispatch} on the engine thread;
 * {@link #request} from any thread.
 */
public final class FibaroLib implements Library {
    /** How long {@code GET /refreshStates?last=N} waits for a newer event before answering (ms). */
    public static final long LONG_POLL_MS = 30_000;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Path resources;
    private final Map<String, String> environment;
    private volatile Hc3Proxy proxy;
    private final Set<String> proxyWarned = new HashSet<>();
    private EngineContext context;
    private Hc3Model model;
    private Hc3Api api;
    /** Where the home is saved between runs (the store, and its copy beside the store file). */
    private HomePersistence persistence;

    private LuaTable host;
    private LuaValue onAction = LuaValue.NIL;
    private LuaValue onUiEvent = LuaValue.NIL;
    private LuaValue onRestart = LuaValue.NIL;
    private LuaValue owns = LuaValue.NIL;
    private LuaValue onEvent = LuaValue.NIL;

    private final List<CompletableFuture<Void>> pollers = new ArrayList<>();
    /** {@code --%%time}: how far the emulated clock is ahead of the real one (ms). */
    private volatile long clockOffsetMs;
    /** The QuickApp this process runs (set by its main chunk), for {@code --%%save}. */
    private Running running;

    /**
     * @param resources a JSON file of HC3 resources ({@code --fibaro-resources}), or null
     */
    public FibaroLib(Path resources) {
        this(resources, System.getenv());
    }

    /**
     * @param resources   a JSON file of HC3 resources ({@code --fibaro-resources}), or null
     * @param environment where {@code HC3_URL}, {@code HC3_USER}, {@code HC3_PASSWORD} are looked
     *                    up first in proxy mode (the process environment; tests pass their own)
     */
    public FibaroLib(Path resources, Map<String, String> environment) {
        this.resources = resources;
        this.environment = Map.copyOf(environment);
    }

    /** The proxy to the real HC3 in proxy mode, else null. Any thread. */
    public Hc3Proxy proxy() {
        return proxy;
    }

    /** The offline HC3 (tests). Engine thread. */
    public Hc3Model model() {
        return model;
    }

    @Override
    public void install(EngineContext context, Globals globals) {
        this.context = context;
        long wallStart = System.currentTimeMillis();
        long tickStart = context.config().ticker().nanoTime();
        model = new Hc3Model(
                () -> wallStart + (context.config().ticker().nanoTime() - tickStart) / 1_000_000 + clockOffsetMs);
        model.onEvent(e -> wakePollers());
        model.onEvent(this::toSubscribers);
        api = new Hc3Api(model, new LuaHost());
        persistence = new HomePersistence(context, model, resources);
        host = new LuaTable();
        NamedFunction.define(host, "api", a -> {
            Hc3Api.Response r = dispatch(a.checkjstring(1), a.checkjstring(2), a.isnil(3) ? null : a.checkjstring(3));
            return LuaValue.varargsOf(LuaValue.valueOf(r.status()), LuaValue.valueOf(r.bodyText()));
        });
        NamedFunction.define(host, "register", a -> LuaValue.valueOf(register(a.checkjstring(1))));
        NamedFunction.define(host, "message", a -> {
            model.addMessage(a.checkjstring(1), a.checkjstring(2), a.checkjstring(3));
            return LuaValue.NONE;
        });
        NamedFunction.define(host, "handlers", a -> {
            onAction = a.checkfunction(1);
            onUiEvent = a.checkfunction(2);
            onRestart = a.checkfunction(3);
            owns = a.checkfunction(4);
            onEvent = a.checkfunction(5);
            return LuaValue.NONE;
        });
        NamedFunction.define(host, "saveFqa", a -> {
            saveFqa(a.checkjstring(1), a.checkint(2));
            return LuaValue.NONE;
        });
        NamedFunction.define(host, "warn", a -> {
            context.config().stderr().println("jeplua: fibaro: " + a.checkjstring(1));
            return LuaValue.NONE;
        });
        LuaValue[] desktop = {null}; // compiled on first use: most QuickApps have no window
        NamedFunction.define(host, "desktop", a -> {
            if (desktop[0] == null) {
                desktop[0] = resource(globals, "desktop.lua").call();
            }
            return desktop[0];
        });
        resource(globals, "runtime.lua").call(host);
        context.loop().addBatchHook(persistence::persist);
        context.addCloseable(persistence::writeSnapshot); // before the store's own: runs after it closed
    }

    /** What identifies this build for {@link ChunkCache} (null: no cache, classes not from a jar). */
    private static final String BUILD = ChunkCache.buildOfThisJar();

    /**
     * Loads {@code lua/fibaro/<name>} from the module's resources as an interpreted function,
     * precompiled from {@link ChunkCache} when this build has run before.
     */
    private static LuaValue resource(Globals globals, String name) {
        try (InputStream in = FibaroLib.class.getResourceAsStream("/lua/fibaro/" + name)) {
            if (in == null) {
                throw new IllegalStateException("lua/fibaro/" + name + " missing from the fibaro module");
            }
            return ChunkCache.load(
                    globals,
                    "@fibaro/" + name,
                    name,
                    in.readAllBytes(),
                    BUILD == null ? null : ChunkCache.defaultDir(),
                    String.valueOf(BUILD));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the QuickApp runtime's " + name, e);
        }
    }

    /**
     * The main chunk of a {@code --fibaro} run: a function that reads the headers of
     * {@code source}, restores the persisted home and the resources file, registers the
     * QuickApp's device and runs {@code chunk} and then {@code onInit} as an HC3 does.
     *
     * @param chunk  the compiled main file
     * @param source the main file's text (for its headers)
     * @param file   the main file's name (the QuickApp's default name is its base name)
     * @return the function to run instead of {@code chunk}, with the same arguments
     */
    public LuaValue quickAppMain(LuaValue chunk, String source, String file) {
        return start(HeaderParser.parse(source), chunk, file, source, null);
    }

    /** Whether {@code file} is a {@code .fqa} file (by its extension, any case), to run with {@link #fqaMain}. */
    public static boolean isFqa(String file) {
        return file.toLowerCase(java.util.Locale.ROOT).endsWith(".fqa");
    }

    /**
     * The main chunk of a {@code --fibaro} run of a {@code .fqa} file ({@link FqaFile}): its name,
     * type, interfaces and initial properties (quickApp variables, UI) make the device, its other
     * files run in their order, then its main file (whose {@code --%%} headers are read too; the
     * .fqa's name and type win), then {@code onInit}. Engine thread (compiles the main file).
     *
     * @param json the .fqa file's text
     * @param file its name, for messages
     * @throws LuaError when the text is not a .fqa ({@code fibaro: x.fqa: .fqa file without name
     *                  or type}) or its main file does not compile
     */
    public LuaValue fqaMain(String json, String file) {
        FqaFile fqa;
        try {
            fqa = FqaFile.parse(json);
        } catch (IllegalArgumentException e) {
            throw new LuaError("fibaro: " + file + ": " + e.getMessage());
        }
        FqaFile.Source main = fqa.main();
        LuaValue chunk = context.globals().load(main.content(), "@" + main.name());
        return start(HeaderParser.parse(main.content()), chunk, file, main.content(), fqa);
    }

    private LuaValue start(QaHeaders h, LuaValue chunk, String file, String source, FqaFile fqa) {
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                for (String w : h.warnings()) {
                    context.config().stderr().println("jeplua: fibaro: " + w);
                }
                startProxy(h, file);
                LuaTable t = HeaderTable.of(h, file);
                if (fqa != null) {
                    HeaderTable.addFqa(t, fqa);
                }
                if (h.time() != null) { // --%%time: the clock of os.time/os.date, the console and the model
                    long offset = h.time().offsetSeconds(model.nowMillis(), java.time.ZoneId.systemDefault());
                    clockOffsetMs = offset * 1000;
                    t.set("timeOffset", org.luaj.vm2.Lua54Numbers.integer(offset));
                }
                running = new Running(t, source, fqa);
                persistence.restore();
                LuaValue start = host.get("start");
                return start.invoke(LuaValue.varargsOf(new LuaValue[] {t, chunk}, args));
            }
        };
    }

    /**
     * {@code --%%save:FILE}: writes the running QuickApp as a .fqa (its device record, the main
     * file's text as {@code main}, the {@code --%%file} includes and a .fqa's other files under
     * their names), relative to the working directory. Engine thread.
     */
    private void saveFqa(String file, int deviceId) {
        Running r = running;
        ObjectNode device = model.device(deviceId);
        if (r == null || device == null) {
            return;
        }
        List<FqaFile.Source> files = new ArrayList<>();
        files.add(new FqaFile.Source(r.fqa() == null ? "main" : r.fqa().main().name(), true, r.source()));
        if (r.fqa() != null) {
            r.fqa().files().stream().filter(f -> !f.isMain()).forEach(files::add);
        }
        LuaValue includes = r.headers().get("files");
        try {
            for (int i = 1; i <= includes.length(); i++) {
                LuaValue f = includes.get(i);
                files.add(new FqaFile.Source(
                        f.get("name").tojstring(),
                        false,
                        Files.readString(Path.of(f.get("path").tojstring()))));
            }
            Path out = Path.of(file);
            Files.writeString(out, JsonText.pretty(FqaFile.of(device, files).toJson()) + "\n");
            context.config().stderr().println("jeplua: fibaro: --%%save: QuickApp saved as " + out);
        } catch (IOException e) {
            context.config().stderr().println("jeplua: fibaro: --%%save: cannot write " + file + ": " + e);
        }
    }

    /** What {@code --%%save} needs of the run: the header table, the main file's text, the .fqa it came from. */
    private record Running(LuaTable headers, String source, FqaFile fqa) {}

    /**
     * Proxy mode when {@code --%%proxy:true} is in the headers or {@code --fibaro-proxy} set
     * {@code _PY.config.fibaro_proxy} ({@code --%%proxy:false} turns it off again): resolves
     * {@code HC3_URL/USER/PASSWORD} (environment, then {@code .env} in the QuickApp's folder,
     * then in the working directory). Missing settings stop the run with a LuaError naming them.
     */
    private void startProxy(QaHeaders h, String file) {
        Object option = context.config().hostConfig().get("fibaro_proxy");
        boolean on = h.proxy() != null ? h.proxy() : Boolean.TRUE.equals(option);
        if (!on) {
            return;
        }
        List<Path> envFiles = new ArrayList<>();
        Path dir = Path.of(file).toAbsolutePath().getParent();
        if (dir != null) {
            envFiles.add(dir.resolve(".env"));
        }
        Path cwd = Path.of("").toAbsolutePath().resolve(".env");
        if (!envFiles.contains(cwd)) {
            envFiles.add(cwd);
        }
        Object ms = context.config().hostConfig().get("fibaro_proxy_timeout_ms");
        Duration timeout = ms instanceof Number n ? Duration.ofMillis(n.longValue()) : Hc3Proxy.DEFAULT_TIMEOUT;
        try {
            proxy = new Hc3Proxy(Hc3Proxy.Settings.resolve(environment, envFiles), timeout);
        } catch (IllegalArgumentException e) {
            throw new LuaError("fibaro: " + e.getMessage());
        }
        context.config()
                .stderr()
                .println("jeplua: fibaro: proxy mode: what the offline HC3 does not have comes from "
                        + proxy.settings().url() + " as " + proxy.settings().user());
    }

    /**
     * Serves one HC3 REST request on the engine thread: the routes of {@link Hc3Api}, else
     * {@code _PY.fibaro_api_hook}, else (proxy mode) the real HC3, else 501; in proxy mode a
     * local 404 is also asked of the real HC3 (blocking this thread up to the proxy's timeout).
     *
     * @param method HTTP method
     * @param target path without {@code /api}, with an optional query string
     * @param body   JSON text or null
     */
    public Hc3Api.Response dispatch(String method, String target, String body) {
        Hc3Api.Response r = dispatchLocal(method, target, body);
        Hc3Proxy p = proxy;
        return p != null && Hc3Proxy.shouldForward(r) ? proxied(p.forward(method, target, body)) : r;
    }

    /** A proxied answer; a failure of the proxy itself is also one warning on stderr per kind. */
    private Hc3Api.Response proxied(Hc3Api.Response r) {
        String reason = r.body() == null ? "" : r.body().path("reason").asText("");
        if (reason.equals("HC3_UNREACHABLE") || reason.equals("HC3_TIMEOUT") || reason.equals("UNAUTHORIZED")) {
            boolean first;
            synchronized (proxyWarned) {
                first = proxyWarned.add(reason);
            }
            if (first) {
                context.config()
                        .stderr()
                        .println("jeplua: fibaro: proxy: "
                                + r.body().path("message").asText());
            }
        }
        return r;
    }

    /** The offline HC3's routes, then {@code _PY.fibaro_api_hook}. Engine thread. */
    private Hc3Api.Response dispatchLocal(String method, String target, String body) {
        Hc3Api.Response r = api.handle(method, target, body);
        if (r.handled()) {
            return r;
        }
        LuaValue hook = context.hostTable().get("fibaro_api_hook");
        if (!hook.isfunction()) {
            return r;
        }
        LuaValue data = LuaValue.NIL;
        if (body != null && !body.isBlank()) {
            data = JsonLib.decode(LuaString.valueOf(body)).arg1();
        }
        Varargs out = hook.invoke(LuaValue.varargsOf(LuaValue.valueOf(method), LuaValue.valueOf(target), data));
        int status = out.arg(2).isnumber() ? out.arg(2).toint() : 200;
        try {
            JsonNode json = out.arg1().isnil()
                    ? null
                    : JsonText.parse(JsonLib.encode(out.arg1(), 0, false).tojstring());
            return new Hc3Api.Response(status, json, true);
        } catch (JsonProcessingException | LuaError e) {
            return new Hc3Api.Response(
                    500,
                    NODES.objectNode()
                            .put("type", "ERROR")
                            .put("message", "fibaro_api_hook answer is not JSON: " + e.getMessage()),
                    true);
        }
    }

    /**
     * Serves one request from another thread (the REST server's {@code /api} route): runs
     * {@link #dispatch} on the engine thread; {@code GET /refreshStates?last=N} with no newer
     * event waits up to {@link #LONG_POLL_MS} for one (HC3's long poll). Any thread; never blocks.
     *
     * @return the answer; exceptionally when the engine does not accept work
     */
    public CompletableFuture<Hc3Api.Response> request(String method, String target, String body) {
        CompletableFuture<Void> woken = new CompletableFuture<>();
        CompletableFuture<Hc3Api.Response> first = context.ask("fibaro api", () -> {
            if (isLongPoll(method, target)) {
                pollers.removeIf(CompletableFuture::isDone); // those that timed out
                pollers.add(woken); // registered in the same engine step that found nothing newer
                return null;
            }
            return dispatchLocal(method, target, body);
        });
        return first.thenCompose(r -> r != null
                ? forwarded(r, method, target, body)
                : woken.completeOnTimeout(null, LONG_POLL_MS, TimeUnit.MILLISECONDS)
                        .thenCompose(x -> context.ask("fibaro api", () -> dispatch(method, target, body))));
    }

    /** In proxy mode, a local answer the real HC3 should give instead is fetched off the engine thread. */
    private CompletableFuture<Hc3Api.Response> forwarded(
            Hc3Api.Response local, String method, String target, String body) {
        Hc3Proxy p = proxy;
        if (p == null || !Hc3Proxy.shouldForward(local)) {
            return CompletableFuture.completedFuture(local);
        }
        return p.forwardAsync(method, target, body).thenApply(this::proxied);
    }

    /** A refreshStates request that has nothing newer to answer yet. Engine thread. */
    private boolean isLongPoll(String method, String target) {
        if (!method.equalsIgnoreCase("GET") || !target.startsWith("/refreshStates")) {
            return false;
        }
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("[?&]last=([0-9]+)").matcher(target);
        return m.find() && Long.parseLong(m.group(1)) >= model.lastEvent();
    }

    /** Hands a new event to the runtime's RefreshStateSubscriber objects (it queues the delivery). */
    private void toSubscribers(ObjectNode event) {
        if (onEvent.isfunction()) {
            ObjectNode copy = event.deepCopy();
            copy.remove("id");
            onEvent.call(LuaValue.valueOf(JsonText.write(copy)));
        }
    }

    private void wakePollers() {
        List<CompletableFuture<Void>> waiting = List.copyOf(pollers);
        pollers.clear();
        waiting.forEach(f -> f.complete(null));
    }

    /** Registers the QuickApp's device, or finds it again by name (keeping its variables). */
    private String register(String specJson) {
        try {
            ObjectNode spec = (ObjectNode) JsonText.parse(specJson);
            String name = spec.path("name").asText();
            String type = spec.path("type").asText();
            ObjectNode props = spec.with("properties");
            ArrayNode ifs = spec.path("interfaces").isArray() ? (ArrayNode) spec.get("interfaces") : null;
            for (ObjectNode d : model.devices()) {
                if (d.path("parentId").asInt() == 0
                        && d.path("isPlugin").asBoolean(false)
                        && d.path("name").asText().equals(name)) {
                    ObjectNode before = d.deepCopy();
                    ObjectNode p = d.with("properties");
                    ArrayNode kept = p.path("quickAppVariables").isArray()
                            ? (ArrayNode) p.get("quickAppVariables")
                            : NODES.arrayNode();
                    for (JsonNode v : props.path("quickAppVariables")) {
                        boolean known = false;
                        for (JsonNode k : kept) {
                            known |= k.path("name")
                                    .asText()
                                    .equals(v.path("name").asText());
                        }
                        if (!known) {
                            kept.add(v);
                        }
                    }
                    props.set("quickAppVariables", kept);
                    p.setAll(props);
                    d.put("type", type);
                    if (ifs != null) {
                        ArrayNode all = d.putArray("interfaces").add("quickApp");
                        ifs.forEach(i -> {
                            if (!i.asText().equals("quickApp")) {
                                all.add(i);
                            }
                        });
                    }
                    if (!d.equals(before)) {
                        model.touch(d); // modified only when the headers changed the device
                    }
                    return JsonText.write(d);
                }
            }
            return JsonText.write(model.createDevice(name, type, 0, ifs, props));
        } catch (JsonProcessingException | ClassCastException e) {
            throw new LuaError("fibaro: bad device spec: " + e.getMessage());
        }
    }

    /**
     * Whether the store must be read before {@code onInit} (its copy beside the store file,
     * {@link HomeSnapshot}, does not match it): the cli then opens the store ahead, on another
     * thread. Engine set-up thread, after {@link #install}.
     */
    public boolean needsStoreAtStart() {
        return persistence.needsStoreAtStart();
    }

    /** Hands actions, UI events and restarts to the Lua runtime. */
    private final class LuaHost implements QuickAppHost {
        @Override
        public boolean action(int deviceId, String name, ArrayNode args) {
            if (!ownsDevice(deviceId)) {
                return false;
            }
            onAction.call(LuaValue.valueOf(deviceId), LuaValue.valueOf(name), LuaValue.valueOf(JsonText.write(args)));
            return true;
        }

        @Override
        public boolean uiEvent(int deviceId, ObjectNode event) {
            if (!ownsDevice(deviceId)) {
                return false;
            }
            onUiEvent.call(LuaValue.valueOf(deviceId), LuaValue.valueOf(JsonText.write(event)));
            return true;
        }

        @Override
        public boolean restart(int deviceId) {
            if (!ownsDevice(deviceId)) {
                return false;
            }
            onRestart.call(LuaValue.valueOf(deviceId));
            return true;
        }

        private boolean ownsDevice(int id) {
            return owns.isfunction() && owns.call(LuaValue.valueOf(id)).toboolean();
        }
    }
}
