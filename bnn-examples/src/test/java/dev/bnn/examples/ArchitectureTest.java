package dev.bnn.examples;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The layering of the modules, pinned: bnn-core <- bnn-kernels <- bnn-train / bnn-data <- bnn-bench
 * <- bnn-examples (the CLI), no package cycles, no library code reaching into the CLI, and the
 * coming inference package free of the trainer. Production classes only.
 */
@AnalyzeClasses(packages = "dev.bnn", importOptions = {ImportOption.DoNotIncludeTests.class,
    ArchitectureTest.DoNotIncludeTestJars.class})
class ArchitectureTest {
    private static final String CORE = "dev.bnn.core..";
    private static final String KERNELS = "dev.bnn.kernels..";
    private static final String TRAIN = "dev.bnn.train..";
    private static final String DATA = "dev.bnn.data..";
    private static final String BENCH = "dev.bnn.bench..";
    private static final String EXAMPLES = "dev.bnn.examples..";
    private static final String INFER = "dev.bnn.infer..";

    @ArchTest
    static final ArchRule coreDependsOnNoOtherModule = noClasses().that().resideInAPackage(CORE)
            .should().dependOnClassesThat().resideInAnyPackage(KERNELS, TRAIN, DATA, BENCH, EXAMPLES, INFER);

    @ArchTest
    static final ArchRule kernelsDependOnlyOnCore = noClasses().that().resideInAPackage(KERNELS)
            .should().dependOnClassesThat().resideInAnyPackage(TRAIN, DATA, BENCH, EXAMPLES, INFER);

    @ArchTest
    static final ArchRule trainDependsOnlyOnCoreAndKernels = noClasses().that().resideInAPackage(TRAIN)
            .should().dependOnClassesThat().resideInAnyPackage(DATA, BENCH, EXAMPLES);

    /** Only freezing builds inference models; the layers and the trainer know nothing of deployment. */
    @ArchTest
    static final ArchRule onlyFreezingUsesInference = noClasses().that().resideInAPackage(TRAIN)
            .and().resideOutsideOfPackage("dev.bnn.train.freeze..")
            .should().dependOnClassesThat().resideInAnyPackage(INFER);

    @ArchTest
    static final ArchRule dataDependsOnlyOnCoreAndKernels = noClasses().that().resideInAPackage(DATA)
            .should().dependOnClassesThat().resideInAnyPackage(TRAIN, BENCH, EXAMPLES, INFER);

    @ArchTest
    static final ArchRule benchIsBelowTheCli = noClasses().that().resideInAPackage(BENCH)
            .should().dependOnClassesThat().resideInAnyPackage(EXAMPLES);

    @ArchTest
    static final ArchRule librariesDoNotUseTheCommandLine = noClasses().that().resideOutsideOfPackage(EXAMPLES)
            .should().dependOnClassesThat().resideInAnyPackage("picocli..", "ch.qos.logback..");

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("dev.bnn.(**)").should().beFreeOfCycles();

    /** The deployment module (bnn-infer) stands on bnn-core and bnn-kernels alone: a deploy-only user takes nothing of the trainer. */
    @ArchTest
    static final ArchRule inferenceIsFreeOfTheTrainer = classes().that().resideInAPackage(INFER)
            .should().onlyDependOnClassesThat().resideInAnyPackage(INFER, CORE, KERNELS, "java..");

    /** Leaves out the modules' test-jars (shared test helpers such as {@code dev.bnn.core.testing}). */
    static final class DoNotIncludeTestJars implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return !location.contains("-tests.jar");
        }
    }
}
