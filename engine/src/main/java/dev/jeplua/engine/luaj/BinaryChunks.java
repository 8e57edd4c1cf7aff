package dev.jeplua.engine.luaj;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LocVars;
import org.luaj.vm2.Lua54Numbers;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaDouble;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.Upvaldesc;
import org.luaj.vm2.lib.TwoArgFunction;

/**
 * Binary chunks of this engine's Lua 5.4 prototypes: what {@code string.dump} writes and
 * {@code load} reads back (Lua 5.4 manual §6.4 {@code string.dump}, §6.1 {@code load}).
 *
 * <p>LuaJ's own dump format (5.2's) cannot carry them: it writes every number as a double (so
 * the integer {@code 2^53+1} and the float {@code 1.0} do not come back as they were) and
 * refuses the function constants the 5.4 compiler puts in a prototype for {@code //}, the
 * bitwise operators and {@code <close>} variables ({@code bad type for idiv}). This format keeps
 * each number's subtype (integers as 64 bits, floats as their IEEE bits, {@code -0.0} and NaN
 * included) and names those helper functions, which are bound again to the loading engine's.
 * It is JEPLua's own, like every Lua implementation's binary chunks (they are not portable
 * between implementations or versions): header {@code ESC "Lua"}, version byte {@code 0x54},
 * format byte {@code 'J'}, format revision; then the main function, big-endian. Binary chunks of
 * LuaJ's format still load (through LuaJ's undumper).
 *
 * <p>A stripped dump ({@code string.dump(f, true)}) leaves out line numbers, local and upvalue
 * names; the loaded function's source is then {@code =?}, as in Lua 5.4.
 *
 * <p>Threads: dumping and loading touch only the prototype and the streams; the undumper is
 * bound to one engine's globals (its to-be-closed variables). Any thread.
 */
public final class BinaryChunks {
    private static final byte[] SIGNATURE = {0x1b, 'L', 'u', 'a'};
    private static final int VERSION = 0x54;
    private static final int FORMAT = 'J';
    private static final int REVISION = 1;

    private static final int NIL = 0;
    private static final int BOOLEAN = 1;
    private static final int FLOAT = 3;
    private static final int STRING = 4;
    private static final int INTEGER = 0x13;
    private static final int HELPER = 0x46;

    /** The compiler's function constants that are the same in every engine, by name. */
    private static final Map<String, LuaValue> SHARED_HELPERS = Map.of(
            "idiv", Lua54Operators.IDIV,
            "band", Lua54Operators.BAND,
            "bor", Lua54Operators.BOR,
            "bxor", Lua54Operators.BXOR,
            "shl", Lua54Operators.SHL,
            "shr", Lua54Operators.SHR,
            "bnot", Lua54Operators.BNOT,
            "tbc.pack", ToBeClosed.pack,
            "tbc.unpack", ToBeClosed.unpack);

    private BinaryChunks() {}

    /**
     * Writes {@code p} (and the functions it contains) as a binary chunk.
     *
     * @param strip true to leave out debug information (lines, local and upvalue names)
     * @throws IOException          from {@code out}
     * @throws LuaError             {@code unable to dump given function} when a constant is
     *                              not one this format knows (a prototype not made by the compiler)
     */
    public static void dump(Prototype p, OutputStream out, boolean strip, Globals globals) throws IOException {
        DataOutputStream w = new DataOutputStream(out);
        w.write(SIGNATURE);
        w.write(VERSION);
        w.write(FORMAT);
        w.write(REVISION);
        new Writer(w, strip, ToBeClosed.of(globals)).function(p);
        w.flush();
    }

