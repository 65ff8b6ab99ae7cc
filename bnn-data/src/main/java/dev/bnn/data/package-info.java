/**
 * Datasets for the example trainers and research code: readers for MNIST and Fashion-MNIST
 * ({@link dev.bnn.data.Idx}), CIFAR-10 ({@link dev.bnn.data.Cifar10}) and SVHN
 * ({@link dev.bnn.data.Svhn}) in their official formats; {@link dev.bnn.data.Datasets}, which finds
 * their files ({@link dev.bnn.data.DataDirectory}) and downloads missing ones with a SHA-256 check
 * ({@link dev.bnn.data.Downloader}); and the papers' preprocessing ({@link dev.bnn.data.PixelScale},
 * {@link dev.bnn.data.GcnZca}), whose state a model file stores.
 *
 * <p>Every reader checks each header against the file's real size before it allocates and reports
 * a malformed file with a {@link dev.bnn.data.DatasetFormatException} that names the file, the byte
 * offset and what was expected versus found.
 */
package dev.bnn.data;
