/**
 * The example networks of the BinaryConnect and BNN papers, built in one place:
 * {@link dev.bnn.train.recipe.Architectures#mlp} and {@link dev.bnn.train.recipe.Architectures#convNet}
 * in each {@link dev.bnn.train.recipe.Binarization} mode, from a {@link dev.bnn.train.recipe.NetworkOptions}.
 */
package dev.bnn.train.recipe;