    /** The binary chunk of {@code p} as bytes ({@link #dump}). */
    public static byte[] dump(Prototype p, boolean strip, Globals globals) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            dump(p, out, strip, globals);
        } catch (IOException e) {
            throw new IllegalStateException(e); // a byte array does not fail
        }
        return out.toByteArray();
    }

    /**
     * The undumper to set as {@code globals.undumper}: reads this format, and LuaJ's through
     * {@link LoadState}; answers null (not a binary chunk) for anything else, as LuaJ's does.
     */
    public static Globals.Undumper undumper(Globals globals) {
        ToBeClosed tbc = ToBeClosed.of(globals);
        return (stream, chunkName) -> {
            InputStream in = stream.markSupported() ? stream : new java.io.BufferedInputStream(stream);
            in.mark(8);
            byte[] head = new byte[6];
            int n = in.readNBytes(head, 0, head.length);
            if (n == head.length
                    && head[0] == SIGNATURE[0]
                    && head[1] == SIGNATURE[1]
                    && head[2] == SIGNATURE[2]
                    && head[3] == SIGNATURE[3]
                    && head[4] == VERSION
                    && head[5] == FORMAT) {
                DataInputStream r = new DataInputStream(in);
                int revision = r.readUnsignedByte();
                if (revision != REVISION) {
                    throw new LuaError("bad binary format (revision " + revision + " of JEPLua's format, expected "
                            + REVISION + ")");
                }
                return new Reader(r, tbc).function(null);
            }
            in.reset();
            return LoadState.instance.undump(in, chunkName);
        };
    }

    /**
     * {@code string.dump(f [, strip])}: the binary chunk of a Lua function (Lua 5.4 manual §6.4);
     * {@code unable to dump given function} for a Java function.
     */
    public static LuaValue stringDump(Globals globals) {
        return new TwoArgFunction() {
            @Override
            public LuaValue call(LuaValue f, LuaValue strip) {
                f.checkfunction();
                if (!(f instanceof LuaClosure c)) {
                    throw new LuaError("unable to dump given function");
                }
                return LuaString.valueUsing(dump(c.p, strip.toboolean(), globals));
            }
        };
    }

    private static final class Writer {
        private final DataOutputStream w;
        private final boolean strip;
        private final ToBeClosed tbc;

        Writer(DataOutputStream w, boolean strip, ToBeClosed tbc) {
            this.w = w;
            this.strip = strip;
            this.tbc = tbc;
        }

        void function(Prototype p) throws IOException {
            string(strip ? null : p.source);
            w.writeInt(p.linedefined);
            w.writeInt(p.lastlinedefined);
            w.writeByte(p.numparams);
            w.writeByte(p.is_vararg);
            w.writeByte(p.maxstacksize);
            ints(p.code);
            w.writeInt(p.k.length);
            for (LuaValue k : p.k) {
                constant(k);
            }
            w.writeInt(p.p.length);
            for (Prototype child : p.p) {
                function(child);
            }
            w.writeInt(p.upvalues.length);
            for (Upvaldesc u : p.upvalues) {
                w.writeBoolean(u.instack);
                w.writeInt(u.idx);
                string(strip ? null : u.name);
            }
            ints(strip ? new int[0] : p.lineinfo);
            LocVars[] locals = strip || p.locvars == null ? new LocVars[0] : p.locvars;
            w.writeInt(locals.length);
            for (LocVars v : locals) {
                string(v.varname);
                w.writeInt(v.startpc);
                w.writeInt(v.endpc);
            }
        }

        private void constant(LuaValue k) throws IOException {
            if (k.isnil()) {
                w.writeByte(NIL);
            } else if (k.isboolean()) {
                w.writeByte(BOOLEAN);
                w.writeBoolean(k.toboolean());
            } else if (Lua54Numbers.isInteger(k)) {
                w.writeByte(INTEGER);
                w.writeLong(k.tolong());
            } else if (k instanceof LuaDouble) {
                w.writeByte(FLOAT);
                w.writeLong(Double.doubleToRawLongBits(k.todouble()));
            } else if (k instanceof LuaString s) {
                w.writeByte(STRING);
                string(s);
            } else {
                String name = helperName(k);
                if (name == null) {
                    throw new LuaError("unable to dump given function (constant of type " + k.typename() + ")");
                }
                w.writeByte(HELPER);
                w.writeUTF(name);
            }
        }

        private String helperName(LuaValue k) {
            if (k == tbc.push) {
                return "tbc.push";
            }
            if (k == tbc.close) {
                return "tbc.close";
            }
            for (Map.Entry<String, LuaValue> e : SHARED_HELPERS.entrySet()) {
                if (e.getValue() == k) {
                    return e.getKey();
                }
            }
            return null;
        }

        private void string(LuaString s) throws IOException {
            if (s == null) {
                w.writeInt(-1);
                return;
            }
            w.writeInt(s.m_length);
            w.write(s.m_bytes, s.m_offset, s.m_length);
        }

        private void ints(int[] a) throws IOException {
            int[] v = a == null ? new int[0] : a;
            w.writeInt(v.length);
            for (int x : v) {
                w.writeInt(x);
            }
        }
    }

    private static final class Reader {
        private static final LuaString UNKNOWN = LuaString.valueOf("=?");
        private final DataInputStream r;
        private static final LuaString NO_NAME = LuaString.valueOf("(no name)");
        private final ToBeClosed tbc;

        Reader(DataInputStream r, ToBeClosed tbc) {
            this.r = r;
            this.tbc = tbc;
        }

        Prototype function(LuaString parentSource) throws IOException {
            Prototype p = new Prototype();
            LuaString source = string();
            p.source = source != null ? source : parentSource != null ? parentSource : UNKNOWN;
            p.linedefined = r.readInt();
            p.lastlinedefined = r.readInt();
            p.numparams = r.readUnsignedByte();
            p.is_vararg = r.readUnsignedByte();
            p.maxstacksize = r.readUnsignedByte();
            p.code = ints();
            p.k = new LuaValue[count()];
            for (int i = 0; i < p.k.length; i++) {
                p.k[i] = constant();
            }
            p.p = new Prototype[count()];
            for (int i = 0; i < p.p.length; i++) {
                p.p[i] = function(p.source);
            }
            p.upvalues = new Upvaldesc[count()];
            for (int i = 0; i < p.upvalues.length; i++) {
                boolean instack = r.readBoolean();
                int idx = r.readInt();
                LuaString name = string();
                p.upvalues[i] = new Upvaldesc(name != null ? name : NO_NAME, instack, idx);
            }
            p.lineinfo = ints();
            p.locvars = new LocVars[count()];
            for (int i = 0; i < p.locvars.length; i++) {
                p.locvars[i] = new LocVars(string(), r.readInt(), r.readInt());
            }
            return p;
        }

        private LuaValue constant() throws IOException {
            int tag = r.readUnsignedByte();
            return switch (tag) {
                case NIL -> LuaValue.NIL;
                case BOOLEAN -> LuaValue.valueOf(r.readBoolean());
                case INTEGER -> Lua54Numbers.integer(r.readLong());
                case FLOAT -> LuaDouble.valueOf(Double.longBitsToDouble(r.readLong()));
                case STRING -> {
                    LuaString s = string();
                    yield s == null ? LuaValue.NIL : s;
                }
                case HELPER -> helper(r.readUTF());
                default -> throw new LuaError("bad binary format (constant tag " + tag + ")");
            };
        }

        private LuaValue helper(String name) {
            LuaValue v =
                    switch (name) {
                        case "tbc.push" -> tbc.push;
                        case "tbc.close" -> tbc.close;
                        default -> SHARED_HELPERS.get(name);
                    };
            if (v == null) {
                throw new LuaError("bad binary format (unknown helper '" + name + "')");
            }
            return v;
        }

        private LuaString string() throws IOException {
            int n = r.readInt();
            if (n < 0) {
                return null;
            }
            byte[] b = r.readNBytes(n);
            if (b.length != n) {
                throw new java.io.EOFException("truncated binary chunk");
            }
            return LuaString.valueUsing(b);
        }

        private int count() throws IOException {
            int n = r.readInt();
            if (n < 0) {
                throw new LuaError("bad binary format (negative count)");
            }
            return n;
        }

        private int[] ints() throws IOException {
            int[] a = new int[count()];
            for (int i = 0; i < a.length; i++) {
                a[i] = r.readInt();
            }
            return a;
        }
    }
}
