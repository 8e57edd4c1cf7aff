package dev.jeplua.lfs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jeplua.engine.api.EngineConfig;
import dev.jeplua.engine.testing.LuaSpecHarness;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.luaj.vm2.LuaTable;

/** The lfs library installed as a host library in a real engine, as the launcher installs it. */
class LfsEngineTest {
    @TempDir
    Path dir;

    @Test
    void lfs_is_a_global_and_a_module_and_reports_errno_like_io_and_os() {
        LuaSpecHarness h = new LuaSpecHarness(new EngineConfig(), new LfsLib());
        h.engine().globals().set("M", dir.resolve("missing").toString());
        h.runChunk("same = require('lfs') == lfs\n"
                + "local function pack(...) return table.pack(...) end\n"
                + "OS = pack(os.remove(M)) LFS = pack(lfs.rmdir(M))");
        assertThat(h.engine().globals().get("same").toboolean()).isTrue();
        LuaTable os = (LuaTable) h.engine().globals().get("OS");
        LuaTable lfs = (LuaTable) h.engine().globals().get("LFS");
        assertThat(os.get(3).toint()).isEqualTo(2);
        assertThat(lfs.get(1).isnil()).isTrue();
        assertThat(lfs.get(2).tojstring()).isEqualTo("No such file or directory");
        assertThat(lfs.get(3).toint()).isEqualTo(2);
    }

    @Test
    void an_engine_without_the_module_has_no_lfs() {
        LuaSpecHarness h = new LuaSpecHarness(new EngineConfig());
        assertThat(h.engine().globals().get("lfs").isnil()).isTrue();
    }
}
