package dev.jeplua.store;

/**
 * A Lua value that the {@link StoreCodec} format cannot hold: a function, userdata or thread,
 * a table that contains itself (a cycle), a table key that is not a boolean, number or string,
 * a NaN key, or nesting deeper than {@link StoreCodec#MAX_DEPTH}. {@link #path()} names where
 * it was found, relative to the value being encoded ({@code cfg.handler}, {@code list[3]};
 * empty for the value itself).
 */
public final class UnsupportedValueException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String problem;
    private final String path;

    /**
     * @param problem what is wrong, e.g. {@code a function}, {@code a cycle}
     * @param path    where, as a Lua-style access path; empty for the value itself
     */
    public UnsupportedValueException(String problem, String path) {
        super(path.isEmpty() ? problem : problem + " at key '" + path + "'");
        this.problem = problem;
        this.path = path;
    }

    /** What is wrong, e.g. {@code a function} or {@code a cycle}. */
    public String problem() {
        return problem;
    }

    /** Where, relative to the encoded value ({@code cfg.handler}); empty for the value itself. */
    public String path() {
        return path;
    }
}
