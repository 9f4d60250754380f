package com.refundpipeline.localstack.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
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
    void unpacksTheNativeBuildWithItsBootstrapExecutable() throws IOException {
        // `make native` writes the same function.zip path with a bootstrap executable and no jars; the stack runs it
        // as provided.al2023 does (FunctionLauncher), so the native CI workflow can run the integration tests on it.
        Path zip = zip("bootstrap", "function.sh");
        try (TaskRoot root = TaskRoot.of(zip)) {
            assertTrue(Files.isExecutable(root.dir().resolve("bootstrap")));
        }
    }

    @Test
    void aKeptBuildHasTheSamePathAndFilesEveryRunAndOutlivesTheStack() throws IOException {
        // What lets a function's AOT cache be used again: the JVM checks the class path's paths, sizes and times.
        Path keep = Files.createDirectories(dir.resolve("class-data"));
        Path zip = zip("lib/dep.jar", "com/refundpipeline/App.class");
        Path first;
        FileTime jarTime;
        try (TaskRoot root = TaskRoot.of(zip, keep)) {
            first = root.dir();
            jarTime = Files.getLastModifiedTime(first.resolve("lib/dep.jar"));
        }
        assertTrue(Files.isRegularFile(first.resolve("lib/dep.jar")), "kept after the stack closed");
        try (TaskRoot again = TaskRoot.of(zip, keep)) {
            assertEquals(first, again.dir());
            assertEquals(jarTime, Files.getLastModifiedTime(again.dir().resolve("lib/dep.jar")));
        }
        Path other = zip("lib/dep.jar", "com/refundpipeline/Changed.class");
        try (TaskRoot changed = TaskRoot.of(other, keep)) {
            assertNotEquals(first, changed.dir(), "another build, another folder");
        }
        try (var left = Files.list(keep)) {
            assertTrue(
                    left.noneMatch(p -> p.getFileName().toString().startsWith("unpacking-")),
                    "nothing half-unpacked left");
        }
    }

    private Path zip(String... entries) throws IOException {
        Path zip = Files.createTempFile(dir, "function-", ".zip");
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
