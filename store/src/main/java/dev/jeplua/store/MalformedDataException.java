package dev.jeplua.store;

/**
 * Bytes that are not a valid {@link StoreCodec} encoding: unknown type tag, truncated input,
 * bad length, nil or NaN table key, duplicate key, nesting deeper than
 * {@link StoreCodec#MAX_DEPTH}, or bytes left over after the value. The message says which
 * and at what byte offset (0-based), e.g. {@code unknown type tag 0x09 at byte 3}.
 */
public final class MalformedDataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong and where (byte offset) */
    public MalformedDataException(String message) {
        super(message);
    }
}
