package dev.jeplua.engine.stdlib.io;

import java.io.IOException;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * A directory opened with mode "r": C's fopen accepts it, and then every read fails with
 * "Is a directory" and every write with "Bad file descriptor"; seeking stays at 0. Engine thread.
 */
final class DirectoryLuaFile extends LuaFiles.LuaFile {
    DirectoryLuaFile(LuaTable metatable) {
        super(metatable, true, false);
    }

    private static IOException isDirectory() {
        return new IOException("Is a directory");
    }

    @Override
    public void write(LuaString s) throws IOException {
        throw new IOException("Bad file descriptor");
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    long seekTo(String whence, long offset) {
        return 0;
    }

    @Override
    public int peek() throws IOException {
        throw isDirectory();
    }

    @Override
    public int read() throws IOException {
        throw isDirectory();
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
        throw isDirectory();
    }

    @Override
    LuaValue readLine(boolean keepNewline) throws IOException {
        throw isDirectory();
    }

    @Override
    LuaString readAll() throws IOException {
        throw isDirectory();
    }

    @Override
    LuaValue readChars(long n) throws IOException {
        throw isDirectory();
    }
}
