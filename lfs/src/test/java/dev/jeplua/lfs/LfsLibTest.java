package dev.jeplua.lfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.luaj.vm2.Globals;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.jse.JsePlatform;

class LfsLibTest {

    private static final boolean POSIX =
            FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    @TempDir
    Path dir;

    private Globals globals;
    private LfsLib lfs;

    @BeforeEach
    void setUp() {
        globals = JsePlatform.standardGlobals();
        lfs = new LfsLib(dir);
        globals.load(lfs);
        globals.set("TMP", dir.toString());
    }

    private Varargs run(String chunk) {
        return globals.load(chunk, "test").invoke();
    }

    private String error(String chunk) {
        Varargs result = run("return pcall(function() " + chunk + " end)");
        assertThat(result.arg1().toboolean()).as("pcall result of %s", chunk).isFalse();
        return result.arg(2).tojstring();
    }

    @Test
    void lfs_is_a_global_and_a_loaded_package() {
        assertThat(run("return lfs == require('lfs')").arg1().toboolean()).isTrue();
    }

    @Test
    void currentdir_starts_at_the_given_directory() {
        assertThat(run("return lfs.currentdir()").arg1().tojstring())
                .isEqualTo(dir.toAbsolutePath().toString());
    }

    @Test
    void attributes_of_a_file_report_mode_size_and_times() throws IOException {
        Path file = Files.writeString(dir.resolve("a.txt"), "hello");
        Files.setLastModifiedTime(file, FileTime.from(1_700_000_000L, TimeUnit.SECONDS));
        Varargs r = run("local a = lfs.attributes('a.txt') return a.mode, a.size, a.modification, a.access, a.change,"
                + " a.permissions, a.nlink");
        assertThat(r.arg(1).tojstring()).isEqualTo("file");
        assertThat(r.arg(2).toint()).isEqualTo(5);
        assertThat(r.arg(3).tolong()).isEqualTo(1_700_000_000L);
        assertThat(r.arg(4).isnumber()).isTrue();
        assertThat(r.arg(5).isnumber()).isTrue();
        assertThat(r.arg(6).tojstring()).matches("[r-][w-][x-][r-][w-][x-][r-][w-][x-]");
    }

    @Test
    void attributes_report_posix_permissions_and_unix_fields() throws IOException {
        assumeTrue(POSIX, "needs a POSIX file system");
        Path file = Files.writeString(dir.resolve("p.sh"), "#!/bin/sh");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-x---"));
        Varargs r = run("local a = lfs.attributes('p.sh') return a.permissions, a.ino, a.dev, a.nlink, a.uid, a.gid");
        assertThat(r.arg(1).tojstring()).isEqualTo("rwxr-x---");
        for (int i = 2; i <= 6; i++) {
            assertThat(r.arg(i).isnumber()).as("field %d", i).isTrue();
        }
        assertThat(r.arg(4).toint()).isEqualTo(1);
    }

    @Test
    void attributes_with_a_name_return_only_that_field() throws IOException {
        Files.createDirectory(dir.resolve("sub"));
        assertThat(run("return lfs.attributes('sub', 'mode')").arg1().tojstring())
                .isEqualTo("directory");
        assertThat(run("return lfs.attributes('sub', 'blksize')").arg1().isnil())
                .isTrue();
    }

    @Test
    void attributes_with_a_table_fill_and_return_it() throws IOException {
        Files.writeString(dir.resolve("f"), "xy");
        assertThat(run("local t = {} local r = lfs.attributes('f', t) return r == t, t.size")
                        .arg(2)
                        .toint())
                .isEqualTo(2);
    }

    @Test
    void an_unknown_attribute_name_raises() throws IOException {
        Files.writeString(dir.resolve("f"), "");
        assertThat(error("lfs.attributes('f', 'colour')")).endsWith("invalid attribute name 'colour'");
    }

    @Test
    void attributes_of_a_missing_file_return_nil_and_the_lfs_message() {
        Varargs r = run("return lfs.attributes('nope')");
        assertThat(r.arg1().isnil()).isTrue();
        assertThat(r.arg(2).tojstring())
                .isEqualTo("cannot obtain information from file 'nope': No such file or directory");
        assertThat(r.arg(3).toint()).isEqualTo(2);
    }

    @Test
    void attributes_accept_absolute_paths() throws IOException {
        Files.writeString(dir.resolve("abs"), "123");
        assertThat(run("return lfs.attributes(TMP .. '/abs', 'size')").arg1().toint())
                .isEqualTo(3);
    }

    @Test
    void symlinkattributes_describe_the_link_itself_with_its_target() throws IOException {
        Files.writeString(dir.resolve("target.txt"), "data");
        run("assert(lfs.link('target.txt', 'ln', true))");
        Varargs r = run("return lfs.symlinkattributes('ln', 'mode'), lfs.symlinkattributes('ln').target,"
                + " lfs.attributes('ln', 'mode'), lfs.attributes('ln', 'size'), lfs.symlinkattributes('ln', 'target')");
        assertThat(r.arg(1).tojstring()).isEqualTo("link");
        assertThat(r.arg(2).tojstring()).isEqualTo("target.txt");
        assertThat(r.arg(3).tojstring()).isEqualTo("file");
        assertThat(r.arg(4).toint()).isEqualTo(4);
        assertThat(r.arg(5).tojstring()).isEqualTo("target.txt");
    }

