package dev.jeplua.engine.stdlib.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jeplua.engine.testing.LuaSpecHarness;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * {@link Errno}: the one mapping from Java I/O failures to strerror texts and errno numbers, and
 * the {@code io} and {@code os} functions (and {@code lfs}, tested in its module) that all report through it.
 */
@Timeout(60)
class ErrnoTest {
    @TempDir
    Path dir;

    @Test
    void nio_exceptions_map_to_their_strerror_texts() {
        assertThat(Errno.reason(new NoSuchFileException("x"))).isEqualTo("No such file or directory");
        assertThat(Errno.reason(new AccessDeniedException("x"))).isEqualTo("Permission denied");
        assertThat(Errno.reason(new FileAlreadyExistsException("x"))).isEqualTo("File exists");
        assertThat(Errno.reason(new DirectoryNotEmptyException("x"))).isEqualTo("Directory not empty");
        assertThat(Errno.reason(new NotDirectoryException("x"))).isEqualTo("Not a directory");
        assertThat(Errno.reason(new InvalidPathException("a\0b", "Nul character not allowed")))
                .isEqualTo("Invalid argument");
        assertThat(Errno.reason(new UnsupportedOperationException())).isEqualTo("Operation not supported");
        assertThat(Errno.reason(new FileSystemException("x", null, "Read-only file system")))
                .isEqualTo("Read-only file system");
    }

    @Test
    void java_io_messages_give_the_reason_in_parentheses_or_the_whole_message() {
        assertThat(Errno.reason(new FileNotFoundException("/a/b (Permission denied)")))
                .isEqualTo("Permission denied");
        assertThat(Errno.reason(new IOException("Is a directory"))).isEqualTo("Is a directory");
        assertThat(Errno.reason(new IOException())).isEqualTo("java.io.IOException");
    }

    @Test
    void results_carry_the_linux_errno_and_eio_or_nothing_when_it_is_unknown() {
        assertThat(strings(Errno.result("n: ", new NoSuchFileException("n"))))
                .containsExactly("nil", "n: No such file or directory", "2");
        assertThat(strings(Errno.result("", new IOException("Illegal seek"))))
                .containsExactly("nil", "Illegal seek", "29");
        assertThat(strings(Errno.result("", new IOException("Something odd"))))
                .containsExactly("nil", "Something odd", "5");
        assertThat(strings(Errno.result("Bad file descriptor", 9))).containsExactly("nil", "Bad file descriptor", "9");
        assertThat(strings(Errno.resultOmittingUnknown("", new DirectoryNotEmptyException("d"))))
                .containsExactly("nil", "Directory not empty", "39");
        assertThat(strings(Errno.resultOmittingUnknown("", new UnsupportedOperationException())))
                .containsExactly("nil", "Operation not supported");
        assertThat(Errno.number("Too many levels of symbolic links")).isEqualTo(40);
        assertThat(Errno.number("no such text")).isZero();
    }

    @Test
    void io_and_os_report_a_missing_file_the_same_way() {
        LuaSpecHarness h = new LuaSpecHarness();
        h.engine().globals().set("M", dir.resolve("missing").toString());
        h.runChunk("local function pack(...) return table.pack(...) end\n"
                + "IO = pack(io.open(M)) OS = pack(os.remove(M))");
        String text = dir.resolve("missing") + ": No such file or directory";
        assertThat(strings(h, "IO")).containsExactly("nil", text, "2");
        assertThat(strings(h, "OS")).containsExactly("nil", text, "2");
    }

    private static List<String> strings(LuaSpecHarness h, String global) {
        LuaTable t = (LuaTable) h.engine().globals().get(global);
        return strings(t.unpack());
    }

    private static List<String> strings(Varargs v) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= v.narg(); i++) {
            LuaValue x = v.arg(i);
            out.add(x.isnil() ? "nil" : x.tojstring());
        }
        return out;
    }
}
