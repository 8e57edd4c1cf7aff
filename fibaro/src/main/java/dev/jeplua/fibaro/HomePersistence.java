package dev.jeplua.fibaro;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.jeplua.engine.api.EngineContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;

/**
 * Where the offline HC3's home is kept between runs: the persistent part of the model
 * ({@link Hc3Model#snapshot()}) as JSON text under the key {@code home} of the store's
 * {@code fibaro} table (the authority), and a copy beside the store file ({@link HomeSnapshot})
 * read at start while it matches the store, so an unchanged restart never opens SQLite
 * (docs/fibaro.md, Persistence and Start-up). The {@code --fibaro-resources} file is merged on
 * top at each start. Without the store library, or when the store fails, the run goes on in
 * memory after one warning. Engine thread, except {@link #needsStoreAtStart} (set-up thread).
 */
final class HomePersistence {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String STORE_TABLE = "fibaro";
    private static final String STORE_KEY = "home";
    /** The store file when {@code --store} is not given (the store library's default). */
    private static final Path DEFAULT_STORE = Path.of(".jeplua", "store.db");

    private final EngineContext context;
    private final Hc3Model model;
    private final Path resources;
    private LuaValue storeTable = LuaValue.NIL;
    /** The copy of the saved home beside the store file; null until first asked. */
    private HomeSnapshot snapshot;
    /** The home's JSON text as the store holds it ("" for none); null while unknown. */
    private String savedHome;
    /** The store could not be opened or written: the run goes on in memory. */
    private boolean storeFailed;

    /**
     * @param context the engine's context (globals with the {@code store} library, config, stderr)
     * @param model the model restored and saved
     * @param resources the {@code --fibaro-resources} JSON file, or null
     */
    HomePersistence(EngineContext context, Hc3Model model, Path resources) {
        this.context = context;
        this.model = model;
        this.resources = resources;
    }

    /**
     * Whether the store must be read before {@code onInit} (its copy beside the store file,
     * {@link HomeSnapshot}, does not match it): the cli then opens the store ahead, on another
     * thread. Engine set-up thread, after {@link #install}.
     */
    boolean needsStoreAtStart() {
        if (!context.globals().get("store").istable()) {
            return false;
        }
        if (snapshot == null) {
            Path configured = context.config().storePath();
            snapshot = new HomeSnapshot(configured != null ? configured : DEFAULT_STORE);
            savedHome = snapshot.read();
        }
        return savedHome == null;
    }

    /**
     * Reads the persisted home (the copy beside the store when it matches the store, else the
     * store), then the resources file. Engine thread.
     */
    void restore() {
        boolean fromCopy = !needsStoreAtStart();
        if (!fromCopy) {
            savedHome = readStore();
        }
        if (savedHome != null && !savedHome.isEmpty()) {
            try {
                JsonNode home;
                try {
                    home = JsonText.parse(savedHome);
                } catch (JsonProcessingException e) {
                    if (!fromCopy) {
                        throw e;
                    }
                    savedHome = readStore(); // a damaged copy: the store decides
                    home = savedHome.isEmpty() ? NODES.objectNode() : JsonText.parse(savedHome);
                }
                model.restore(home);
            } catch (JsonProcessingException | IllegalArgumentException e) {
                storeTable = LuaValue.NIL;
                storeFailed = true;
                context.config().stderr().println("jeplua: fibaro: HC3 state not persisted (" + e.getMessage() + ")");
            }
        }
        if (resources != null) {
            try {
                model.restore(JsonText.parse(Files.readString(resources)));
            } catch (IOException | IllegalArgumentException e) {
                throw new LuaError("fibaro: cannot read --fibaro-resources " + resources + ": " + e.getMessage());
            }
        }
        model.changed();
    }

    /** The home's JSON text in the store ({@code ""} for none, or when the store cannot be opened). */
    private String readStore() {
        LuaValue saved = openStoreTable() ? storeTable.get(STORE_KEY) : LuaValue.NIL;
        return saved.isstring() ? saved.tojstring() : "";
    }

    /** Opens the store's {@code fibaro} table (once); false, with one warning, when it cannot be. */
    private boolean openStoreTable() {
        if (!storeTable.isnil() || storeFailed) {
            return !storeTable.isnil();
        }
        LuaValue store = context.globals().get("store");
        if (!store.istable() || !store.get("table").isfunction()) {
            storeFailed = true;
            return false;
        }
        try {
            storeTable = store.get("table").call(LuaValue.valueOf(STORE_TABLE));
            return true;
        } catch (LuaError e) {
            storeFailed = true;
            context.config().stderr().println("jeplua: fibaro: HC3 state not persisted (" + e.getMessage() + ")");
            return false;
        }
    }

    /**
     * End-of-batch hook: writes the persistent part when it differs from what the store holds
     * (opening the store on the first such write).
     */
    void persist() {
        if (!model.isDirty()) {
            return;
        }
        String home = JsonText.write(model.snapshot());
        if (home.equals(savedHome) || snapshot == null || !openStoreTable()) {
            model.clean(); // unchanged, or no store (tests without the store library, a failed store)
            return;
        }
        try {
            storeTable.set(STORE_KEY, LuaValue.valueOf(home));
            savedHome = home;
            model.clean();
        } catch (LuaError e) {
            context.config().stderr().println("jeplua: fibaro: cannot save HC3 state: " + e.getMessage());
            storeTable = LuaValue.NIL;
            storeFailed = true;
        }
    }

    /**
     * At the engine's close, after the store has closed its file (the closeable is registered
     * before the store's, and they close in reverse order): the copy beside the store, when the
     * store was used in this run.
     */
    void writeSnapshot() {
        if (snapshot != null && !storeTable.isnil() && savedHome != null && !storeFailed) {
            snapshot.write(savedHome);
        }
    }
}
