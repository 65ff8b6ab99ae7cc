package dev.bnn.train.layers;

/**
 * How a convolution pads the border of its input. A BNN-mode convolution (±1 input, packed bits)
 * pads with +1 by default, since a bit has no zero; {@link BinaryConv2d.Builder#zeroPadding()}
 * computes zero padding instead by subtracting a correction. A real-valued input is zero padded.
 */
public enum PaddingMode {
    /** The ±1 input padded with +1 (BNN mode's default). */
    PLUS_ONE,
    /** Zero padding: of a real-valued input, or in BNN mode by subtracting a precomputed correction. */
    ZERO
}
