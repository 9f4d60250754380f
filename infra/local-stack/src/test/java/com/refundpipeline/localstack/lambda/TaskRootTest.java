package com.refundpipeline.localstack.lambda;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskRootTest {

    @TempDir
    Path dir;

    @Test
    void unpacksTheJvmBuild() throws IOException {
        Path zip = zip("lib/dep.jar", "com/refundpipeline/App.class", "bootstrap-unused.txt");
        try (TaskRoot root = TaskRoot.of(zip)) {
            assertTrue(Files.isRegularFile(root.dir().resolve("lib/dep.jar")));
            assertTrue(Files.isRegularFile(root.dir().resolve("com/refundpipeline/App.class")));
        }
    }

    @Test
    void refusesTheNativeBuildBySayingWhatToBuild() throws IOException {
        // `make native` writes the same function.zip path with a bootstrap executable and no jars.
        Path zip = zip("bootstrap", "function.sh");
        IOException e = assertThrows(IOException.class, () -> TaskRoot.of(zip));
        assertTrue(e.getMessage().contains("native build") && e.getMessage().contains("make build"), e.getMessage());
    }

    private Path zip(String... entries) throws IOException {
        Path zip = dir.resolve("function.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            for (String entry : entries) {
                out.putNextEntry(new ZipEntry(entry));
                out.write(entry.getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return zip;
    }
}
