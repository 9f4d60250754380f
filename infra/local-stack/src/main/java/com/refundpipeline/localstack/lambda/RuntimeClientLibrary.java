package com.refundpipeline.localstack.lambda;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The runtime interface client's JNI library, unpacked once per stack. Left to itself, every client process unpacks
 * it to the same /tmp/.libaws-lambda-jni.so, and processes starting together overwrite the file while another maps
 * it (a SIGBUS); given the path in a system property, the client loads it from there instead.
 */
public final class RuntimeClientLibrary {

    /** The system property the client reads the library's path from. */
    public static final String PROPERTY =
            "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";

    private static final int PT_GNU_STACK = 0x6474e551;
    private static final int PF_X = 1;

    private RuntimeClientLibrary() {}

    public static Path unpack(Path runtimeDir, Path targetDir) throws IOException {
        Path jar = clientJar(runtimeDir);
        String entryName = "jni/" + libraryName();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry entry = zip.getEntry(entryName);
            if (entry == null) {
                throw new IOException(jar + " has no " + entryName + " for this platform");
            }
            byte[] library;
            try (InputStream in = zip.getInputStream(entry)) {
                library = in.readAllBytes();
            }
            clearExecutableStack(library);
            Files.createDirectories(targetDir);
            Path target = targetDir.resolve("libaws-lambda-jni.so");
            Files.write(target, library);
            return target;
        }
    }

    private static Path clientJar(Path runtimeDir) throws IOException {
        try (DirectoryStream<Path> jars =
                Files.newDirectoryStream(runtimeDir, "aws-lambda-java-runtime-interface-client-*.jar")) {
            for (Path jar : jars) {
                return jar;
            }
        }
        throw new IOException("no aws-lambda-java-runtime-interface-client jar in " + runtimeDir);
    }

    private static String libraryName() {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String cpu = arch.equals("aarch64") || arch.equals("arm64") ? "aarch_64" : "x86_64";
        boolean musl = Files.exists(Path.of("/lib/ld-musl-" + (cpu.equals("x86_64") ? "x86_64" : "aarch64") + ".so.1"));
        return "libaws-lambda-jni.linux" + (musl ? "_musl-" : "-") + cpu + ".so";
    }

    /**
     * Marks the library's stack non-executable (what {@code execstack -c} does), so the JVM loads it without its
     * "might have disabled stack guard" warning in every function's output. The library does not need an executable
     * stack; the flag is a leftover of how it is linked.
     */
    static void clearExecutableStack(byte[] elf) {
        if (elf.length < 64
                || elf[0] != 0x7f
                || elf[1] != 'E'
                || elf[2] != 'L'
                || elf[3] != 'F'
                || elf[4] != 2
                || elf[5] != 1) {
            return; // not a little-endian ELF64 file: leave it as it is
        }
        ByteBuffer b = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
        long phoff = b.getLong(0x20);
        int phentsize = Short.toUnsignedInt(b.getShort(0x36));
        int phnum = Short.toUnsignedInt(b.getShort(0x38));
        for (int i = 0; i < phnum; i++) {
            long at = phoff + (long) i * phentsize;
            if (at + 8 > elf.length) {
                return;
            }
            if (b.getInt((int) at) == PT_GNU_STACK) {
                b.putInt((int) at + 4, b.getInt((int) at + 4) & ~PF_X);
            }
        }
    }
}
