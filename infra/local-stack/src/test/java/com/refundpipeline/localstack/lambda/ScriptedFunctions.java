package com.refundpipeline.localstack.lambda;

import com.refundpipeline.localstack.StackHome;
import com.refundpipeline.localstack.lambda.testfn.ScriptedHandler;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The tests' tiny function in a task root of its own, and a launcher for it under the runtime interface client. */
final class ScriptedFunctions {

    private ScriptedFunctions() {}

    /** Puts the handler's class (only it) into {@code taskRoot}, as a function.zip would hold it. */
    static void install(Path taskRoot) throws IOException, URISyntaxException {
        String classFile = ScriptedHandler.class.getName().replace('.', '/') + ".class";
        Path source = Path.of(ScriptedHandler.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .resolve(classFile);
        Files.createDirectories(taskRoot.resolve(classFile).getParent());
        Files.copy(source, taskRoot.resolve(classFile));
    }

    static FunctionLauncher launcher(Path taskRoot, Path jniDir, Map<String, String> stackEnvironment)
            throws IOException {
        return launcher(taskRoot, jniDir, stackEnvironment, null);
    }

    /** @param classDataDir where the function keeps its AOT cache or CDS archive, or null for none */
    static FunctionLauncher launcher(
            Path taskRoot, Path jniDir, Map<String, String> stackEnvironment, Path classDataDir) throws IOException {
        Path runtimeDir = StackHome.locate().lambdaRuntimeDir();
        Path jni = RuntimeClientLibrary.unpack(runtimeDir, jniDir);
        return new FunctionLauncher(
                FunctionLauncher.currentJava(), runtimeDir, taskRoot, jni, classDataDir, stackEnvironment);
    }
}
