package dev.bnn.train;

import dev.bnn.core.Dataset;
import dev.bnn.core.Tensor;

/**
 * Reused buffers for mini-batches of one size from one dataset: the example indices, the inputs
 * (batch-first, the dataset's example shape) and the labels. {@link #gather} fills them; nothing is
 * allocated per batch.
 */
public final class Batch {
    private final int[] indices;
    private final int[] labels;
    private final Tensor inputs;

    /** Buffers for batches of {@code size} examples of {@code data}'s shape. */
    public Batch(Dataset data, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + size);
        }
        indices = new int[size];
        labels = new int[size];
        int[] shape = data.inputs().shape();
        shape[0] = size;
        inputs = Tensor.zeros(shape);
    }

    /** Examples per batch. */
    public int size() {
        return indices.length;
    }

    /** Fills the batch with examples {@code order[from .. from + size - 1]} of {@code data}; returns this. */
    public Batch gather(Dataset data, int[] order, int from) {
        System.arraycopy(order, from, indices, 0, indices.length);
        data.gather(indices, inputs, labels);
        return this;
    }

    /** Fills the batch with the consecutive examples {@code from .. from + size - 1} of {@code data}; returns this. */
    public Batch gather(Dataset data, int from) {
        for (int i = 0; i < indices.length; i++) {
            indices[i] = from + i;
        }
        data.gather(indices, inputs, labels);
        return this;
    }

    /** The inputs of the last gather (a buffer reused by the next). */
    public Tensor inputs() {
        return inputs;
    }

    /** The labels of the last gather (a buffer reused by the next). */
    public int[] labels() {
        return labels;
    }
}
