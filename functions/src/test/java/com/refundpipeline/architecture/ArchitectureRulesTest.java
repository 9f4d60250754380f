package com.refundpipeline.architecture;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

/**
 * Each rule of {@link ArchitectureRules} catches the violation it exists for: every fixture root under
 * {@code com.refundpipeline.archfixture} breaks exactly one rule on purpose, and the rule must report it, naming the
 * offending class. A rule that could never fail would prove nothing in {@link ArchitectureTest}.
 */
class ArchitectureRulesTest {

    private static final String FIXTURES = "com.refundpipeline.archfixture";

    @Test
    void domainIsPureCatchesADomainThatImportsAnotherProjectPackage() {
        assertCaught(
                ArchitectureRules.domainIsPure(FIXTURES + ".purity"),
                "purity",
                "purity.domain.Decision",
                "purity.amount.RefundBreakdown");
    }

    @Test
    void awsSdkOnlyInAdaptersCatchesAServiceThatUsesDynamoDbTypes() {
        assertCaught(
                ArchitectureRules.awsSdkOnlyInAdapters(FIXTURES + ".aws"),
                "aws",
                "aws.cases.CaseLookup",
                "software.amazon.awssdk.services.dynamodb.model.AttributeValue");
    }

    @Test
    void funqyOnlyInFunctionAdaptersCatchesAServiceWithAFunqAnnotation() {
        assertCaught(
                ArchitectureRules.funqyOnlyInFunctionAdapters(FIXTURES + ".funqy"),
                "funqy",
                "funqy.submit.RefundDesk",
                "io.quarkus.funqy.Funq");
    }

    @Test
    void functionsAreIndependentCatchesAFunctionThatUsesAnother() {
        assertCaught(
                ArchitectureRules.functionsAreIndependent(FIXTURES + ".functions"),
                "functions",
                "functions.review.ReviewDesk",
                "functions.submit.CaseView");
    }

    @Test
    void noPackageCyclesCatchesTwoPackagesThatUseEachOther() {
        assertCaught(
                ArchitectureRules.noPackageCycles(FIXTURES + ".cycles"),
                "cycles",
                "cycles.domain.Decision",
                "cycles.amount.RefundCalculator");
    }

    @Test
    void noTableScansCatchesAStoreThatScansATable() {
        assertCaught(ArchitectureRules.noTableScans(FIXTURES + ".scan"), "scan", "scan.store.EveryCase");
    }

    /** The fixtures pass where they do not break the rule: the real rules do not fire on anything. */
    @Test
    void theFixturesCleanPartsPassEveryRule() {
        JavaClasses clean = new ClassFileImporter().importPackages(FIXTURES + ".clean");
        String root = FIXTURES + ".clean";
        for (ArchRule rule : new ArchRule[] {
            ArchitectureRules.domainIsPure(root),
            ArchitectureRules.awsSdkOnlyInAdapters(root),
            ArchitectureRules.funqyOnlyInFunctionAdapters(root),
            ArchitectureRules.functionsAreIndependent(root),
            ArchitectureRules.noPackageCycles(root),
            ArchitectureRules.noTableScans(root)
        }) {
            EvaluationResult result = rule.evaluate(clean);
            assertFalse(result.hasViolation(), () -> rule.getDescription() + ": " + result.getFailureReport());
        }
    }

    private static void assertCaught(ArchRule rule, String fixture, String... named) {
        JavaClasses classes = new ClassFileImporter().importPackages(FIXTURES + "." + fixture);
        EvaluationResult result = rule.evaluate(classes);
        assertTrue(result.hasViolation(), () -> rule.getDescription() + " did not catch the " + fixture + " fixture");
        String report = result.getFailureReport().toString();
        for (String name : named) {
            String qualified = name.startsWith("software.") || name.startsWith("io.") ? name : FIXTURES + "." + name;
            assertTrue(report.contains(qualified), () -> "the report does not name " + qualified + ":\n" + report);
        }
    }
}
