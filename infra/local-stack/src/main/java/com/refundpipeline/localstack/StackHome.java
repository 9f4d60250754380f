package com.refundpipeline.localstack;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the build put what the stack needs beside its own code: the Lambda runtime interface client's jars (what a
 * function process runs) and sqlite4java's native libraries (what DynamoDB Local stores tables with). Both are in
 * the module's target folder, whether the stack runs from target/refund-local-stack.jar or from target/classes.
 */
public record StackHome(Path target) {

    public static StackHome locate() {
        Path code;
        try {
            code = Path.of(StackHome.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the stack's own code", e);
        }
        // target/refund-local-stack.jar and target/classes (and target/test-classes) all sit in target/.
        return new StackHome(code.toAbsolutePath().getParent());
    }

    public Path lambdaRuntimeDir() {
        return existing(target.resolve("lambda-runtime"));
    }

    public Path nativeLibDir() {
        return existing(target.resolve("native-libs"));
    }

    /** Where function processes keep their class data sharing archives (see FunctionLauncher). */
    public Path classDataDir() {
        Path dir = target.resolve("class-data");
        try {
            Files.createDirectories(dir);
            return dir;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** The module folder (infra/local-stack), from which the default template and artifact are found. */
    public Path moduleDir() {
        return target.getParent();
    }

    private static Path existing(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException(
                    dir + " is missing: build the module with" + " ./mvnw -pl infra/local-stack package");
        }
        return dir;
    }
}
