package dev.bnn.kernels;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips every test of a surefire execution that asks for a vector width this CPU lacks (e.g. the
 * 512-bit execution on an AVX2 machine): that JVM would fall back to the scalar kernels and only
 * repeat the scalar execution. Registered for all tests through the JUnit extension service file.
 */
public final class VectorWidthCondition implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Integer bits = Integer.getInteger(KernelProvider.TEST_VECTOR_BITS_PROPERTY);
        if (bits == null) {
            return ConditionEvaluationResult.enabled("no vector width requested");
        }
        if (!KernelProvider.vectorModulePresent()) {
            return ConditionEvaluationResult.disabled(bits + "-bit execution skipped: " + KernelProvider.VECTOR_MODULE
                    + " is not in the boot layer");
        }
        int preferred = jdk.incubator.vector.VectorShape.preferredShape().vectorBitSize();
        return bits <= preferred
                ? ConditionEvaluationResult.enabled(bits + "-bit vectors, this CPU has " + preferred)
                : ConditionEvaluationResult.disabled(bits + "-bit execution skipped: this CPU's widest vectors have "
                        + preferred + " bits");
    }
}
