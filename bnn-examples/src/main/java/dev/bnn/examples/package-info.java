/**
 * The {@code bnn} command line, run by the {@code ./bnn} launcher at the repository root:
 * example trainers, the kernel self-check and the benchmarks.
 */
package dev.bnn.examples;
