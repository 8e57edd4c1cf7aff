package dev.jeplua.cli;

import dev.jeplua.engine.luaj.LuaNumberPatch;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Build step run on the runnable jar after shading and before {@link ClassFileUpgrade}
 * (cli/pom.xml): replaces LuaJ's class files that the engine patches for Lua 5.4 ({@code
 * LuaNumberPatch}) with the patched class files the engine's build generated (resources under
 * {@link LuaNumberPatch#PATCHES}), and adds the {@link LuaNumberPatch#BAKED_MARKER} resource so
 * that nothing is redefined at run time.
 *
 * <p>Why: a class redefined through {@code java.lang.instrument} — and every subclass of it — is
 * left out of the JDK's AOT cache ("Has been redefined"). Since the Lua 5.4 patches redefine
 * {@code LuaValue} itself, that was every library function class of LuaJ and of JEPLua (about 280
 * classes), loaded, parsed and verified from the jar at each start: ~0.25 s of CPU for a hello
 * world. Baked in, the classes are ordinary class files of the jar, and the launcher agent is no
 * longer needed.
 */
public final class BakeLuajPatches {
    private BakeLuajPatches() {}

    /**
     * Rewrites the jar in place.
     *
     * @param args the jar
     * @throws IOException when the jar cannot be read or written, or when a patched class has no
     *     original in the jar (the build must fail rather than ship half a patch)
     */
    public static void main(String[] args) throws IOException {
        Path jar = Path.of(args[0]);
        Path tmp = jar.resolveSibling(jar.getFileName() + ".bake.tmp");
        Map<String, byte[]> patched = new HashMap<>();
        try (JarFile in = new JarFile(jar.toFile(), false)) {
            for (JarEntry e : Collections.list(in.entries())) {
                String name = e.getName();
                // full class names only ("org/luaj/vm2/LuaDouble.class.bin"); a flat name is a
                // leftover of an older build's target folder
                if (name.startsWith(LuaNumberPatch.PATCHES)
                        && name.endsWith(".class.bin")
                        && name.indexOf('/', LuaNumberPatch.PATCHES.length()) > 0) {
                    try (InputStream s = in.getInputStream(e)) {
                        String target =
                                name.substring(LuaNumberPatch.PATCHES.length(), name.length() - ".bin".length());
                        patched.put(target, s.readAllBytes());
                    }
                }
            }
            if (patched.isEmpty()) {
                throw new IOException("no patched LuaJ classes under " + LuaNumberPatch.PATCHES + " in " + jar);
            }
            int replaced = 0;
            try (OutputStream file = Files.newOutputStream(tmp);
                    ZipOutputStream out = new ZipOutputStream(file)) {
                for (JarEntry e : Collections.list(in.entries())) {
                    String name = e.getName();
                    byte[] bytes = patched.get(name);
                    if (bytes != null) {
                        replaced++;
                    } else {
                        try (InputStream s = in.getInputStream(e)) {
                            bytes = s.readAllBytes();
                        }
                    }
                    ZipEntry copy = new ZipEntry(name);
                    copy.setTime(e.getTime());
                    out.putNextEntry(copy);
                    out.write(bytes);
                    out.closeEntry();
                }
                out.putNextEntry(new ZipEntry(LuaNumberPatch.BAKED_MARKER));
                out.write("LuaJ classes patched at build time\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                out.closeEntry();
            }
            if (replaced != patched.size()) {
                Files.deleteIfExists(tmp);
                throw new IOException(
                        "patched " + patched.size() + " LuaJ classes but found " + replaced + " of them in " + jar);
            }
        }
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING);
        System.out.println("BakeLuajPatches: " + patched.size() + " LuaJ class files replaced by their patched form");
    }
}
