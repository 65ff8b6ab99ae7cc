package dev.bnn.train.recipe;

/** What a network binarizes. */
public enum Binarization {
    /** Binary weights and sign activations: every weighted layer after the first reads ±1 with the XNOR-popcount kernel. */
    BNN,
    /** BinaryConnect: binary weights, real-valued (hard tanh) activations. */
    BC,
    /** No binarization: float layers and hard tanh, the baseline. */
    FLOAT
}
