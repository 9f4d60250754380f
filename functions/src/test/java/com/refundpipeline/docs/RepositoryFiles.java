package com.refundpipeline.docs;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository's root from wherever the tests run (the functions module, the root, an IDE). */
public final class RepositoryFiles {

    private RepositoryFiles() {}

    public static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path candidate = dir; candidate != null; candidate = candidate.getParent()) {
            if (Files.isRegularFile(candidate.resolve("README.md"))
                    && Files.isDirectory(candidate.resolve("docs"))
                    && Files.isDirectory(candidate.resolve("functions"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("no repository root (README.md, docs/, functions/) above " + dir);
    }
}
