/**
 * Readers of the datasets' official formats: IDX ({@link dev.bnn.data.format.Idx}, MNIST and
 * Fashion-MNIST), the CIFAR-10 binary version ({@link dev.bnn.data.format.Cifar10}) and SVHN's
 * MATLAB level-5 files ({@link dev.bnn.data.format.Svhn}). Every reader checks each header against
 * the file's real size before it allocates and reports a malformed file with a
 * {@link dev.bnn.data.format.DatasetFormatException} that names the file, the byte offset and what
 * was expected versus found.
 */
package dev.bnn.data.format;
