package dev.jeplua.fibaro;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jeplua.engine.luaj.BinaryChunks;
import dev.jeplua.engine.testing.LuaSpecHarness;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.Varargs;

/** ChunkCache: the runtime's binary chunk is written once per build and read back instead of compiling. */
class ChunkCacheTest {
    private static final byte[] SOURCE =
            "local f = function(a) return a // 2, 1.0, a << 3 end\nreturn f(...)".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private final Globals globals = new LuaSpecHarness().engine().globals();

    private List<Path> files() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    private static String results(LuaClosure f) {
        Varargs r = f.invoke(org.luaj.vm2.LuaValue.valueOf(7));
        return r.arg(1).tojstring() + " " + r.arg(2).tojstring() + " "
                + r.arg(3).tojstring();
    }

    @Test
    void compilesOnceThenLoadsTheBinaryChunkOfThisBuild() throws Exception {
        LuaClosure first = ChunkCache.load(globals, "@fibaro/t.lua", "t.lua", SOURCE, dir, "build1");
        assertThat(results(first)).isEqualTo("3 1.0 56");
        assertThat(first.getClass()).isEqualTo(LuaClosure.class); // interpreted, not the compiled tier
        List<Path> written = files();
        assertThat(written).hasSize(1);
        assertThat(written.get(0).getFileName().toString())
                .startsWith("fibaro-t.lua-")
                .endsWith(".luac");

        // the second load reads the file: a different chunk under the same key shows it
        Files.write(
                written.get(0),
                BinaryChunks.dump(
                        globals.compilePrototype(
                                new java.io.ByteArrayInputStream("return 'from', 'the', 'cache'".getBytes()), "=x"),
                        false,
                        globals));
        assertThat(results(ChunkCache.load(globals, "@fibaro/t.lua", "t.lua", SOURCE, dir, "build1")))
                .isEqualTo("from the cache");

        // another build: compiled again, the old build's file replaced
        assertThat(results(ChunkCache.load(globals, "@fibaro/t.lua", "t.lua", SOURCE, dir, "build2")))
                .isEqualTo("3 1.0 56");
        assertThat(files()).hasSize(1).doesNotContain(written.get(0));
    }

    @Test
    void aDamagedFileOrNoFolderFallsBackToCompiling() throws Exception {
        ChunkCache.load(globals, "@fibaro/t.lua", "t.lua", SOURCE, dir, "b");
        Path file = files().get(0);
        Files.write(file, new byte[] {0x1b, 'L', 'u', 'a', 0x54, 'J', 1, 0, 0});
        assertThat(results(ChunkCache.load(globals, "@fibaro/t.lua", "t.lua", SOURCE, dir, "b")))
                .isEqualTo("3 1.0 56");
        assertThat(Files.size(file)).isGreaterThan(9); // written again
        assertThat(results(ChunkCache.load(globals, "@fibaro/t.lua", "t.lua", SOURCE, null, "b")))
                .isEqualTo("3 1.0 56");
        Path notADir = Files.writeString(dir.resolve("plain-file"), "x");
        assertThat(results(ChunkCache.load(globals, "@fibaro/t.lua", "t.lua", SOURCE, notADir, "b")))
                .isEqualTo("3 1.0 56");
    }
}
