package dev.bnn.core;

import java.util.Arrays;
import java.util.Objects;

/**
 * A labelled data set held in memory: {@code inputs} is batch-first (N x F, or N x H x W x C
 * images, channels last) and {@code labels[i]} in [0, classes) is the class of example i.
 * Loaders in {@code dev.bnn.data} produce it; the trainer consumes it.
 */
public record Dataset(String name, Tensor inputs, int[] labels, int classes) {

    public Dataset {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(labels, "labels");
        if (inputs.rank() < 1 || inputs.dim(0) != labels.length) {
            throw new ShapeMismatchException("dataset " + name + ": inputs have shape "
                    + ShapeMismatchException.format(inputs.shape()) + " but there are " + labels.length + " labels");
        }
        if (classes < 1) {
            throw new IllegalArgumentException("dataset " + name + ": class count must be positive, got " + classes);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("dataset " + name + ": label " + labels[i] + " of example " + i
                        + " is outside [0, " + classes + ")");
            }
        }
    }

    /** Number of examples. */
    public int size() {
        return labels.length;
    }

    /** The shape of one example (the input shape without the batch dimension). */
    public int[] exampleShape() {
        int[] s = inputs.shape();
        return Arrays.copyOfRange(s, 1, s.length);
    }

    /** Examples {@code from .. to-1} as a view (no copy of the inputs), e.g. the last 10,000 of MNIST's training set for validation. */
    public Dataset slice(String name, int from, int to) {
        return new Dataset(name, inputs.slice(from, to), Arrays.copyOfRange(labels, from, to), classes);
    }

    /**
     * Copies the examples {@code indices} (a mini-batch of a shuffled epoch) into {@code batch},
     * whose first dimension is {@code indices.length}, and their labels into {@code batchLabels}.
     */
    public void gather(int[] indices, Tensor batch, int[] batchLabels) {
        int n = indices.length;
        int[] expected = inputs.shape();
        expected[0] = n;
        batch.requireShape("gather: batch of dataset " + name, expected);
        if (batchLabels.length != n) {
            throw new ShapeMismatchException("gather: " + n + " indices but the label buffer has " + batchLabels.length);
        }
        int stride = n == 0 ? 0 : batch.size() / n;
        float[] src = inputs.data();
        float[] dst = batch.data();
        for (int b = 0; b < n; b++) {
            int i = Objects.checkIndex(indices[b], labels.length);
            System.arraycopy(src, inputs.offset() + i * stride, dst, batch.offset() + b * stride, stride);
            batchLabels[b] = labels[i];
        }
    }

    @Override
    public String toString() {
        return "Dataset(" + name + ", " + size() + " examples of " + ShapeMismatchException.format(exampleShape())
                + ", " + classes + " classes)";
    }
}
