package dev.jeplua.fibaro;

import dev.jeplua.engine.json.JsonLib;
import java.nio.file.Files;
import java.nio.file.Path;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * The table {@code host.start(h, main, ...)} of {@code lua/fibaro/runtime.lua} gets: what the
 * {@code --%%} headers ({@link QaHeaders}) and, for a {@code .fqa}, the file itself
 * ({@link FqaFile}) say about the QuickApp. Engine thread (builds Lua values).
 */
final class HeaderTable {
    private HeaderTable() {}

    /**
     * The header table of a QuickApp file: name (default: the file's base name), type, vars
     * ({@code {name, expr}}), ui rows, files ({@code {path, name}}, a relative path not under the
     * working directory resolved against the QuickApp file's folder), interfaces, description,
     * uid, manufacturer, model, save, desktop.
     */
    static LuaTable of(QaHeaders h, String file) {
        LuaTable t = new LuaTable();
        String base = Path.of(file).getFileName().toString();
        if (base.endsWith(".lua")) {
            base = base.substring(0, base.length() - 4);
        }
        t.set("name", h.name() != null ? h.name() : base.isEmpty() || base.equals("stdin") ? "MyQA" : base);
        if (h.type() != null) {
            t.set("type", h.type());
        }
        LuaTable vars = new LuaTable();
        for (QaHeaders.Var v : h.vars()) {
            LuaTable e = new LuaTable();
            e.set("name", v.name());
            e.set("expr", v.expr());
            vars.insert(0, e);
        }
        t.set("vars", vars);
        LuaTable ui = new LuaTable();
        h.ui().forEach(r -> ui.insert(0, LuaValue.valueOf(r)));
        t.set("ui", ui);
        LuaTable files = new LuaTable();
        Path dir = Path.of(file).toAbsolutePath().getParent();
        for (QaHeaders.Include f : h.files()) {
            LuaTable e = new LuaTable();
            Path p = Path.of(f.path());
            if (!Files.exists(p) && !p.isAbsolute() && dir != null && Files.exists(dir.resolve(p))) {
                p = dir.resolve(p); // not under the working directory: relative to the QuickApp file
            }
            e.set("path", p.toString());
            e.set("name", f.name());
            files.insert(0, e);
        }
        t.set("files", files);
        setIf(t, "interfaces", h.interfaces());
        setIf(t, "description", h.description());
        setIf(t, "uid", h.uid());
        setIf(t, "manufacturer", h.manufacturer());
        setIf(t, "model", h.model());
        setIf(t, "save", h.save());
        if (h.desktop() != null) {
            t.set("desktop", LuaValue.valueOf(h.desktop()));
        }
        return t;
    }

    private static void setIf(LuaTable t, String key, String value) {
        if (value != null) {
            t.set(key, value);
        }
    }

    /** Adds a .fqa's name, type, interfaces, initial properties and other files, for the runtime's start. */
    static void addFqa(LuaTable t, FqaFile fqa) {
        t.set("name", fqa.name());
        t.set("type", fqa.type());
        t.set(
                "properties",
                JsonLib.decode(LuaString.valueOf(JsonText.write(fqa.initialProperties())))
                        .arg1());
        t.set(
                "interfaceList",
                JsonLib.decode(LuaString.valueOf(JsonText.write(fqa.initialInterfaces())))
                        .arg1());
        LuaTable sources = new LuaTable();
        for (FqaFile.Source f : fqa.files()) {
            if (!f.isMain()) {
                LuaTable e = new LuaTable();
                e.set("name", f.name());
                e.set("source", f.content());
                sources.insert(0, e);
            }
        }
        t.set("sources", sources);
    }
}
