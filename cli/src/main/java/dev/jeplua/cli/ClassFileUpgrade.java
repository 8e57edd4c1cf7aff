package dev.jeplua.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Build step run on the runnable jar after shading (cli/pom.xml): rewrites the class files of the
 * given packages that are older than class file version 50 (LuaJ is compiled for Java 1.3,
 * picocli for Java 5) as version 52 class files with stack map frames.
 *
 * <p>Why: the JDK's AOT cache (JDK 25, {@code -XX:AOTCacheOutput}, see {@code run.sh}) cannot
 * keep a pre-version-50 class once it has been linked ("Old class has been linked"), nor a class
 * or lambda that depends on one. With LuaJ's and picocli's original class files, {@code
 * LuaValue}, {@code LuaTable}, {@code Varargs}, every library function class of JEPLua and all of
 * picocli were left out of the cache and loaded, parsed and verified from the jar at each start.
 * The byte code itself is unchanged; only the version number and the computed frames differ.
 *
 * <p>A class whose frames cannot be computed (LuaJ's {@code luajc} classes refer to BCEL, which
 * is not in the jar) is kept unchanged.
 *
 * <p>Since this step writes every entry of the jar again, it also sets each entry's compression:
 * the class files of the packages given after {@code --stored} (the ones a plain script run loads:
 * JEPLua's, LuaJ's, SLF4J's, picocli's) are stored uncompressed, the rest deflated. Without the
 * AOT cache (a first run, {@code java -jar} alone) a hello world then starts ~20 ms sooner (~30 ms
 * less CPU: no inflater per class), for ~2 MB more jar (docs/design.md#start-up-and-exit-cli).
 */
public final class ClassFileUpgrade {
    private static final int TARGET_MAJOR = 52;

    private ClassFileUpgrade() {}

    /**
     * Rewrites the jar in place.
     *
     * @param args the jar, then the package prefixes to upgrade, e.g. {@code org/luaj/ picocli/},
     *     optionally followed by {@code --stored} and the package prefixes whose class files are
     *     stored uncompressed
     * @throws IOException when the jar cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        Path jar = Path.of(args[0]);
        List<String> all = List.of(args).subList(1, args.length);
        int split = all.indexOf("--stored");
        List<String> prefixes = split < 0 ? all : all.subList(0, split);
        List<String> storedPrefixes = split < 0 ? List.of() : all.subList(split + 1, all.size());
        int stored = 0;
        Path tmp = jar.resolveSibling(jar.getFileName() + ".upgrade.tmp");
        int upgraded = 0;
        int kept = 0;
        try (JarFile in = new JarFile(jar.toFile(), false);
                URLClassLoader loader =
                        new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
                OutputStream file = Files.newOutputStream(tmp);
                ZipOutputStream out = new ZipOutputStream(file)) {
            for (JarEntry e : Collections.list(in.entries())) {
                byte[] bytes;
                try (InputStream s = in.getInputStream(e)) {
                    bytes = s.readAllBytes();
                }
                String name = e.getName();
                if (name.endsWith(".class") && bytes.length > 8 && major(bytes) < 50 && selected(name, prefixes)) {
                    try {
                        bytes = upgrade(bytes, loader);
                        upgraded++;
                    } catch (RuntimeException | LinkageError unresolved) {
                        kept++;
                    }
                }
                ZipEntry copy = new ZipEntry(name);
                copy.setTime(e.getTime());
                if (name.endsWith(".class") && selected(name, storedPrefixes)) {
                    // a stored entry's sizes and CRC go in its local header, before the bytes
                    CRC32 crc = new CRC32();
                    crc.update(bytes);
                    copy.setMethod(ZipEntry.STORED);
                    copy.setSize(bytes.length);
                    copy.setCompressedSize(bytes.length);
                    copy.setCrc(crc.getValue());
                    stored++;
                }
                out.putNextEntry(copy);
                out.write(bytes);
                out.closeEntry();
            }
        }
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING);
        System.out.println("ClassFileUpgrade: " + upgraded + " class files upgraded to version " + TARGET_MAJOR + ", "
                + kept + " kept (frames not computable), " + stored + " stored uncompressed");
    }

    private static boolean selected(String name, List<String> prefixes) {
        for (String p : prefixes) {
            if (name.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    private static int major(byte[] classFile) {
        return ((classFile[6] & 0xff) << 8) | (classFile[7] & 0xff);
    }

    private static byte[] upgrade(byte[] bytes, ClassLoader loader) {
        ClassReader reader = new ClassReader(bytes);
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
            @Override
            protected ClassLoader getClassLoader() {
                return loader;
            }
        };
        reader.accept(
                new ClassVisitor(Opcodes.ASM9, writer) {
                    @Override
                    public void visit(
                            int version,
                            int access,
                            String name,
                            String signature,
                            String superName,
                            String[] interfaces) {
                        super.visit(Opcodes.V1_8, access, name, signature, superName, interfaces);
                    }
                },
                ClassReader.SKIP_FRAMES);
        return writer.toByteArray();
    }
}
