package dev.bnn.data.format;

/** How much memory a dataset reader may allocate for one file. */
public final class DataLimits {
    private DataLimits() {}

    /** The system property that sets {@link #maxBytes()}, in bytes ({@code bnn ... --max-data-mb} sets it). */
    public static final String MAX_BYTES_PROPERTY = "bnn.data.maxBytes";

    /**
     * The most bytes one read of a data file may allocate: the property {@value #MAX_BYTES_PROPERTY},
     * else an eighth of the JVM's maximum heap (the bytes, then the floats of the dataset, four bytes
     * each, must fit with room to train). A header that claims more (a valid-looking file, or a
     * gzip file that inflates to gigabytes) is refused in one line before the memory runs out.
     */
    public static long maxBytes() {
        String p = System.getProperty(MAX_BYTES_PROPERTY);
        if (p != null) {
            try {
                return Long.parseLong(p.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(MAX_BYTES_PROPERTY + " is '" + p + "', not a number of bytes", e);
            }
        }
        return Runtime.getRuntime().maxMemory() / 8;
    }
}
