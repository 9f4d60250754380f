package com.refundpipeline.architecture;

import com.refundpipeline.domain.RefundCase;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The boundaries of the functions' own code (main classes only; the fixtures are test classes). */
class ArchitectureTest {

    private static final String ROOT = "com.refundpipeline";
    private static JavaClasses product;

    /** The functions' own output folder: the local stack, also under com.refundpipeline, is a test tool. */
    @BeforeAll
    static void importProduct() throws URISyntaxException {
        Path classes = Path.of(RefundCase.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        product = new ClassFileImporter().importPath(classes);
    }

    @Test
    void domainIsPure() {
        ArchitectureRules.domainIsPure(ROOT).check(product);
    }

    @Test
    void awsSdkOnlyInAdapters() {
        ArchitectureRules.awsSdkOnlyInAdapters(ROOT).check(product);
    }

    @Test
    void funqyOnlyInFunctionAdapters() {
        ArchitectureRules.funqyOnlyInFunctionAdapters(ROOT).check(product);
    }

    @Test
    void functionsAreIndependent() {
        ArchitectureRules.functionsAreIndependent(ROOT).check(product);
    }

    @Test
    void noTableScans() {
        ArchitectureRules.noTableScans(ROOT).check(product);
    }

    @Test
    void noPackageCycles() {
        ArchitectureRules.noPackageCycles(ROOT).check(product);
    }
}
