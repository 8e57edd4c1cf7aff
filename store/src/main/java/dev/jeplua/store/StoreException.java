package dev.jeplua.store;

/**
 * The store file cannot be opened or written: it is in use by another process, its directory
 * cannot be created, it is not a JEPLua store, or the disk failed. The message is one clean
 * line meant for the user ({@code store file /x/store.db is in use by another JEPLua process (pid 4711)});
 * the cause, when there is one, carries the details for the log.
 */
public final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message one line for the user */
    public StoreException(String message) {
        super(message);
    }

    /**
     * @param message one line for the user
     * @param cause   the underlying failure (SQL, I/O)
     */
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
