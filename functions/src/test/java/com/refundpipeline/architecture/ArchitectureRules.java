package com.refundpipeline.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import java.util.Arrays;
import java.util.List;

/**
 * The package boundaries, as rules over a root package: {@link ArchitectureTest} checks them on the product
 * ({@code com.refundpipeline}), {@link ArchitectureRulesTest} shows each one catching a deliberate violation in the
 * fixtures under {@code com.refundpipeline.archfixture}.
 */
final class ArchitectureRules {

    /** The packages that hold one function each: its Funqy adapter and what only that function uses. */
    static final List<String> FUNCTIONS = List.of("submit", "verify", "review", "pay", "followup", "webhook", "tally");

    /** Where the AWS SDK may be used: the adapters to DynamoDB, SQS, SES/SNS and Secrets Manager. */
    static final List<String> AWS_ADAPTERS =
            List.of("store.dynamo", "messaging.sqs", "followup.channel", "payout.stripe", "orders.eventbridge");

    private ArchitectureRules() {}

    /** The domain is the language every other package speaks; it must not speak theirs. */
    static ArchRule domainIsPure(String root) {
        return classes()
                .that()
                .resideInAPackage(root + ".domain..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage(
                        root + ".domain..",
                        "java..",
                        "com.fasterxml.jackson.annotation..",
                        "io.quarkus.runtime.annotations..")
                .because("the domain depends on nothing of the project outside itself, nor on a framework");
    }

    /** Swapping or faking an AWS service touches its adapter only. */
    static ArchRule awsSdkOnlyInAdapters(String root) {
        return noClasses()
                .that()
                .resideOutsideOfPackages(packages(root, AWS_ADAPTERS))
                .should()
                .dependOnClassesThat()
                .resideInAPackage("software.amazon.awssdk..")
                .because("AWS SDK types belong to the adapter packages " + AWS_ADAPTERS);
    }

    /**
     * No code reads a whole table: a Scan's cost and time grow with every item ever written (the figures come from the
     * change stream, reports from index Queries; docs/adr/0040). Tests may scan their own DynamoDB Local.
     */
    static ArchRule noTableScans(String root) {
        return noClasses()
                .that()
                .resideInAPackage(root + "..")
                .should()
                .callMethodWhere(DescribedPredicate.describe(
                        "a DynamoDB Scan",
                        (JavaMethodCall call) -> call.getTargetOwner()
                                        .isAssignableTo("software.amazon.awssdk.services.dynamodb.DynamoDbClient")
                                && call.getName().startsWith("scan")))
                .because("a Scan reads the whole table; use a Query on a key or an index, or the figures");
    }

    /** The services can be called from a test, a command line or another function without Lambda. */
    static ArchRule funqyOnlyInFunctionAdapters(String root) {
        return noClasses()
                .that()
                .resideInAPackage(root + "..")
                .and()
                .haveSimpleNameNotEndingWith("Function")
                .or()
                .resideOutsideOfPackages(packages(root, FUNCTIONS))
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.quarkus.funqy..", "com.amazonaws.services.lambda..")
                .because("Funqy and Lambda event types belong to the function adapters (*Function in " + FUNCTIONS
                        + ")");
    }

    /** A function changes without breaking another; what two share lives in a shared package. */
    static ArchRule functionsAreIndependent(String root) {
        return SlicesRuleDefinition.slices()
                .assignedFrom(functionSlices(root))
                .should()
                .notDependOnEachOther()
                .because("functions share code through shared packages (cases, payout, store...), not each other");
    }

    /** Packages form layers: no two depend on each other, however indirectly. */
    static ArchRule noPackageCycles(String root) {
        return SlicesRuleDefinition.slices().matching(root + ".(*)..").should().beFreeOfCycles();
    }

    private static String[] packages(String root, List<String> names) {
        return names.stream().map(n -> root + "." + n + "..").toArray(String[]::new);
    }

    private static SliceAssignment functionSlices(String root) {
        return new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                String name = javaClass.getPackageName();
                return FUNCTIONS.stream()
                        .filter(f -> name.equals(root + "." + f) || name.startsWith(root + "." + f + "."))
                        .findFirst()
                        .map(SliceIdentifier::of)
                        .orElse(SliceIdentifier.ignore());
            }

            @Override
            public String getDescription() {
                return "the function packages " + Arrays.toString(FUNCTIONS.toArray());
            }
        };
    }
}
