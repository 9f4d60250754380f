package com.refundpipeline.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.refundpipeline.docs.RepositoryFiles;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every {@code @FuzzTest} is one of make fuzz's targets, and every target names one: none is written and forgotten. */
class FuzzTargetsTest {

    private static final Pattern LIST = Pattern.compile("(?m)^FUZZ_TARGETS \\?=((?:.*\\\\\\n)*.*)$");

    @Test
    void makeFuzzRunsEveryFuzzTest() throws Exception {
        Path testClasses = Path.of(FuzzTargetsTest.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        Set<String> written = new TreeSet<>();
        for (var type : new ClassFileImporter().importPath(testClasses)) {
            for (JavaMethod method : type.getMethods()) {
                if (method.isAnnotatedWith(FuzzTest.class)) {
                    written.add(type.getName().substring("com.refundpipeline.".length()) + "#" + method.getName());
                }
            }
        }
        Matcher list = LIST.matcher(Files.readString(RepositoryFiles.root().resolve("Makefile")));
        if (!list.find()) {
            throw new AssertionError("the Makefile has no FUZZ_TARGETS ?= list");
        }
        Set<String> targets = new TreeSet<>();
        for (String target : list.group(1).replace("\\\n", " ").split("\\s+")) {
            if (!target.isBlank()) {
                targets.add(target.replace("\\#", "#"));
            }
        }
        assertEquals(written, targets, "make fuzz's FUZZ_TARGETS and the @FuzzTest methods differ");
    }
}
