package dev.jeplua.engine.stdlib.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jeplua.engine.testing.LuaSpecHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * {@link IoFunctions}: the io library as Lua 5.2 has it, run on a real engine. Each test writes
 * its files into a temporary directory (the Lua global {@code DIR}). The differential comparison
 * with lua5.2 is conformance/cases/io_read_formats.lua and io_lines_open.lua.
 */
@Timeout(60)
class IoFunctionsTest {
    @TempDir
    Path dir;

    private LuaSpecHarness h;

    @BeforeEach
    void setUp() {
        h = new LuaSpecHarness();
        h.engine().globals().set("DIR", dir.toString());
    }

    /** Runs {@code code} (one line: errors say chunk:1:) as a function body and returns its results as Java strings ("nil" for nil). */
    private List<String> run(String code) {
        h.runChunk("RESULT = table.pack((function() " + code + "\nend)())");
        LuaTable t = (LuaTable) h.engine().globals().get("RESULT");
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= t.get("n").toint(); i++) {
            LuaValue v = t.get(i);
            out.add(v.isnil() ? "nil" : v.tojstring());
        }
        return out;
    }

    private Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void read_zero_gives_empty_string_before_the_end_and_nil_at_it() throws IOException {
        file("a.txt", "x");
        assertThat(run("local f = io.open(DIR .. '/a.txt') local a = f:read(0) local b = f:read(1)"
                        + " return a, b, f:read(0), f:read(1)"))
                .containsExactly("", "x", "nil", "nil");
    }

    @Test
    void star_L_keeps_the_end_of_line_and_star_l_keeps_carriage_returns() throws IOException {
        file("a.txt", "one\r\ntwo\nthree");
        assertThat(
                        run(
                                "local f = io.open(DIR .. '/a.txt') return f:read('*L'), f:read('*L'), f:read('*L'), f:read('*L')"))
                .containsExactly("one\r\n", "two\n", "three", "nil");
        assertThat(
                        run(
                                "local f = io.open(DIR .. '/a.txt') return f:read('*l'), f:read('*line'), f:read('*l'), f:read('*l')"))
                .containsExactly("one\r", "two", "three", "nil");
    }

    @Test
    void lines_read_their_formats_on_every_call() throws IOException {
        file("a.txt", "abcdefghij\n12 34 5.5\n");
        assertThat(
                        run(
                                "local f = io.open(DIR .. '/a.txt') local t = {}"
                                        + " for a, b in f:lines(2, 3) do t[#t + 1] = a .. '|' .. tostring(b) end return table.concat(t, ',')"))
                .containsExactly("ab|cde,fg|hij,\n1|2 3,4 |5.5,\n|nil");
        assertThat(run("local t = {} local f = io.open(DIR .. '/a.txt') f:read('*l')"
                        + " for n in f:lines('*n') do t[#t + 1] = n * 2 end return table.concat(t, ' ')"))
                .containsExactly("24 68 11.0");
        assertThat(
                        run(
                                "local t = {} for l in io.lines(DIR .. '/a.txt', '*L') do t[#t + 1] = l end return table.concat(t, '|')"))
                .containsExactly("abcdefghij\n|12 34 5.5\n");
    }

    @Test
    void io_lines_numbers_and_closes_its_file_at_the_end() throws IOException {
        file("n.txt", "1 0x10 2.5e1\n-3");
        assertThat(run("local t = {} local it = io.lines(DIR .. '/n.txt', '*n')"
                        + " for n in it do t[#t + 1] = n end"
                        + " local ok, err = pcall(it) return table.concat(t, ' '), ok, err"))
                .containsExactly("1 16 25.0 -3", "false", "file is already closed");
    }

    @Test
    void io_lines_of_a_missing_file_raises_the_reference_message() {
        assertThat(run("return pcall(function() return io.lines(DIR .. '/missing') end)")
                        .get(1))
                .isEqualTo("chunk:1: cannot open file '" + dir + "/missing' (No such file or directory)");
        assertThat(run("return pcall(function() for l in io.lines(DIR .. '/missing') do end end)")
                        .get(1))
                .endsWith("(No such file or directory)");
    }

    @Test
    void open_accepts_only_the_c_modes() throws IOException {
        file("a.txt", "x");
        assertThat(run("return pcall(function() return io.open(DIR .. '/a.txt', 'rz') end)"))
                .containsExactly("false", "chunk:1: bad argument #2 to 'open' (invalid mode)");
        assertThat(run("local r = {} for _, m in ipairs{'r', 'r+', 'rb', 'r+b', 'w', 'a+', 'rbb', 'rb+', '', 'x'} do"
                        + " local ok, f = pcall(io.open, DIR .. '/a.txt', m) r[#r + 1] = ok and io.type(f) or 'error'"
                        + " if ok then f:close() end end return table.concat(r, ' ')"))
                .containsExactly("file file file file file file file error error error"); // 5.4 takes "rbb"
        assertThat(run("return io.open(DIR .. '/missing')"))
                .containsExactly("nil", dir + "/missing: No such file or directory", "2");
    }

    @Test
    void tmpname_creates_an_empty_file_in_the_temporary_directory() throws IOException {
        String name = run("return os.tmpname()").get(0);
        Path p = Path.of(name);
        try {
            assertThat(p.getFileName().toString()).startsWith("lua_");
            assertThat(p.getParent()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir")));
            assertThat(Files.isRegularFile(p)).isTrue();
            assertThat(Files.size(p)).isZero();
        } finally {
            Files.deleteIfExists(p);
        }
    }

    @Test
    void star_n_reads_what_c_strtod_reads() throws IOException {
        file("n.txt", "  \t0x1F 0X1p4 1e3 -2.5E-1 .5 5. +7 inf\n42abc 1e 0x - 9");
        assertThat(run("local f = io.open(DIR .. '/n.txt')"
                        + " local a, b, c, d, e, g, h, i = f:read('*n', '*n', '*n', '*n', '*n', '*n', '*n', '*n')"
                        + " return a, b, c, d, e, g, h, i"))
                .containsExactly("31", "16.0", "1000.0", "-0.25", "0.5", "5.0", "7", "nil"); // 5.4 reads no inf
        assertThat(run("local f = io.open(DIR .. '/n.txt') f:read('*l')"
                        + " return f:read('*n'), f:read('*n'), f:read(3), f:read('*n'), f:read(1), f:read('*n'), f:read('*n'),"
                        + " f:read('*a')"))
                .containsExactly("42", "nil", "abc", "nil", " ", "nil", "nil", " 9"); // "1e" is no numeral (5.4)
    }

    @Test
    void star_a_at_the_end_is_empty_and_several_formats_stop_at_the_first_nil() throws IOException {
        file("a.txt", "abc\n12 x");
        assertThat(run("local f = io.open(DIR .. '/a.txt') return f:read(2, 0, '*l', '*n', '*n', '*l')"))
                .containsExactly("ab", "", "c", "12", "nil");
        assertThat(
                        run(
                                "local f = io.open(DIR .. '/a.txt') f:read('*a') return f:read('*a'), f:read('*l'), f:read('*a')"))
                .containsExactly("", "nil", "");
        assertThat(run("local f = io.open(DIR .. '/a.txt') return pcall(function() return f:read('x') end)"))
                .containsExactly("false", "chunk:1: bad argument #1 to 'read' (invalid format)");
        assertThat(run("local f = io.open(DIR .. '/a.txt') return pcall(function() return f:read('*x') end)"))
                .containsExactly("false", "chunk:1: bad argument #1 to 'read' (invalid format)");
    }

    @Test
    void seek_whences_offsets_and_errors() throws IOException {
        file("a.txt", "0123456789");
        assertThat(
                        run(
                                "local f = io.open(DIR .. '/a.txt')"
                                        + " return f:seek(), f:seek('set', 2), f:read(2), f:seek('cur', 1), f:read(1), f:seek('end', -1), f:read(1), f:seek('end')"))
                .containsExactly("0", "2", "23", "5", "5", "9", "9", "10");
        assertThat(run("local f = io.open(DIR .. '/a.txt') return f:seek('set', -1)"))
                .containsExactly("nil", "Invalid argument", "22");
        assertThat(run("local f = io.open(DIR .. '/a.txt') return pcall(function() return f:seek('bad') end)")
                        .get(1))
                .isEqualTo("chunk:1: bad argument #1 to 'seek' (invalid option 'bad')");
        assertThat(run("local f = io.open(DIR .. '/a.txt') return pcall(function() return f:seek('set', 1.5) end)")
                        .get(1))
                .isEqualTo("chunk:1: bad argument #2 to 'seek' (number has no integer representation)");
    }

    @Test
    void setvbuf_checks_its_mode() throws IOException {
        file("a.txt", "");
        assertThat(
                        run(
                                "local f = io.open(DIR .. '/a.txt', 'w') return f:setvbuf('no'), f:setvbuf('full', 1024), f:setvbuf('line')"))
                .containsExactly("true", "true", "true");
        assertThat(run("local f = io.open(DIR .. '/a.txt', 'w') return pcall(function() return f:setvbuf('x') end)")
                        .get(1))
                .isEqualTo("chunk:1: bad argument #1 to 'setvbuf' (invalid option 'x')");
    }

    @Test
    void io_type_write_results_and_standard_files() {
        assertThat(run("return io.type(io.stdout), io.type(42), io.write('') == io.stdout, io.stdout:close()"))
                .containsExactly("file", "nil", "true", "nil", "cannot close standard file");
        assertThat(run("return io.type(io.stdout), pcall(function() return io.type() end)"))
                .containsExactly("file", "false", "chunk:1: bad argument #1 to 'type' (value expected)");
    }

    @Test
    void write_formats_numbers_like_the_reference() {
        assertThat(run("local f = io.open(DIR .. '/w.txt', 'w')"
                        + " local same = f:write(1/3, ' ', 2^53, ' ', 100, ' ', -1/0) == f f:close()"
                        + " return same, io.open(DIR .. '/w.txt'):read('*a')"))
                .containsExactly("true", "0.33333333333333 9.007199254741e+15 100 -inf");
        assertThat(run("local f = io.open(DIR .. '/w.txt', 'w') return pcall(function() f:write(1, {}) end)")
                        .get(1))
                .isEqualTo("chunk:1: bad argument #2 to 'write' (string expected, got table)");
    }

    @Test
    void tostring_of_a_file_shows_a_hex_id_or_closed() {
        List<String> r = run("local f = io.open(DIR .. '/t.txt', 'w') local open = tostring(f) f:close()"
                + " return open, tostring(f), io.type(f), tostring(io.stdout)");
        assertThat(r.get(0)).matches("file \\(0x[0-9a-f]+\\)");
        assertThat(r.get(1)).isEqualTo("file (closed)");
        assertThat(r.get(2)).isEqualTo("closed file");
        assertThat(r.get(3)).matches("file \\(0x[0-9a-f]+\\)");
    }

    @Test
    void a_closed_file_cannot_be_used() {
        List<String> r = run("local f = io.open(DIR .. '/c.txt', 'w') f:close() local t = {}"
                + " for _, m in ipairs{'read', 'lines', 'seek', 'write', 'close', 'flush', 'setvbuf'} do"
                + " local ok, e = pcall(f[m], f, 'no') t[#t + 1] = e end"
                + " t[#t + 1] = select(2, pcall(io.close, f)) return table.unpack(t)");
        assertThat(r).hasSize(8).allMatch(s -> s.endsWith("attempt to use a closed file"));
    }

    @Test
    void closing_the_default_output_and_files_named_in_input_and_output() throws IOException {
        assertThat(run("io.output(DIR .. '/o.txt') io.write('one ', 2, '\\n') local same = io.output() == io.stdout"
                        + " local closed = io.close() local kind = io.type(io.output())"
                        + " local ok, err = pcall(function() io.write('x') end)"
                        + " local ok2, err2 = pcall(function() io.close() end)"
                        + " io.output(io.stdout) return same, closed, kind, err, err2, io.output() == io.stdout"))
                .containsExactly(
                        "false",
                        "true",
                        "closed file",
                        "chunk:1: default output file is closed",
                        "chunk:1: attempt to use a closed file",
                        "true");
        assertThat(Files.readString(dir.resolve("o.txt"))).isEqualTo("one 2\n");
        assertThat(run("io.input(DIR .. '/o.txt') local l = io.read('*l') local rest = io.read('*a')"
                        + " io.input():close() local ok, err = pcall(function() return io.read() end)"
                        + " io.input(io.stdin) return l, rest, err"))
                .containsExactly("one 2", "", "chunk:1: default input file is closed");
        assertThat(run("io.output(DIR .. '/o.txt') local a = io.output():close() local b = io.type(io.output())"
                        + " io.output(io.stdout) return a, b, #io.open(DIR .. '/o.txt'):read('*a')"))
                .containsExactly("true", "closed file", "0");
        assertThat(run("return pcall(function() return io.input(DIR .. '/missing') end)")
                        .get(1))
                .isEqualTo("chunk:1: cannot open file '" + dir + "/missing' (No such file or directory)");
    }

    @Test
    void update_and_append_modes_write_where_c_writes() throws IOException {
        file("m.txt", "hello");
        assertThat(
                        run(
                                "local f = io.open(DIR .. '/m.txt', 'r+') local a = f:read(2) f:write('Q') local p = f:seek()"
                                        + " local rest = f:read('*a') f:close() return a, p, rest, io.open(DIR .. '/m.txt'):read('*a')"))
                .containsExactly("he", "3", "lo", "heQlo");
        assertThat(run("local f = io.open(DIR .. '/m.txt', 'a+') local p = f:seek() local a = f:read(2) f:write('Z')"
                        + " local q = f:seek() f:close() return p, a, q, io.open(DIR .. '/m.txt'):read('*a')"))
                .containsExactly("0", "he", "6", "heQloZ");
        assertThat(run("local f = io.open(DIR .. '/m.txt') return f:write('x')"))
                .containsExactly("nil", "Bad file descriptor", "9");
        assertThat(run("local f = io.open(DIR .. '/m.txt', 'w') return f:read('*a')"))
                .containsExactly("nil", "Bad file descriptor", "9");
    }

    @Test
    void buffered_reading_stays_exact_across_long_lines_seeks_and_writes() throws IOException {
        String longLine = "y".repeat(40_000);
        file("b.txt", "short\n" + longLine + "\nafter\n");
        assertThat(run("local f = io.open(DIR .. '/b.txt') local a = f:read('*l') local b = f:read('*l')"
                        + " local p = f:seek() local c = f:read(3) f:seek('cur', -3) local d = f:read('*a')"
                        + " return a, #b, p, c, d"))
                .containsExactly("short", "40000", "40007", "aft", "after\n");
        assertThat(run("local f = io.open(DIR .. '/b.txt', 'r+') f:read('*l') f:write('Z') f:seek('set')"
                        + " local a = f:read('*l') local b = f:read(2) local n = #f:read(50000) return a, b, n"))
                .containsExactly("short", "Zy", "40005");
    }

    @Test
    void a_directory_opens_for_reading_but_cannot_be_read() {
        assertThat(run("local f = io.open(DIR) return io.type(f), f:read('*a')"))
                .containsExactly("file", "nil", "Is a directory", "21");
        assertThat(run("return io.open(DIR, 'w')")).containsExactly("nil", dir + ": Is a directory", "21");
    }

    @Test
    void file_methods_live_in_the_metatable() {
        assertThat(run("local mt = getmetatable(io.stdout) mt.__index.hello = function(f) return io.type(f) end"
                        + " local f = io.tmpfile() return mt == getmetatable(f), f:hello(), getmetatable(io)"))
                .containsExactly("true", "file", "nil");
    }

    @Test
    void tmpfile_reads_back_what_was_written() {
        assertThat(run("local t = io.tmpfile() t:write('abc', 1) t:seek('set') return t:read('*a'), t:close()"))
                .containsExactly("abc1", "true");
    }
}
