package dev.jeplua.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.luaj.vm2.LuaValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The persistent store of docs/store.md: named tables of key/value pairs in one SQLite database
 * file, with every write of an event-loop batch committed in one transaction by {@link #commit()}.
 *
 * <p>Reads never touch the disk: a table is loaded whole into memory when it is first opened
 * ({@link #table}) and every write goes to that copy at once (so a script reads its own writes)
 * and to a pending set that {@link #commit()} writes out. A crash therefore loses at most the
 * writes since the last commit, and SQLite's transaction makes each commit all-or-nothing.
 *
 * <p>Database layout (schema version 1, {@code PRAGMA user_version}):
 * <pre>
 * store_tables (name TEXT PRIMARY KEY)                                  -- WITHOUT ROWID
 * store_entries(tbl TEXT, key BLOB, value BLOB, PRIMARY KEY(tbl, key))  -- WITHOUT ROWID
 * </pre>
 * {@code key} and {@code value} are {@link StoreCodec} encodings. The database runs in WAL mode
 * with {@code synchronous=NORMAL}: a committed batch survives a process crash ({@code kill -9});
 * after an operating-system crash or power loss the file is still consistent but the last
 * batches may be rolled back (see docs/store.md).
 *
 * <p>One process at a time: {@link #open} takes an exclusive lock on {@code FILE.lock} next to
 * the database and fails with a clear {@link StoreException} when another process holds it.
 *
 * <p>Threads: engine thread only, except {@link #commit()} and {@link #close()}, which may also
 * be called from another thread once the engine has stopped (they are serialized by a lock).
 */
public final class Store implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Store.class);
    private static final int SCHEMA_VERSION = 1;

    private final Path file;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Connection db;
    private final ReentrantLock commitLock = new ReentrantLock();
    private final Set<String> names = new LinkedHashSet<>();
    private final Map<String, StoreTable> open = new HashMap<>();
    /** What the next {@link #commit()} writes. */
    private final PendingChanges pending = new PendingChanges();

    private volatile long commits;
    private boolean closed;

    private Store(Path file, FileChannel lockChannel, FileLock lock, Connection db) {
        this.file = file;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.db = db;
    }

    /**
     * Opens (creating when missing, with its parent directories) the store at {@code file}.
     * Any thread.
     *
     * @param file the database file, e.g. {@code .jeplua/store.db}
     * @return the open store; close it to flush and release the file
     * @throws StoreException when the file is in use by another process, is not a JEPLua
     *                        store, or cannot be created
     */
    public static Store open(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        FileChannel channel = null;
        FileLock lock = null;
        try {
            Path dir = abs.getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            Path lockFile = abs.resolveSibling(abs.getFileName() + ".lock");
            channel = FileChannel.open(
                    lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                String holder = readHolder(channel);
                channel.close();
                throw new StoreException("store file " + abs + " is in use by another JEPLua process"
                        + (holder.isEmpty() ? "" : " (pid " + holder + ")") + "; use --store to choose another file");
            }
            byte[] pid = Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(pid), 0);
            SqliteNativeCache.prepare();
            // the driver directly: DriverManager would first load every JDBC driver on the class path
            Connection db = org.sqlite.JDBC.createConnection("jdbc:sqlite:" + abs, new java.util.Properties());
            Store store = new Store(abs, channel, lock, db);
            try {
                store.initSchema();
            } catch (SQLException | RuntimeException e) {
                store.closeQuietly();
                throw e;
            }
            return store;
        } catch (StoreException e) {
            throw e;
        } catch (SQLException e) {
            release(channel, lock);
            log.debug("opening store {}", abs, e);
            throw new StoreException("cannot open store file " + abs + ": " + e.getMessage(), e);
        } catch (IOException e) {
            release(channel, lock);
            log.debug("opening store {}", abs, e);
            throw new StoreException("cannot open store file " + abs + ": " + e, e);
        }
    }

    private static String readHolder(FileChannel channel) {
        try {
            ByteBuffer buf = ByteBuffer.allocate(32);
            int n = channel.read(buf, 0);
            return n <= 0 ? "" : new String(buf.array(), 0, n, StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            return "";
        }
    }

    private static void release(FileChannel channel, FileLock lock) {
        try {
            if (lock != null) {
                lock.release();
            }
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            log.debug("releasing store lock", e);
        }
    }

    private void initSchema() throws SQLException {
        try (Statement st = db.createStatement()) {
            int version;
            try (ResultSet rs = st.executeQuery("PRAGMA user_version")) {
                version = rs.next() ? rs.getInt(1) : 0;
            }
            if (version > SCHEMA_VERSION) {
                throw new StoreException("store file " + file + " has schema version " + version
                        + ", newer than this JEPLua understands (" + SCHEMA_VERSION + ")");
            }
            st.execute("PRAGMA journal_mode=WAL");
            st.execute("PRAGMA synchronous=NORMAL");
            st.execute("CREATE TABLE IF NOT EXISTS store_tables(name TEXT PRIMARY KEY) WITHOUT ROWID");
            st.execute("CREATE TABLE IF NOT EXISTS store_entries(tbl TEXT NOT NULL, key BLOB NOT NULL,"
                    + " value BLOB NOT NULL, PRIMARY KEY(tbl, key)) WITHOUT ROWID");
            st.execute("PRAGMA user_version=" + SCHEMA_VERSION);
            try (ResultSet rs = st.executeQuery("SELECT name FROM store_tables ORDER BY name")) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            if (e.getMessage() != null && e.getMessage().contains("SQLITE_NOTADB")) {
                throw new StoreException("store file " + file + " is not a database", e);
            }
            throw e;
        }
        db.setAutoCommit(false);
    }

    /** The database file (absolute). Any thread. */
    public Path file() {
        return file;
    }

    /**
     * The table named {@code name}, loaded from the file on first use and created when missing
     * (the name is registered at the next commit). The same object is returned for the same
     * name. Engine thread only.
     *
     * @throws StoreException when the file cannot be read
     */
    public StoreTable table(String name) {
        checkOpen();
        StoreTable t = open.get(name);
        if (t == null) {
            t = new StoreTable(this, name, load(name));
            open.put(name, t);
        }
        if (names.add(name)) {
            pending.create(name);
        }
        return t;
    }

    private LinkedHashMap<LuaValue, Object> load(String name) {
        LinkedHashMap<LuaValue, Object> entries = new LinkedHashMap<>();
        if (!names.contains(name)) {
            return entries;
        }
        try (PreparedStatement ps = db.prepareStatement("SELECT key, value FROM store_entries WHERE tbl = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byte[] k = rs.getBytes(1);
                    byte[] v = rs.getBytes(2);
                    try {
                        LuaValue key = StoreCodec.decode(k);
                        entries.put(key, v.length > 0 && v[0] == StoreCodec.TABLE ? v : StoreCodec.decode(v));
                    } catch (MalformedDataException e) {
                        log.warn("store table '{}': skipping an unreadable entry ({})", name, e.getMessage());
                    }
                }
            }
            db.commit();
        } catch (SQLException e) {
            throw new StoreException("cannot read store table '" + name + "' from " + file + ": " + e.getMessage(), e);
        }
        return entries;
    }

    /** Names of all tables, sorted. Engine thread only. */
    public List<String> tableNames() {
        checkOpen();
        List<String> list = new ArrayList<>(names);
        list.sort(null);
        return list;
    }

    /**
     * Deletes a table and all its entries (at the next commit); an open {@link StoreTable}
     * of that name stays the table of that name but becomes empty, and writing to it again
     * creates the table anew.
     * Engine thread only.
     *
     * @return true when the table existed
     */
    public boolean drop(String name) {
        checkOpen();
        boolean existed = names.remove(name);
        StoreTable t = open.get(name); // kept: scripts holding it see it empty, and writes re-create the table
        if (t != null) {
            t.clearEntries();
        }
        pending.drop(name);
        return existed;
    }

    /** Called by a table on every write of {@code key}, to be written at the next commit. */
    void recordWrite(StoreTable table, LuaValue key, PendingWrite write) {
        String name = table.name();
        if (names.add(name)) { // the first write after a drop brings the table back
            pending.create(name);
        }
        pending.write(name, key, write);
    }

    /** Number of writes waiting for the next commit (a key written twice counts once). Engine thread. */
    public int pendingWrites() {
        return pending.count();
    }

    /**
     * Bytes the store occupies on disk now: the database file plus its write-ahead log
     * ({@code FILE-wal}) and shared-memory index ({@code FILE-shm}). Any thread.
     */
    public long diskBytes() {
        long n = 0;
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            try {
                Path p = file.resolveSibling(file.getFileName() + suffix);
                if (Files.exists(p)) {
                    n += Files.size(p);
                }
            } catch (IOException e) {
                log.debug("size of {}", file, e);
            }
        }
        return n;
    }

    /** Commits done so far (batches that had writes). */
    public long commitCount() {
        return commits;
    }

    /**
     * Writes every pending change in one transaction; does nothing when there is none. On
     * failure the transaction is rolled back and the changes stay pending for the next call.
     * Engine thread (or any thread after the engine stopped).
     *
     * @throws StoreException when the database cannot be written (disk full, I/O error)
     */
    public void commit() {
        commitLock.lock();
        try {
            if (closed || pending.isEmpty()) {
                return;
            }
            try {
                writePending();
                db.commit();
                commits++;
            } catch (SQLException e) {
                try {
                    db.rollback();
                } catch (SQLException r) {
                    e.addSuppressed(r);
                }
                throw new StoreException("store commit to " + file + " failed: " + e.getMessage(), e);
            }
            pending.clear();
        } finally {
            commitLock.unlock();
        }
    }

    private void writePending() throws SQLException {
        if (!pending.drops().isEmpty()) {
            try (PreparedStatement entries = db.prepareStatement("DELETE FROM store_entries WHERE tbl = ?");
                    PreparedStatement table = db.prepareStatement("DELETE FROM store_tables WHERE name = ?")) {
                for (String name : pending.drops()) {
                    entries.setString(1, name);
                    entries.executeUpdate();
                    table.setString(1, name);
                    table.executeUpdate();
                }
            }
        }
        if (!pending.creates().isEmpty()) {
            try (PreparedStatement ps = db.prepareStatement("INSERT OR IGNORE INTO store_tables(name) VALUES (?)")) {
                for (String name : pending.creates()) {
                    ps.setString(1, name);
                    ps.executeUpdate();
                }
            }
        }
        if (pending.writes().isEmpty()) {
            return;
        }
        try (PreparedStatement put =
                        db.prepareStatement("INSERT OR REPLACE INTO store_entries(tbl, key, value) VALUES (?, ?, ?)");
                PreparedStatement del = db.prepareStatement("DELETE FROM store_entries WHERE tbl = ? AND key = ?")) {
            boolean puts = false;
            boolean dels = false;
            for (var t : pending.writes().entrySet()) {
                String name = t.getKey();
                for (Map.Entry<LuaValue, PendingWrite> e : t.getValue().entrySet()) {
                    byte[] key = StoreCodec.encodeKey(e.getKey());
                    switch (e.getValue()) {
                        case PendingWrite.Put(LuaValue v) -> {
                            addPut(put, name, key, StoreCodec.encode(v));
                            puts = true;
                        }
                        case PendingWrite.PutEncoded(byte[] encoded) -> {
                            addPut(put, name, key, encoded);
                            puts = true;
                        }
                        case PendingWrite.Delete d -> {
                            del.setString(1, name);
                            del.setBytes(2, key);
                            del.addBatch();
                            dels = true;
                        }
                    }
                }
            }
            if (puts) {
                put.executeBatch();
            }
            if (dels) {
                del.executeBatch();
            }
        }
    }

    private static void addPut(PreparedStatement put, String table, byte[] key, byte[] value) throws SQLException {
        put.setString(1, table);
        put.setBytes(2, key);
        put.setBytes(3, value);
        put.addBatch();
    }

    private void checkOpen() {
        if (closed) {
            throw new StoreException("store file " + file + " is closed");
        }
    }

    /**
     * Commits what is pending, closes the database and releases the file lock. Idempotent.
     * Any thread once the engine has stopped.
     *
     * @throws StoreException when the final commit fails (the file is still closed)
     */
    @Override
    public void close() {
        commitLock.lock();
        try {
            if (closed) {
                return;
            }
            try {
                commit();
            } finally {
                closeQuietly();
            }
        } finally {
            commitLock.unlock();
        }
    }

    private void closeQuietly() {
        closed = true;
        try {
            db.close();
        } catch (SQLException e) {
            log.warn("closing store {}: {}", file, e.toString());
        }
        release(lockChannel, lock);
    }

    @Override
    public String toString() {
        return "store " + file;
    }
}
