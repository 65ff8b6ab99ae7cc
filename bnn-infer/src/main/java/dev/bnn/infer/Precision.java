package dev.bnn.infer;

/** What flows between two frozen layers: floats, or ±1 values packed as sign bits ({@code BitMatrix} encoding). */
public enum Precision {
    /** 32-bit floats. */
    FLOAT,
    /** ±1 values, one bit each, one row of channel (or feature) bits per pixel (or sample). */
    BITS
}
