package dev.jeplua.gui.model;

import dev.jeplua.engine.errors.LuaFrames;
import java.util.Set;
import org.luaj.vm2.Globals;
import org.luaj.vm2.Prototype;

/**
 * Where in the user's script a window function was called, for warnings: the innermost Lua
 * frame that is not one of this module's own Lua files ({@code lua/windows.lua},
 * {@code lua/native_ui.lua}), so a warning raised through {@code win:setUI(...)} names the
 * script's line, not the module's. Engine thread only.
 */
final class ScriptPosition {
    /** Chunk names of the Lua modules shipped in this module's jar. */
    static final Set<String> MODULE_CHUNKS = Set.of("lua/windows.lua", "lua/native_ui.lua");

    private ScriptPosition() {}

    /**
     * @return {@code "chunk:line: "}, or {@code ""} when no script frame is on the stack (a
     *     window function called from Java) or the position is unknown
     */
    static String of(Globals globals) {
        try {
            for (LuaFrames.Frame f : LuaFrames.all(globals)) {
                Prototype p = f.closure().p;
                String source = p.shortsource();
                if (MODULE_CHUNKS.contains(source)) {
                    continue;
                }
                int pc = f.pc();
                if (pc < 0 || p.lineinfo == null || pc >= p.lineinfo.length) {
                    return "";
                }
                return source + ":" + p.lineinfo[pc] + ": ";
            }
        } catch (RuntimeException | LinkageError e) {
            return "";
        }
        return "";
    }
}
