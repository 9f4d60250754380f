package com.refundpipeline.localstack.lambda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The function artifact as Lambda sees it in /var/task: the unpacked function.zip (the Quarkus amazon-lambda build
 * makes one with the runner jar's classes at the root and the dependencies in lib/). A folder is used as it is.
 */
public final class TaskRoot implements AutoCloseable {

    private final Path dir;
    private final boolean temporary;

    private TaskRoot(Path dir, boolean temporary) {
        this.dir = dir;
        this.temporary = temporary;
    }

    public static TaskRoot of(Path artifact) throws IOException {
        if (Files.isDirectory(artifact)) {
            return new TaskRoot(artifact.toAbsolutePath(), false);
        }
        if (!Files.isRegularFile(artifact)) {
            throw new IOException("the functions artifact " + artifact.toAbsolutePath() + " does not exist: build it"
                    + " with ./mvnw -pl functions package");
        }
        Path dir = Files.createTempDirectory("refund-local-stack-task-");
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(artifact))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                Path target = dir.resolve(entry.getName()).normalize();
                if (!target.startsWith(dir)) {
                    throw new IOException(artifact + " has an entry outside its root: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    copy(zip, target);
                }
            }
            if (Files.exists(dir.resolve("bootstrap")) && !Files.isDirectory(dir.resolve("lib"))) {
                throw new IOException(artifact + " holds the native build (a bootstrap executable); the local stack"
                        + " runs the JVM build: make build");
            }
        } catch (IOException e) {
            delete(dir);
            throw e;
        }
        return new TaskRoot(dir, true);
    }

    private static void copy(InputStream in, Path target) throws IOException {
        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }

    public Path dir() {
        return dir;
    }

    @Override
    public void close() {
        if (temporary) {
            delete(dir);
        }
    }

    /** Deletes a folder and everything in it, as far as it can. */
    public static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // A leftover folder in the temp dir is not worth failing a shutdown for.
        }
    }
}
