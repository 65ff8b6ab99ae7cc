/**
 * The {@code bnn} command line, run by the {@code ./bnn} launcher at the repository root:
 * {@link dev.bnn.examples.Main}; the commands are in {@link dev.bnn.examples.cli}, the example
 * networks' presets and recipes in {@link dev.bnn.examples.presets}.
 */
package dev.bnn.examples;
