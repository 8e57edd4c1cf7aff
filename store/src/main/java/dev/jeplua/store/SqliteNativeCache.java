package dev.jeplua.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps sqlite-jdbc's native library in a per-user cache folder, so a process that opens the
 * store loads it from there instead of extracting it again. Left alone, sqlite-jdbc copies the
 * ~1 MB library out of the jar into {@code java.io.tmpdir} under a fresh random name on every
 * start and scans that folder for old copies (~0.3-0.5 s of a cold start on a loaded machine).
 *
 * <p>The cache is {@code $XDG_CACHE_HOME/jeplua/sqlite-<driver version>/<os>/<arch>/<lib>}
 * ({@code ~/.cache} when {@code XDG_CACHE_HOME} is not set), written once through a temporary
 * file and an atomic rename, so processes starting together never load a half-written file (the
 * driver's version in the path keeps an older copy from being used by a newer driver). It is used by setting the
 * {@code org.sqlite.lib.path}/{@code org.sqlite.lib.name} system properties sqlite-jdbc reads;
 * when they are set already (by the user) or anything fails (read-only home, no library for
 * this platform in the jar), nothing is set and sqlite-jdbc extracts the library as usual.
 *
 * <p>Threads: any; {@link #prepare()} is idempotent and synchronized.
 */
final class SqliteNativeCache {
    private static final Logger log = LoggerFactory.getLogger(SqliteNativeCache.class);
    private static final String PATH_PROPERTY = "org.sqlite.lib.path";
    private static final String NAME_PROPERTY = "org.sqlite.lib.name";
    private static boolean prepared;

    private SqliteNativeCache() {}

    /** Points sqlite-jdbc at the cached library, writing the cache first when needed. */
    static synchronized void prepare() {
        if (prepared) {
            return;
        }
        prepared = true;
        if (System.getProperty(PATH_PROPERTY) != null || System.getProperty(NAME_PROPERTY) != null) {
            return;
        }
        try {
            String folder =
                    org.sqlite.util.LibraryLoaderUtil.getNativeLibResourcePath(); // /org/sqlite/native/Linux/x86_64
            String name = org.sqlite.util.LibraryLoaderUtil.getNativeLibName();
            String resource = folder + "/" + name;
            Path dir = cacheRoot()
                    .resolve("sqlite-" + org.sqlite.SQLiteJDBCLoader.getVersion())
                    .resolve(folder.replaceFirst("^/?org/sqlite/native/?", ""));
            Path lib = dir.resolve(name);
            if (!Files.isRegularFile(lib)) {
                Files.createDirectories(dir);
                Path tmp = Files.createTempFile(dir, name, ".tmp");
                try (InputStream in = SqliteNativeCache.class.getResourceAsStream(resource)) {
                    if (in == null) {
                        Files.delete(tmp);
                        return; // no library for this platform in the jar: sqlite-jdbc decides
                    }
                    Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                }
                try {
                    Files.move(tmp, lib, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, lib, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            System.setProperty(PATH_PROPERTY, dir.toString());
            System.setProperty(NAME_PROPERTY, name);
        } catch (IOException | RuntimeException | LinkageError e) {
            log.debug("sqlite native library cache not used", e);
        }
    }

    private static Path cacheRoot() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("jeplua");
    }
}
