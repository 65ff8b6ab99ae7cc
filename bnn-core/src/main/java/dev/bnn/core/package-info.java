/**
 * The data types every other bnn module shares: {@link dev.bnn.core.Tensor} (dense float32,
 * row-major), {@link dev.bnn.core.BitMatrix} (rows of sign bits packed into {@code long} words,
 * the encoding is written down there once) and {@link dev.bnn.core.Seeds} (explicitly seeded
 * random generators; bnn has no global random state).
 */
package dev.bnn.core;
