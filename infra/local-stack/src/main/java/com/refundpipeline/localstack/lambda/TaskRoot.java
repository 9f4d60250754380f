package com.refundpipeline.localstack.lambda;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
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
        return new TaskRoot(unpack(artifact, Files.createTempDirectory("refund-local-stack-task-")), true);
    }

    /**
     * The artifact unpacked under {@code keep}, in a folder named by a digest of the zip, kept between runs and
     * shared by stacks: the same build has the same path and the same files (modification times included), which an
     * AOT cache or CDS archive of its classes needs to be used again (see FunctionLauncher). A folder is unpacked
     * beside it and renamed into place, so a stack never sees a half-unpacked one; folders of other builds left
     * alone for an hour are removed.
     */
    public static TaskRoot of(Path artifact, Path keep) throws IOException {
        if (keep == null || Files.isDirectory(artifact)) {
            return of(artifact);
        }
        if (!Files.isRegularFile(artifact)) {
            return of(artifact); // says what is missing
        }
        Path dir = keep.toAbsolutePath().resolve("task-" + digest(artifact));
        if (!Files.isDirectory(dir)) {
            Path fresh = unpack(artifact, Files.createTempDirectory(keep, "unpacking-"));
            try {
                Path jar = jarClasses(fresh, Files.createTempFile(keep, "unpacking-", ".jar"));
                Files.move(jar, classesJar(dir), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                Files.move(fresh, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                delete(fresh);
                if (!Files.isDirectory(dir)) {
                    throw e;
                }
                // Another stack unpacked the same build first.
            }
        }
        // Marks the build in use, so that another stack does not take it for an old one.
        Files.setLastModifiedTime(dir, FileTime.from(Instant.now()));
        removeOldBuilds(keep, dir);
        return new TaskRoot(dir, false);
    }

    /**
     * The jar beside a kept task root holding the files of its root (the function's own classes, not lib/): what the
     * JVM's class path names instead of the folder, since a JDK archive or AOT cache cannot be made from a class path
     * with a non-empty folder on it ("Cannot have non-empty directory in paths").
     */
    public static Path classesJar(Path taskRoot) {
        return taskRoot.resolveSibling(taskRoot.getFileName() + ".jar");
    }

    private static Path jarClasses(Path root, Path jar) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                String name = root.relativize(file).toString().replace(File.separatorChar, '/');
                if (name.startsWith("lib/") || name.equals("bootstrap")) {
                    continue;
                }
                out.putNextEntry(new JarEntry(name));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
        return jar;
    }

    private static String digest(Path artifact) throws IOException {
        try (InputStream in = Files.newInputStream(artifact)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static void removeOldBuilds(Path keep, Path current) {
        Instant old = Instant.now().minus(Duration.ofHours(1));
        try (Stream<Path> dirs = Files.list(keep)) {
            for (Path dir : dirs.filter(d -> !d.equals(current)
                            && !d.equals(classesJar(current))
                            && (d.getFileName().toString().startsWith("task-")
                                    || d.getFileName().toString().startsWith("unpacking-")))
                    .toList()) {
                if (Files.getLastModifiedTime(dir).toInstant().isBefore(old)) {
                    delete(dir);
                }
            }
        } catch (IOException e) {
            // An old build only takes disk space.
        }
    }

    private static Path unpack(Path artifact, Path dir) throws IOException {
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
            // The native build (provided.al2023): the zip holds a bootstrap executable, which zip entries do not
            // mark executable here; FunctionLauncher runs it as Lambda's custom runtime does.
            Path bootstrap = dir.resolve("bootstrap");
            if (Files.isRegularFile(bootstrap) && !bootstrap.toFile().setExecutable(true)) {
                throw new IOException("cannot make " + bootstrap + " executable");
            }
        } catch (IOException e) {
            delete(dir);
            throw e;
        }
        return dir;
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
