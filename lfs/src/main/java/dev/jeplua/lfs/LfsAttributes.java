package dev.jeplua.lfs;

import dev.jeplua.engine.stdlib.io.Errno;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Set;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * The table of {@code lfs.attributes} / {@code lfs.symlinkattributes} (see {@link LfsLib}):
 * {@code mode}, {@code permissions}, {@code size}, {@code access}, {@code modification},
 * {@code change} (epoch seconds) and, where the platform has {@code "unix:*"} attributes,
 * {@code dev}, {@code ino}, {@code nlink}, {@code uid}, {@code gid}, {@code rdev}; elsewhere
 * {@code mode} is {@code "other"} for anything but files, directories and links, and
 * {@code change} is the last modification. Stateless; any thread.
 */
final class LfsAttributes {
    private static final boolean UNIX_VIEW =
            FileSystems.getDefault().supportedFileAttributeViews().contains("unix");
    private static final boolean POSIX_VIEW =
            FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final LinkOption[] FOLLOW = {};
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
    private static final Set<String> NAMES = Set.of(
            "dev",
            "ino",
            "mode",
            "nlink",
            "uid",
            "gid",
            "rdev",
            "access",
            "modification",
            "change",
            "size",
            "permissions",
            "blocks",
            "blksize");

    private LfsAttributes() {}

    /**
     * Whether {@code name} may be asked for ({@code blocks} and {@code blksize} are names that are
     * never set here); {@code target} only without following links.
     */
    static boolean isName(String name, boolean noFollow) {
        return NAMES.contains(name) || (noFollow && name.equals("target"));
    }

    /**
     * Sets the attributes of {@code path} in {@code t}; with {@code noFollow} those of a final
     * symbolic link itself, plus {@code target}.
     *
     * @throws IOException when the attributes cannot be read (the caller turns it into an
     *     {@link Errno} result)
     */
    static void fill(LuaTable t, Path path, boolean noFollow) throws IOException {
        LinkOption[] options = noFollow ? NOFOLLOW : FOLLOW;
        if (UNIX_VIEW) {
            Map<String, Object> a = Files.readAttributes(path, "unix:*", options);
            int mode = (Integer) a.get("mode");
            t.set("mode", modeName(mode));
            t.set("permissions", permissions(mode));
            t.set("dev", number(a.get("dev")));
            t.set("ino", number(a.get("ino")));
            t.set("nlink", number(a.get("nlink")));
            t.set("uid", number(a.get("uid")));
            t.set("gid", number(a.get("gid")));
            t.set("rdev", number(a.get("rdev")));
            t.set("size", number(a.get("size")));
            t.set("access", seconds((FileTime) a.get("lastAccessTime")));
            t.set("modification", seconds((FileTime) a.get("lastModifiedTime")));
            t.set("change", seconds((FileTime) a.get("ctime")));
        } else {
            BasicFileAttributes a = POSIX_VIEW
                    ? Files.readAttributes(path, PosixFileAttributes.class, options)
                    : Files.readAttributes(path, BasicFileAttributes.class, options);
            t.set(
                    "mode",
                    a.isDirectory() ? "directory" : a.isRegularFile() ? "file" : a.isSymbolicLink() ? "link" : "other");
            t.set(
                    "permissions",
                    a instanceof PosixFileAttributes posix ? permissions(posix.permissions()) : permissions(path));
            t.set("size", org.luaj.vm2.Lua54Numbers.integer(a.size()));
            t.set("access", seconds(a.lastAccessTime()));
            t.set("modification", seconds(a.lastModifiedTime()));
            // no status-change time without unix attributes: the closest is the last modification
            t.set("change", seconds(a.lastModifiedTime()));
        }
        if (noFollow && Files.isSymbolicLink(path)) {
            t.set(
                    "target",
                    LuaString.valueUsing(Files.readSymbolicLink(path).toString().getBytes(StandardCharsets.UTF_8)));
        }
    }

    private static String modeName(int mode) {
        return switch (mode & 0170000) {
            case 0100000 -> "file";
            case 0040000 -> "directory";
            case 0120000 -> "link";
            case 0140000 -> "socket";
            case 0010000 -> "named pipe";
            case 0020000 -> "char device";
            case 0060000 -> "block device";
            default -> "other";
        };
    }

    private static String permissions(int mode) {
        char[] c = new char[9];
        String letters = "rwx";
        for (int i = 0; i < 9; i++) {
            c[i] = (mode & (0400 >> i)) != 0 ? letters.charAt(i % 3) : '-';
        }
        return new String(c);
    }

    private static String permissions(Set<PosixFilePermission> perms) {
        int mode = 0;
        for (PosixFilePermission p : perms) {
            mode |= 0400 >> p.ordinal(); // the enum is declared in rwxrwxrwx order
        }
        return permissions(mode);
    }

    private static String permissions(Path path) {
        String rwx = (Files.isReadable(path) ? "r" : "-")
                + (Files.isWritable(path) ? "w" : "-")
                + (Files.isExecutable(path) ? "x" : "-");
        return rwx + rwx + rwx;
    }

    private static LuaValue number(Object o) {
        return o instanceof Number n ? LuaValue.valueOf(n.doubleValue()) : LuaValue.NIL;
    }

    private static LuaValue seconds(FileTime t) {
        return t == null ? LuaValue.NIL : org.luaj.vm2.Lua54Numbers.integer(Math.floorDiv(t.toMillis(), 1000L));
    }
}
