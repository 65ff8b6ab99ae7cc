/**
 * Datasets for the example trainers and research code: {@link dev.bnn.data.Datasets} finds the
 * files of MNIST, Fashion-MNIST, CIFAR-10 and SVHN ({@link dev.bnn.data.DatasetKind}) in a data
 * directory ({@link dev.bnn.data.DataDirectory}), downloads missing ones with a SHA-256 check, and
 * reads them. The readers of the official formats are in {@link dev.bnn.data.format}, the verified
 * downloads in {@link dev.bnn.data.fetch}, the papers' preprocessing (whose state a model file
 * stores) in {@link dev.bnn.data.preprocess}.
 */
package dev.bnn.data;
