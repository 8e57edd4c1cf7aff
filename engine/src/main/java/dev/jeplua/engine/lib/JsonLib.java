package dev.jeplua.engine.lib;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaInteger;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.OneArgFunction;
import org.luaj.vm2.lib.TwoArgFunction;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * The {@code json} library (SPEC §3.4), built on Jackson's streaming parser and generator.
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
 * <h2>Array marker</h2>
 * Marks live in a process-wide weak-keyed identity set (a synchronized {@link WeakHashMap};
 * {@link LuaTable} has identity equality), not in a metatable: marking never touches or
 * replaces a user's metatable, and a marked table costs nothing once it is garbage. The mark
 * only matters while the table is empty.
 *
 * <p>Java callers (e.g. an HTTP server turning a returned table into a body) can use the static
 * {@link #encode(LuaValue, int, boolean)} and {@link #decode(LuaString)}.
 */
public final class JsonLib extends TwoArgFunction {

  /** The {@code json.null} sentinel. */
  public static final LuaUserdata NULL;

  /** Deepest nesting accepted by encode and decode. */
  public static final int MAX_DEPTH = 1000;

  private static final JsonFactory FACTORY = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxNestingDepth(MAX_DEPTH)
          .maxStringLength(Integer.MAX_VALUE)
          .build())
      // our own depth check runs first and names the path; this is only a backstop
      .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(MAX_DEPTH + 1).build())
      .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
      .disable(StreamWriteFeature.AUTO_CLOSE_CONTENT)
      .build();

  private static final Map<LuaTable, Boolean> ARRAYS = Collections.synchronizedMap(new WeakHashMap<>());
  private static final Map<Integer, DefaultPrettyPrinter> PRINTERS = new ConcurrentHashMap<>();
  private static final Pattern JACKSON_SOURCE =
      Pattern.compile("\\[Source: [^\\]]*?line: (\\d+), column: (\\d+)\\]");
  private static final long TWO_POW_53 = 1L << 53;

  static {
    LuaTable meta = new LuaTable();
    meta.rawset("__tostring", new OneArgFunction() {
      @Override
      public LuaValue call(LuaValue self) {
        return LuaValue.valueOf("null");
      }
    });
    meta.rawset("__name", "json.null");
    // the metatable is shared by every Lua state in the process: keep scripts from changing it
    meta.rawset("__metatable", "json.null");
    NULL = new LuaUserdata(new Object() {
      @Override
      public String toString() {
        return "null";
      }
    }, meta);
  }

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
    ARRAYS.put(t, Boolean.TRUE);
    return t;
  }

  /** Whether {@code t} was marked by {@link #markArray} ({@code json.array}) or decoded from an array. */
  public static boolean isMarkedArray(LuaTable t) {
    return ARRAYS.containsKey(t);
  }

  /**
   * Encodes {@code value} as JSON text (UTF-8 bytes), exactly as {@code json.encode}.
   *
   * @param indent spaces per level; 0 or less for compact output
   * @param sortKeys whether object keys are sorted bytewise
   * @throws LuaError for a value that has no JSON form; the message names the path
   */
  public static LuaString encode(LuaValue value, int indent, boolean sortKeys) {
    ByteArrayBuilder out = new ByteArrayBuilder();
    try (JsonGenerator gen = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
      if (indent > 0) {
        gen.setPrettyPrinter(PRINTERS.computeIfAbsent(indent, JsonLib::prettyPrinter).createInstance());
      }
      new Encoder(gen, sortKeys).value(value, 0);
    } catch (IOException e) {
      // writing to memory fails only on a Jackson limit we do not expect to reach
      throw new LuaError("json.encode: " + e.getMessage());
    }
    return LuaString.valueUsing(out.toByteArray());
  }

  /**
   * Decodes JSON text, exactly as {@code json.decode}.
   *
   * @return the value, or {@code nil, "<message> at line L column C"} for invalid input
   */
  public static Varargs decode(LuaString text) {
    try {
      JsonParser strict = FACTORY.createParser(text.m_bytes, text.m_offset, text.m_length);
      try {
        return parse(strict);
      } catch (JsonProcessingException e) {
        String message = e.getOriginalMessage();
        if (message == null || !message.contains("Invalid UTF-8")) {
          return failure(e, strict);
        }
      }
      // Lua strings are bytes: read the text again with invalid sequences replaced by U+FFFD
      JsonParser lenient = FACTORY.createParser(
          new String(text.m_bytes, text.m_offset, text.m_length, StandardCharsets.UTF_8));
      try {
        return parse(lenient);
      } catch (JsonProcessingException e) {
        return failure(e, lenient);
      }
    } catch (IOException e) {
      // the parser reads from memory: any other I/O failure is a bug
      throw new UncheckedIOException(e);
    }
  }

  private static LuaValue parse(JsonParser parser) throws IOException {
    try (JsonParser p = parser) {
      JsonToken first = p.nextToken();
      if (first == null) {
        throw new JsonParseException(p, "Unexpected end-of-input: expected a JSON value");
      }
      LuaValue value = new Decoder(p).value(first);
      if (p.nextToken() != null) {
        throw new JsonParseException(p, "Unexpected data after the JSON value", p.currentTokenLocation());
      }
      return value;
    }
  }

  private static Varargs failure(JsonProcessingException e, JsonParser p) {
    String message = e.getOriginalMessage();
    if (message == null) {
      message = e.getClass().getSimpleName();
    }
    message = JACKSON_SOURCE.matcher(message).replaceAll("line $1 column $2").replace('\n', ' ');
    // constraint violations carry no location of their own
    JsonLocation at = e.getLocation() != null ? e.getLocation() : p.currentLocation();
    if (at != null) {
      message = message + " at line " + at.getLineNr() + " column " + at.getColumnNr();
    }
    return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf(message));
  }

  private static DefaultPrettyPrinter prettyPrinter(int indent) {
    DefaultIndenter indenter = new DefaultIndenter(" ".repeat(indent), "\n");
    Separators separators = Separators.createDefaultInstance()
        .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
        .withObjectEmptySeparator("")
        .withArrayEmptySeparator("");
    return new DefaultPrettyPrinter(separators)
        .withArrayIndenter(indenter)
        .withObjectIndenter(indenter);
  }

  // ---------------------------------------------------------------- Lua functions

  private enum Op { ENCODE, ENCODE_PRETTY, DECODE, ARRAY }

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
      return new LuaError("bad argument #" + index + " to '" + name + "' (" + message + ")");
    }
  }

  private static String typeName(Varargs args, int index) {
    return args.narg() < index ? "no value" : args.arg(index).typename();
  }

  // ---------------------------------------------------------------- encoding

  private static final class Encoder {
    private final JsonGenerator gen;
    private final boolean sortKeys;
    /** open[i] is the table at path depth i; keys[i] the key leading from it to depth i+1. */
    private LuaTable[] open = new LuaTable[8];
    private LuaValue[] keys = new LuaValue[8];

    Encoder(JsonGenerator gen, boolean sortKeys) {
      this.gen = gen;
      this.sortKeys = sortKeys;
    }

    void value(LuaValue v, int depth) throws IOException {
      switch (v.type()) {
        case LuaValue.TNIL -> gen.writeNull();
        case LuaValue.TBOOLEAN -> gen.writeBoolean(v.toboolean());
        case LuaValue.TNUMBER -> {
          if (v instanceof LuaInteger) {
            gen.writeNumber(v.toint());
          } else {
            writeDouble(v.todouble(), depth);
          }
        }
        case LuaValue.TSTRING -> writeString((LuaString) v);
        case LuaValue.TTABLE -> table((LuaTable) v, depth);
        case LuaValue.TUSERDATA -> {
          if (v != NULL) {
            throw fail("userdata", depth);
          }
          gen.writeNull();
        }
        default -> throw fail(v.typename(), depth);
      }
    }

    private void writeDouble(double d, int depth) throws IOException {
      if (d == Math.rint(d) && Math.abs(d) < 0x1p63) {
        gen.writeNumber((long) d);
      } else {
        gen.writeNumber(doubleText(d, depth));
      }
    }

    private String doubleText(double d, int depth) {
      if (Double.isNaN(d)) {
        throw fail("NaN", depth);
      }
      if (Double.isInfinite(d)) {
        throw fail(d > 0 ? "inf" : "-inf", depth);
      }
      if (d == Math.rint(d) && Math.abs(d) < 0x1p63) {
        return Long.toString((long) d);
      }
      String s = Double.toString(d); // shortest repr that round-trips (JDK 19+)
      int e = s.indexOf('E');
      if (e < 0) {
        return s;
      }
      int exponent = Integer.parseInt(s, e + 1, s.length(), 10);
      if (exponent >= -6 && exponent < 21) {
        return new BigDecimal(s).stripTrailingZeros().toPlainString();
      }
      String mantissa = s.substring(0, e);
      if (mantissa.endsWith(".0")) {
        mantissa = mantissa.substring(0, mantissa.length() - 2);
      }
      return mantissa + (exponent < 0 ? "e" : "e+") + exponent;
    }

    private void writeString(LuaString s) throws IOException {
      if (isValidUtf8(s.m_bytes, s.m_offset, s.m_length)) {
        gen.writeUTF8String(s.m_bytes, s.m_offset, s.m_length);
      } else {
        gen.writeString(new String(s.m_bytes, s.m_offset, s.m_length, StandardCharsets.UTF_8));
      }
    }

    private void table(LuaTable t, int depth) throws IOException {
      for (int i = 0; i < depth; i++) {
        if (open[i] == t) {
          throw fail("cyclic reference", depth);
        }
      }
      if (depth >= MAX_DEPTH) {
        throw fail("table nested deeper than " + MAX_DEPTH + " levels", depth);
      }
      if (depth >= open.length) {
        open = Arrays.copyOf(open, open.length * 2);
        keys = Arrays.copyOf(keys, keys.length * 2);
      }
      open[depth] = t;
      int n = t.rawlen();
      if (n > 0 ? isSequence(t, n) : t.next(LuaValue.NIL).arg1().isnil() && isMarkedArray(t)) {
        gen.writeStartArray(t, n);
        for (int i = 1; i <= n; i++) {
          keys[depth] = LuaInteger.valueOf(i);
          value(t.rawget(i), depth + 1);
        }
        gen.writeEndArray();
      } else {
        object(t, depth);
      }
    }

    /** Whether the keys of {@code t} are exactly 1..n, given that its border is n. */
    private static boolean isSequence(LuaTable t, int n) {
      int count = 0;
      LuaValue k = LuaValue.NIL;
      while (true) {
        k = t.next(k).arg1();
        if (k.isnil()) {
          return count == n;
        }
        if (!(k instanceof LuaInteger)) {
          return false;
        }
        int i = k.toint();
        if (i < 1 || i > n) {
          return false;
        }
        count++;
      }
    }

    private void object(LuaTable t, int depth) throws IOException {
      Entry[] entries = new Entry[8];
      int size = 0;
      LuaValue k = LuaValue.NIL;
      while (true) {
        Varargs kv = t.next(k);
        k = kv.arg1();
        if (k.isnil()) {
          break;
        }
        LuaString name;
        if (k.type() == LuaValue.TSTRING) {
          name = (LuaString) k;
        } else if (k.type() == LuaValue.TNUMBER) {
          name = LuaString.valueOf(k instanceof LuaInteger ? Integer.toString(k.toint()) : doubleText(k.todouble(), depth));
        } else {
          throw fail(k.typename() + " key", depth);
        }
        if (size == entries.length) {
          entries = Arrays.copyOf(entries, size * 2);
        }
        entries[size++] = new Entry(name, k, kv.arg(2));
      }
      if (sortKeys && size > 1) {
        Arrays.sort(entries, 0, size, (a, b) -> Arrays.compareUnsigned(
            a.name.m_bytes, a.name.m_offset, a.name.m_offset + a.name.m_length,
            b.name.m_bytes, b.name.m_offset, b.name.m_offset + b.name.m_length));
      }
      gen.writeStartObject(t);
      for (int i = 0; i < size; i++) {
        Entry e = entries[i];
        gen.writeFieldName(new String(e.name.m_bytes, e.name.m_offset, e.name.m_length, StandardCharsets.UTF_8));
        keys[depth] = e.key;
        value(e.value, depth + 1);
      }
      gen.writeEndObject();
    }

    private LuaError fail(String what, int depth) {
      return new LuaError("json.encode: cannot encode " + what + " at " + path(depth));
    }

    private String path(int depth) {
      StringBuilder sb = new StringBuilder("$");
      for (int i = 0; i < depth; i++) {
        LuaValue k = keys[i];
        if (k.type() == LuaValue.TSTRING) {
          String s = k.tojstring();
          if (isIdentifier(s)) {
            sb.append('.').append(s);
          } else {
            sb.append("[\"").append(s.replace("\\", "\\\\").replace("\"", "\\\"")).append("\"]");
          }
        } else {
          sb.append('[').append(k.tojstring()).append(']');
        }
      }
      return sb.toString();
    }

    private static boolean isIdentifier(String s) {
      if (s.isEmpty() || !(Character.isLetter(s.charAt(0)) || s.charAt(0) == '_') || s.charAt(0) > 0x7f) {
        return false;
      }
      for (int i = 1; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c > 0x7f || !(Character.isLetterOrDigit(c) || c == '_')) {
          return false;
        }
      }
      return true;
    }

    private record Entry(LuaString name, LuaValue key, LuaValue value) {}
  }

  /** Strict UTF-8 check: no overlong forms, no surrogates, nothing above U+10FFFF. */
  static boolean isValidUtf8(byte[] b, int from, int length) {
    int i = from;
    int end = from + length;
    while (i < end) {
      int c = b[i];
      if (c >= 0) {
        i++;
        continue;
      }
      c &= 0xFF;
      if (c < 0xC2) {
        return false;
      } else if (c < 0xE0) {
        if (i + 1 >= end || (b[i + 1] & 0xC0) != 0x80) {
          return false;
        }
        i += 2;
      } else if (c < 0xF0) {
        if (i + 2 >= end) {
          return false;
        }
        int c1 = b[i + 1] & 0xFF;
        if ((c1 & 0xC0) != 0x80 || (b[i + 2] & 0xC0) != 0x80
            || (c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0)) {
          return false;
        }
        i += 3;
      } else if (c < 0xF5) {
        if (i + 3 >= end) {
          return false;
        }
        int c1 = b[i + 1] & 0xFF;
        if ((c1 & 0xC0) != 0x80 || (b[i + 2] & 0xC0) != 0x80 || (b[i + 3] & 0xC0) != 0x80
            || (c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 >= 0x90)) {
          return false;
        }
        i += 4;
      } else {
        return false;
      }
    }
    return true;
  }

  // ---------------------------------------------------------------- decoding

  private static final class Decoder {
    private final JsonParser p;
    /** Values of the arrays being read, innermost last; shared by every nesting level. */
    private LuaValue[] stack = new LuaValue[16];
    private int top;
    /** Jackson hands out canonical field-name strings: convert each to a Lua string once. */
    private final Map<String, LuaString> names = new HashMap<>();

    Decoder(JsonParser p) {
      this.p = p;
    }

    LuaValue value(JsonToken t) throws IOException {
      return switch (t) {
        case START_OBJECT -> object();
        case START_ARRAY -> array();
        case VALUE_STRING -> utf8(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
        case VALUE_NUMBER_INT -> integer();
        case VALUE_NUMBER_FLOAT -> LuaValue.valueOf(p.getDoubleValue());
        case VALUE_TRUE -> LuaValue.TRUE;
        case VALUE_FALSE -> LuaValue.FALSE;
        case VALUE_NULL -> NULL;
        default -> throw new JsonParseException(p, "Unexpected token " + t);
      };
    }

    private LuaValue object() throws IOException {
      LuaTable t = new LuaTable();
      String name;
      while ((name = p.nextFieldName()) != null) {
        LuaString key = names.computeIfAbsent(name, Decoder::utf8);
        t.rawset(key, value(next()));
      }
      return t;
    }

    private LuaValue array() throws IOException {
      int base = top;
      JsonToken t;
      while ((t = next()) != JsonToken.END_ARRAY) {
        LuaValue v = value(t);
        if (top == stack.length) {
          stack = Arrays.copyOf(stack, top * 2);
        }
        stack[top++] = v;
      }
      int n = top - base;
      LuaTable table = new LuaTable(n, 0);
      for (int i = 0; i < n; i++) {
        table.rawset(i + 1, stack[base + i]);
        stack[base + i] = null;
      }
      top = base;
      return markArray(table);
    }

    private JsonToken next() throws IOException {
      JsonToken t = p.nextToken();
      if (t == null) {
        throw new JsonParseException(p, "Unexpected end-of-input");
      }
      return t;
    }

    private LuaValue integer() throws IOException {
      switch (p.getNumberType()) {
        case INT:
          return LuaValue.valueOf(p.getIntValue());
        case LONG: {
          long v = p.getLongValue();
          if (v >= -TWO_POW_53 && v <= TWO_POW_53) {
            return LuaValue.valueOf((double) v);
          }
          double d = (double) v;
          // (long) 2^63 saturates to Long.MAX_VALUE, which 2^63 does not equal
          if (d != 0x1p63 && (long) d == v) {
            return LuaValue.valueOf(d);
          }
          return LuaValue.valueOf(p.getText());
        }
        default: {
          BigInteger v = p.getBigIntegerValue();
          double d = v.doubleValue();
          if (!Double.isInfinite(d) && new BigDecimal(d).toBigInteger().equals(v)) {
            return LuaValue.valueOf(d);
          }
          return LuaValue.valueOf(p.getText());
        }
      }
    }

    private static LuaString utf8(String s) {
      return utf8(s.toCharArray(), 0, s.length());
    }

    /** UTF-8 bytes of UTF-16 text; an unpaired surrogate becomes U+FFFD. */
    static LuaString utf8(char[] c, int off, int len) {
      int end = off + len;
      int size = 0;
      for (int i = off; i < end; i++) {
        char ch = c[i];
        if (ch < 0x80) {
          size += 1;
        } else if (ch < 0x800) {
          size += 2;
        } else if (Character.isHighSurrogate(ch) && i + 1 < end && Character.isLowSurrogate(c[i + 1])) {
          size += 4;
          i++;
        } else {
          size += 3;
        }
      }
      byte[] b = new byte[size];
      int j = 0;
      for (int i = off; i < end; i++) {
        int ch = c[i];
        if (ch < 0x80) {
          b[j++] = (byte) ch;
          continue;
        }
        if (ch < 0x800) {
          b[j++] = (byte) (0xC0 | ch >> 6);
          b[j++] = (byte) (0x80 | ch & 0x3F);
          continue;
        }
        if (Character.isSurrogate((char) ch)) {
          if (Character.isHighSurrogate((char) ch) && i + 1 < end && Character.isLowSurrogate(c[i + 1])) {
            int cp = Character.toCodePoint((char) ch, c[++i]);
            b[j++] = (byte) (0xF0 | cp >> 18);
            b[j++] = (byte) (0x80 | cp >> 12 & 0x3F);
            b[j++] = (byte) (0x80 | cp >> 6 & 0x3F);
            b[j++] = (byte) (0x80 | cp & 0x3F);
            continue;
          }
          ch = 0xFFFD;
        }
        b[j++] = (byte) (0xE0 | ch >> 12);
        b[j++] = (byte) (0x80 | ch >> 6 & 0x3F);
        b[j++] = (byte) (0x80 | ch & 0x3F);
      }
      return LuaString.valueUsing(b);
    }
  }
}
