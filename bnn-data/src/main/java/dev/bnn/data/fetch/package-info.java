/**
 * Downloads of missing dataset files ({@link dev.bnn.data.fetch.Downloader}): official sources and
 * mirrors ({@link dev.bnn.data.fetch.RemoteFile}), size and SHA-256 checked, written atomically,
 * tar.gz members extracted ({@link dev.bnn.data.fetch.TarGz}).
 */
package dev.bnn.data.fetch;
