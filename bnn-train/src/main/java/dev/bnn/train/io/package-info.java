/**
 * The model file: {@link dev.bnn.train.io.ModelFile} stores a network's architecture and full
 * training state in the safetensors layout (documented byte by byte in
 * {@code docs/model-format.md}), written atomically through {@link dev.bnn.core.io.AtomicFile};
 * {@link dev.bnn.core.io.ModelFileException} says why a file cannot be loaded. The
 * safetensors layout itself is {@link dev.bnn.core.io.SafeTensors}, shared with the frozen
 * inference file.
 */
package dev.bnn.train.io;
