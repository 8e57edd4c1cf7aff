package dev.jeplua.fibaro;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A copy of the offline HC3's saved home beside the store file
 * ({@code <store>.fibaro-home.json}), so a {@code --fibaro} run whose home has not changed since
 * it was saved neither opens SQLite before {@code onInit} nor at all (about 0.3 s of CPU,
 * docs/fibaro.md#start-up). The store stays the authority: the copy is written when the process
 * ends, after the store file is closed, together with the store files' sizes and modification
 * times ({@code store.db} and its {@code -wal}); it is used only while they are still exactly
 * those, so any other writer of the store (another script, {@code store.drop("fibaro")}, the
 * {@code sqlite3} tool) makes the next run read the store again. Without a store file there is
 * nothing saved and nothing to read.
 *
 * <p>Threads: {@link #read} on the engine thread; {@link #write} on the thread closing the engine.
 */
final class HomeSnapshot {
    private final Path db;
    private final Path file;

    /** @param storeFile the store's database file ({@code --store}) */
    HomeSnapshot(Path storeFile) {
        this.db = storeFile.toAbsolutePath().normalize();
        this.file = db.resolveSibling(db.getFileName() + ".fibaro-home.json");
    }

    /** The copy's file. */
    Path file() {
        return file;
    }

    /**
     * The saved home's JSON text: {@code ""} when there is no store file (nothing saved yet), the
     * copy's text when it matches the store files, else null (read the store).
     */
    String read() {
        if (!Files.exists(db, LinkOption.NOFOLLOW_LINKS) && !Files.exists(wal(), LinkOption.NOFOLLOW_LINKS)) {
            return "";
        }
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int nl = text.indexOf('\n');
            return nl > 0 && text.substring(0, nl).equals(stamp()) ? text.substring(nl + 1) : null;
        } catch (IOException | RuntimeException e) {
            return null; // no copy, or unreadable: the store decides
        }
    }

    /**
     * Writes {@code home} (the JSON text the store holds now) with the store files' current
     * stamp, through a temporary file and a rename; a failure only means the next run reads the
     * store.
     */
    void write(String home) {
        try {
            Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
            Files.writeString(tmp, stamp() + "\n" + home, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            // next run reads the store
        }
    }

    private Path wal() {
        return db.resolveSibling(db.getFileName() + "-wal");
    }

    /** Size and modification time (ns) of the store file and of its write-ahead log, absent ones as -1. */
    private String stamp() {
        return part(db) + " " + part(wal());
    }

    private static String part(Path p) {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return a.size() + ":" + a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS);
        } catch (IOException e) {
            return "-1:-1";
        }
    }
}