    @Test
    void symlinkattributes_of_a_plain_file_have_no_target() throws IOException {
        Files.writeString(dir.resolve("plain"), "");
        assertThat(run("local a = lfs.symlinkattributes('plain') return a.mode, a.target")
                        .arg(2)
                        .isnil())
                .isTrue();
    }

    @Test
    void link_creates_a_hard_link() throws IOException {
        Files.writeString(dir.resolve("orig"), "same");
        assertThat(run("return lfs.link('orig', 'hard')").arg1().toboolean()).isTrue();
        assertThat(Files.readString(dir.resolve("hard"))).isEqualTo("same");
        assertThat(Files.isSymbolicLink(dir.resolve("hard"))).isFalse();
    }

    @Test
    void link_to_an_existing_name_fails_with_file_exists() throws IOException {
        Files.writeString(dir.resolve("a"), "");
        Files.writeString(dir.resolve("b"), "");
        Varargs r = run("return lfs.link('a', 'b')");
        assertThat(r.arg1().isnil()).isTrue();
        assertThat(r.arg(2).tojstring()).isEqualTo("File exists");
    }

    @Test
    void mkdir_creates_a_directory_and_refuses_an_existing_one() {
        assertThat(run("return lfs.mkdir('new')").arg1().toboolean()).isTrue();
        assertThat(Files.isDirectory(dir.resolve("new"))).isTrue();
        Varargs again = run("return lfs.mkdir('new')");
        assertThat(again.arg1().isnil()).isTrue();
        assertThat(again.arg(2).tojstring()).isEqualTo("File exists");
        assertThat(again.arg(3).toint()).isEqualTo(17);
    }

    @Test
    void mkdir_without_a_parent_fails() {
        assertThat(run("return lfs.mkdir('no/such/parent')").arg(2).tojstring()).isEqualTo("No such file or directory");
    }

    @Test
    void rmdir_removes_an_empty_directory_only() throws IOException {
        Files.createDirectories(dir.resolve("full/inner"));
        Files.createDirectory(dir.resolve("empty"));
        Files.writeString(dir.resolve("file"), "");
        assertThat(run("return lfs.rmdir('empty')").arg1().toboolean()).isTrue();
        assertThat(dir.resolve("empty")).doesNotExist();
        assertThat(run("return lfs.rmdir('full')").arg(2).tojstring()).isEqualTo("Directory not empty");
        assertThat(run("return lfs.rmdir('file')").arg(2).tojstring()).isEqualTo("Not a directory");
        assertThat(dir.resolve("file")).exists();
        assertThat(run("return lfs.rmdir('missing')").arg(2).tojstring()).isEqualTo("No such file or directory");
    }

