/**
 * The six example presets of {@code bnn train --model} (bnn, bc and float; MLP and ConvNet), their
 * per-dataset defaults and the papers' recipes, and the {@link dev.bnn.examples.presets.Recipe}
 * that a run trains with.
 */
package dev.bnn.examples.presets;
