/**
 * The model file: {@link dev.bnn.train.io.ModelFile} stores a network's architecture and full
 * training state in the safetensors layout (documented byte by byte in
 * {@code docs/model-format.md}), written atomically through {@link dev.bnn.core.io.AtomicFile};
 * {@link dev.bnn.train.io.ModelFileException} says why a file cannot be loaded. {@link
 * dev.bnn.train.io.Json} is the small JSON reader and writer the header needs.
 */
package dev.bnn.train.io;
