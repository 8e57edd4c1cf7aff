package dev.jeplua.store;

import java.util.Objects;
import org.luaj.vm2.LuaValue;

/**
 * What is waiting to be written for one key of a store table at the next {@link Store#commit()}:
 * a scalar value ({@link Put}), an already encoded table ({@link PutEncoded}), or the removal of
 * the key ({@link Delete}). Only the last write of a key in a batch is kept.
 */
sealed interface PendingWrite permits PendingWrite.Put, PendingWrite.PutEncoded, PendingWrite.Delete {

    /**
     * Stores a boolean, number or string; it is encoded when the commit writes it.
     *
     * @param value the scalar value, never nil
     */
    record Put(LuaValue value) implements PendingWrite {
        /** @throws NullPointerException when {@code value} is null */
        public Put {
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * Stores a table, already encoded by {@link StoreCodec#encode} when it was written (the table
     * is copied at write time, so later changes to the Lua table are not stored).
     *
     * @param encoded the {@link StoreCodec} encoding of the table; not copied, not to be changed
     */
    record PutEncoded(byte[] encoded) implements PendingWrite {
        /** @throws NullPointerException when {@code encoded} is null */
        public PutEncoded {
            Objects.requireNonNull(encoded, "encoded");
        }
    }

    /** Removes the key. */
    enum Delete implements PendingWrite {
        /** The only instance: a delete carries no data. */
        INSTANCE
    }
}