    @Test
    void chdir_changes_the_directory_used_for_relative_paths() throws IOException {
        Files.createDirectory(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/inside"), "abc");
        Varargs r = run("local ok = lfs.chdir('sub') return ok, lfs.currentdir(), lfs.attributes('inside', 'size')");
        assertThat(r.arg(1).toboolean()).isTrue();
        assertThat(Path.of(r.arg(2).tojstring())).isEqualTo(dir.resolve("sub").toRealPath());
        assertThat(r.arg(3).toint()).isEqualTo(3);
        assertThat(lfs.currentDir()).isEqualTo(dir.resolve("sub").toRealPath());
        assertThat(run("lfs.chdir('..') return lfs.attributes('sub', 'mode')")
                        .arg1()
                        .tojstring())
                .isEqualTo("directory");
    }

    @Test
    void chdir_to_a_missing_directory_fails_with_the_lfs_message() {
        Varargs r = run("return lfs.chdir('missing')");
        assertThat(r.arg1().isnil()).isTrue();
        assertThat(r.arg(2).tojstring())
                .isEqualTo("Unable to change working directory to 'missing'\nNo such file or directory\n");
        assertThat(run("return lfs.currentdir()").arg1().tojstring()).isEqualTo(dir.toString());
    }

    @Test
    void dir_yields_dot_dotdot_and_the_sorted_entries() throws IOException {
        Files.writeString(dir.resolve("b"), "");
        Files.writeString(dir.resolve("a"), "");
        Files.createDirectory(dir.resolve("c"));
        Varargs r = run("local names = {} for f in lfs.dir('.') do names[#names + 1] = f end"
                + " return table.concat(names, ',')");
        assertThat(r.arg1().tojstring()).isEqualTo(".,..,a,b,c");
    }

    @Test
    void the_dir_object_has_next_and_close() throws IOException {
        Files.writeString(dir.resolve("only"), "");
        Varargs r = run(
                "local iter, d = lfs.dir(TMP) local first, second, third, fourth = d:next(), d:next(), d:next(), d:next()"
                        + " return first, second, third, fourth, tostring(d)");
        assertThat(r.arg(1).tojstring()).isEqualTo(".");
        assertThat(r.arg(2).tojstring()).isEqualTo("..");
        assertThat(r.arg(3).tojstring()).isEqualTo("only");
        assertThat(r.arg(4).isnil()).isTrue();
        assertThat(r.arg(5).tojstring()).isEqualTo("directory (closed)");
    }

    @Test
    void next_on_a_closed_dir_object_raises() {
        assertThat(error("local iter, d = lfs.dir('.') d:close() d:next()"))
                .endsWith("bad argument #1 to 'next' (closed directory)");
    }

    @Test
    void dir_of_a_missing_directory_raises_like_lfs() {
        assertThat(error("for f in lfs.dir('missing') do end"))
                .endsWith("cannot open missing: No such file or directory");
    }

    @Test
    void touch_sets_access_and_modification_times_in_seconds() throws IOException {
        Files.writeString(dir.resolve("t"), "");
        Varargs r = run(
                "assert(lfs.touch('t', 1000000, 2000000)) local a = lfs.attributes('t') return a.access, a.modification");
        assertThat(r.arg(1).tolong()).isEqualTo(1_000_000L);
        assertThat(r.arg(2).tolong()).isEqualTo(2_000_000L);
        assertThat(Files.getLastModifiedTime(dir.resolve("t")).to(TimeUnit.SECONDS))
                .isEqualTo(2_000_000L);
    }

    @Test
    void touch_with_one_time_sets_both() throws IOException {
        Files.writeString(dir.resolve("t"), "");
        Varargs r = run(
                "lfs.touch('t', 1234567) return lfs.attributes('t', 'access'), lfs.attributes('t', 'modification')");
        assertThat(r.arg(1).tolong()).isEqualTo(1_234_567L);
        assertThat(r.arg(2).tolong()).isEqualTo(1_234_567L);
    }

    @Test
    void touch_without_times_uses_now() throws IOException {
        Path file = Files.writeString(dir.resolve("t"), "");
        Files.setLastModifiedTime(file, FileTime.from(1000, TimeUnit.SECONDS));
        long before = System.currentTimeMillis() / 1000;
        assertThat(run("return lfs.touch('t')").arg1().toboolean()).isTrue();
        assertThat(Files.getLastModifiedTime(file).to(TimeUnit.SECONDS)).isGreaterThanOrEqualTo(before);
    }

    @Test
    void touch_does_not_create_a_missing_file() {
        Varargs r = run("return lfs.touch('ghost')");
        assertThat(r.arg1().isnil()).isTrue();
        assertThat(r.arg(2).tojstring()).isEqualTo("No such file or directory");
        assertThat(dir.resolve("ghost")).doesNotExist();
    }

    @Test
    void lock_dir_creates_a_lock_file_and_refuses_a_second_lock() {
        Varargs r = run("local lock = assert(lfs.lock_dir('.')) local again, err = lfs.lock_dir('.')"
                + " local existed = lfs.attributes('lockfile.lfs', 'mode') lock:free()"
                + " local third = lfs.lock_dir('.') if third then third:free() end"
                + " return again, err, existed, third ~= nil, lfs.attributes('lockfile.lfs')");
        assertThat(r.arg(1).isnil()).isTrue();
        assertThat(r.arg(2).tojstring()).isEqualTo("File exists");
        assertThat(r.arg(3).tojstring()).isEqualTo("file");
        assertThat(r.arg(4).toboolean()).isTrue();
        assertThat(r.arg(5).isnil()).isTrue();
    }

    @Test
    void lock_dir_on_a_missing_directory_fails() {
        assertThat(run("return lfs.lock_dir('missing')").arg(2).tojstring()).isEqualTo("No such file or directory");
    }

    @Test
    void setmode_reports_binary() {
        Varargs r = run("return lfs.setmode(io.stdout, 'text')");
        assertThat(r.arg(1).toboolean()).isTrue();
        assertThat(r.arg(2).tojstring()).isEqualTo("binary");
        assertThat(error("lfs.setmode(io.stdout, 'weird')"))
                .endsWith("bad argument #2 to 'setmode' (invalid mode 'weird')");
    }

    @Test
    void a_missing_path_argument_raises_a_lua_style_error() {
        assertThat(error("lfs.mkdir()")).endsWith("bad argument #1 to 'mkdir' (string expected, got no value)");
        assertThat(error("lfs.attributes(nil)")).endsWith("bad argument #1 to 'attributes' (string expected, got nil)");
    }

    @Test
    void utf8_names_survive_mkdir_and_dir() throws IOException {
        // "\u00e9" and an emoji, written as the Lua byte escapes of their UTF-8 form
        run("assert(lfs.mkdir('\\195\\169\\240\\159\\152\\128'))");
        try (var entries = Files.list(dir)) {
            assertThat(entries.map(p -> p.getFileName().toString())).containsExactly("\u00e9\uD83D\uDE00");
        }
        assertThat(run("local n = {} for f in lfs.dir('.') do n[#n + 1] = f end"
                                + " return n[3] == '\\195\\169\\240\\159\\152\\128'")
                        .arg1()
                        .toboolean())
                .isTrue();
    }
}
