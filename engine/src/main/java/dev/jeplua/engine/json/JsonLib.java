package dev.jeplua.engine.json;

import dev.jeplua.engine.api.LuaArgs;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.TwoArgFunction;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * The {@code json} library (README.md#json), built on Jackson's streaming parser and generator.
 * Install it with {@code globals.load(new JsonLib())}: it sets the global {@code json} and, when
 * {@code package.loaded} exists, {@code package.loaded.json}, so {@code require("json")} works.
 *
 * <h2>Lua API</h2>
 * <ul>
 *   <li>{@code json.encode(value [, {indent=n, sort_keys=true}])} → string. Alias
 *       {@code json.encodeFast}. {@code json.encodePretty} / {@code json.encodeFormated} (EPLua
 *       names) are the same with {@code indent} defaulting to 2.
 *       <ul>
 *         <li>{@code nil} and {@link #NULL json.null} → {@code null}; booleans; strings.</li>
 *         <li>Numbers: integral values with magnitude below 2<sup>63</sup> print as integers
 *             ({@code 3}, never {@code 3.0}); others print the shortest text that reads back as
 *             the same double, in plain notation for 10<sup>-6</sup> ≤ |x| &lt; 10<sup>21</sup>
 *             and as {@code 1.5e-7} / {@code 1e+21} outside (as JavaScript does).</li>
 *         <li>Strings are bytes: they are read as UTF-8 and every invalid sequence becomes
 *             U+FFFD; encoding a string never fails.</li>
 *         <li>A table whose keys are exactly {@code 1..n} (n ≥ 1) → array. An empty table →
 *             {@code {}}, unless marked by {@code json.array} (or decoded from a JSON array) →
 *             {@code []}. Any other table → object; string keys as they are, number keys as
 *             their number text; keys are sorted bytewise unless {@code sort_keys=false}, in
 *             which case the table's iteration order is kept. Tables are read raw (no
 *             metamethods).</li>
 *         <li>{@code indent=n} with n &gt; 0 puts one value per line, indented n spaces per
 *             level, with {@code "key": value}; no {@code indent} (or n ≤ 0) gives compact output
 *             without spaces.</li>
 *       </ul>
 *       Errors (Lua errors naming the path, Lua-style: {@code $} is the value, {@code .name} a
 *       key that is an identifier, {@code ["k y"]} any other string key, {@code [2]} an array
 *       index or number key): {@code json.encode: cannot encode function at $.a.b}; likewise
 *       {@code userdata}, {@code thread}, {@code NaN}, {@code inf}, {@code -inf},
 *       {@code boolean key} (and other non-string, non-number keys),
 *       {@code cyclic reference} (a table that contains itself), and
 *       {@code table nested deeper than 1000 levels}.
 *       {@code bad argument #2 to 'encode' (table expected, got string)} for bad options.</li>
 *   <li>{@code json.decode(s)} → value, or {@code nil, "<message> at line L column C"} for
 *       invalid JSON (including trailing data after the value, empty input, nesting deeper than
 *       1000 levels). It never raises on bad input; it raises only when {@code s} is not a string
 *       or number: {@code bad argument #1 to 'decode' (string expected, got nil)}.
 *       <ul>
 *         <li>{@code null} → {@link #NULL json.null}, at the top level and inside arrays and
 *             objects (so {@code [1,null,3]} round-trips).</li>
 *         <li>Arrays → tables marked as arrays (so {@code []} re-encodes as {@code []}); objects
 *             → plain tables with string keys ({@code {}} re-encodes as {@code {}}).</li>
 *         <li>Strings → UTF-8 byte strings; an unpaired surrogate escape such as
 *             {@code "\ud800"} becomes U+FFFD. Input that is not valid UTF-8 is still decoded:
 *             its invalid sequences become U+FFFD.</li>
 *         <li><b>Integer rule:</b> an integer literal becomes a Lua number when the double
 *             nearest to it is exactly equal to it — always within ±2<sup>53</sup>, and beyond
 *             that for values like 2<sup>60</sup> or {@code 100000000000000000000}. Any other
 *             integer (e.g. {@code 9007199254740993}) becomes a Lua string holding its digits as
 *             written, so no digit is silently lost. Literals with a fraction or an exponent are
 *             always numbers (nearest double; out-of-range ones become ±inf).</li>
 *       </ul></li>
 *   <li>{@code json.array([t])} (alias {@code json.initArray}) → {@code t} (or a new table),
 *       marked so that it encodes as {@code []} while empty. A marked table that is not a
 *       sequence still encodes as an object.</li>
 *   <li>{@code json.null}: a unique userdata; {@code tostring(json.null)} is {@code "null"}.</li>
 * </ul>
 *
 * <h2>Classes</h2>
 * This class is the Lua-facing library (functions, option parsing). The work is done in
 * {@code dev.jeplua.engine.lib.json}: {@link JsonEncoder} (Lua value → JSON text),
 * {@link JsonDecoder} (JSON text → Lua values and the error messages) and {@link JsonValues}
 * ({@code json.null} and the array marks, a weak identity set that never touches metatables).
 *
 * <p>Java callers (e.g. an HTTP server turning a returned table into a body) can use the static
 * {@link #encode(LuaValue, int, boolean)} and {@link #decode(LuaString)} here, or the classes
 * above directly. Installing is done on the engine thread; the static methods are thread-safe.
 */
public final class JsonLib extends TwoArgFunction {

    /** The {@code json.null} sentinel ({@link JsonValues#NULL}). */
    public static final LuaUserdata NULL = JsonValues.NULL;

    /** Deepest nesting accepted by encode and decode ({@link JsonValues#MAX_DEPTH}). */
    public static final int MAX_DEPTH = JsonValues.MAX_DEPTH;

    @Override
    public LuaValue call(LuaValue modname, LuaValue env) {
        LuaTable json = new LuaTable();
        LuaValue encode = new Fn(Op.ENCODE, "encode");
        json.set("encode", encode);
        json.set("encodeFast", encode);
        LuaValue pretty = new Fn(Op.ENCODE_PRETTY, "encodePretty");
        json.set("encodePretty", pretty);
        json.set("encodeFormated", pretty);
        json.set("decode", new Fn(Op.DECODE, "decode"));
        json.set("array", new Fn(Op.ARRAY, "array"));
        json.set("initArray", new Fn(Op.ARRAY, "initArray"));
        json.set("null", NULL);
        env.set("json", json);
        LuaValue pkg = env.get("package");
        if (pkg.istable()) {
            LuaValue loaded = pkg.get("loaded");
            if (loaded.istable()) {
                loaded.set("json", json);
            }
        }
        return json;
    }

    /** Marks {@code t} as a JSON array (so it encodes as {@code []} while empty) and returns it. */
    public static LuaTable markArray(LuaTable t) {
        return JsonValues.markArray(t);
    }

    /** Whether {@code t} was marked by {@link #markArray} ({@code json.array}) or decoded from an array. */
    public static boolean isMarkedArray(LuaTable t) {
        return JsonValues.isMarkedArray(t);
    }

    /**
     * Encodes {@code value} as JSON text (UTF-8 bytes), exactly as {@code json.encode}; see
     * {@link JsonEncoder#encode}.
     *
     * @param indent spaces per level; 0 or less for compact output
     * @param sortKeys whether object keys are sorted bytewise
     * @throws LuaError for a value that has no JSON form; the message names the path
     */
    public static LuaString encode(LuaValue value, int indent, boolean sortKeys) {
        return JsonEncoder.encode(value, indent, sortKeys);
    }

    /**
     * Decodes JSON text, exactly as {@code json.decode}; see {@link JsonDecoder#decode}.
     *
     * @return the value, or {@code nil, "<message> at line L column C"} for invalid input
     */
    public static Varargs decode(LuaString text) {
        return JsonDecoder.decode(text);
    }

    // ---------------------------------------------------------------- Lua functions

    private enum Op {
        ENCODE,
        ENCODE_PRETTY,
        DECODE,
        ARRAY
    }

    private static final class Fn extends VarArgFunction {
        private final Op op;

        Fn(Op op, String name) {
            this.op = op;
            this.name = name;
        }

        @Override
        public Varargs invoke(Varargs args) {
            return switch (op) {
                case ENCODE -> encodeWithOptions(args, 0);
                case ENCODE_PRETTY -> encodeWithOptions(args, 2);
                case DECODE -> {
                    LuaValue s = args.arg1();
                    if (!s.isstring()) {
                        throw argError(1, "string expected, got " + typeName(args, 1));
                    }
                    yield decode(s.checkstring());
                }
                case ARRAY -> {
                    LuaValue t = args.arg1();
                    if (t.isnil()) {
                        yield markArray(new LuaTable());
                    }
                    if (!t.istable()) {
                        throw argError(1, "table expected, got " + typeName(args, 1));
                    }
                    yield markArray((LuaTable) t);
                }
            };
        }

        private Varargs encodeWithOptions(Varargs args, int defaultIndent) {
            int indent = defaultIndent;
            boolean sortKeys = true;
            LuaValue options = args.arg(2);
            if (!options.isnil()) {
                if (!options.istable()) {
                    throw argError(2, "table expected, got " + options.typename());
                }
                LuaValue i = options.get("indent");
                if (!i.isnil()) {
                    if (!i.isnumber()) {
                        throw argError(2, "field 'indent' must be a number, got " + i.typename());
                    }
                    indent = i.toint();
                }
                LuaValue s = options.get("sort_keys");
                if (!s.isnil()) {
                    sortKeys = s.toboolean();
                }
            }
            return encode(args.arg1(), indent, sortKeys);
        }

        private LuaError argError(int index, String message) {
            return LuaArgs.argError(index, name, message);
        }
    }

    private static String typeName(Varargs args, int index) {
        return args.narg() < index ? "no value" : args.arg(index).typename();
    }
}
