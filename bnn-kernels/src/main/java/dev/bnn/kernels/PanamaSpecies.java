package dev.bnn.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector species of every Vector API kernel in this JVM: {@code static final} constants, so
 * C2 folds them and intrinsifies every vector operation (a species held in a field would force
 * the kernels to learn the vector class from type profiles, and a JVM running two widths would
 * box). Initialized only after {@link PanamaKernelProvider} has checked the width.
 */
final class PanamaSpecies {
    /** The hardware's preferred width, or the narrower one forced by the test-only property. */
    static final int BITS = PanamaKernelProvider.requestedBits();
    static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED.withShape(VectorShape.forBitSize(BITS));
    static final VectorSpecies<Long> LONGS = LongVector.SPECIES_PREFERRED.withShape(VectorShape.forBitSize(BITS));
    static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED.withShape(VectorShape.forBitSize(BITS));

    private PanamaSpecies() {}
}
