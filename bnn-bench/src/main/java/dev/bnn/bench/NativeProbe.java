package dev.bnn.bench;

/**
 * Whether netlib's NativeBLAS loads in this JVM, and what it loaded (for the {@code
 * netlib-native} rows and the run's environment lines).
 *
 * @param libraries the loaded libraries, or null when unavailable
 * @param coreName  OpenBLAS's core, or null
 */
record NativeProbe(boolean available, String libraries, String coreName, String description) {
    static NativeProbe run() {
        try {
            NetlibBlas.nativeBlas();
        } catch (RuntimeException | LinkageError e) {
            return new NativeProbe(false, null, null, "not available (" + e.getMessage()
                    + "); install a system BLAS, e.g. apt-get install libopenblas0-pthread");
        }
        NativeBlasInfo info = NativeBlasInfo.probe();
        String desc = info.describe() + (info.isOpenBlas() ? ", OpenBLAS core " + info.coreName() : "");
        return new NativeProbe(true, info.describe(), info.coreName(), desc);
    }
}
