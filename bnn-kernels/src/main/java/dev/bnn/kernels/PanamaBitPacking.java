package dev.bnn.kernels;

import dev.bnn.core.BitMatrix;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API sign packing: bit c of a word = (x_c &lt; 0), assembled from
 * {@code compare(LT, 0).toLong()} of {@code FLOATS.length()} floats at a time (the JVM-wide
 * species, {@link PanamaSpecies#FLOATS}).
 *
 * <p>-0.0f &lt; 0 is false, so -0.0 packs to 0 (+1) as sign(0) = +1 requires. NaN compares false
 * with everything, so NaN (of either sign bit) packs to 0 (+1), exactly like the scalar
 * reference's {@code x < 0f}.
 */
final class PanamaBitPacking implements BitPackingSupport {
    private static final VectorSpecies<Float> FLOATS = PanamaSpecies.FLOATS;

    @Override
    public float pack(float[] src, int srcOffset, BitMatrix out, int rowStart, int rowEnd) {
        VectorSpecies<Float> s = FLOATS;
        int lanes = s.length();
        int cols = out.cols();
        int wpr = out.wordsPerRow();
        long[] words = out.words();
        // Lane-wise max |x| (Math.max semantics: a NaN lane stays NaN), reduced once at the end.
        FloatVector maxAbs = FloatVector.zero(s);
        float tailMax = 0f;
        for (int r = rowStart; r < rowEnd; r++) {
            int rowBase = srcOffset + r * cols;
            for (int w = 0; w < wpr; w++) {
                int base = rowBase + w * 64;
                // The last word of a row may be partial; its bits past cols stay 0 (padding).
                int bits = Math.min(64, cols - w * 64);
                long word = 0;
                int c = 0;
                // lanes (at most 64 at any width up to 2048 bits) divides 64, so chunks never straddle words.
                for (; c + lanes <= bits; c += lanes) {
                    FloatVector v = FloatVector.fromArray(s, src, base + c);
                    word |= v.compare(VectorOperators.LT, 0f).toLong() << c;
                    maxAbs = maxAbs.max(v.abs());
                }
                // Scalar tail: fewer than `lanes` values left in a partial last word.
                for (; c < bits; c++) {
                    if (src[base + c] < 0f) {
                        word |= 1L << c;
                    }
                    tailMax = Math.max(tailMax, Math.abs(src[base + c]));
                }
                words[r * wpr + w] = word;
            }
        }
        return Math.max(tailMax, maxAbs.reduceLanes(VectorOperators.MAX));
    }
}
