package dev.bnn.kernels;

import dev.bnn.core.BitMatrix;

/** Scalar reference for {@link BitPackingSupport}: one comparison per value. */
final class ScalarBitPacking implements BitPackingSupport {

    @Override
    public float pack(float[] src, int srcOffset, BitMatrix out, int rowStart, int rowEnd) {
        int cols = out.cols();
        int wpr = out.wordsPerRow();
        long[] words = out.words();
        float maxAbs = 0f;
        for (int r = rowStart; r < rowEnd; r++) {
            for (int w = 0; w < wpr; w++) {
                long word = 0;
                int base = srcOffset + r * cols + w * 64;
                int bits = Math.min(64, cols - w * 64);
                for (int c = 0; c < bits; c++) {
                    if (src[base + c] < 0f) {
                        word |= 1L << c;
                    }
                    maxAbs = Math.max(maxAbs, Math.abs(src[base + c]));
                }
                words[r * wpr + w] = word;
            }
        }
        return maxAbs;
    }
}
