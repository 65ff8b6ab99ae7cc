package dev.bnn.kernels;

/**
 * The shape of a 2-d convolution over NHWC images: input height x width x channels, a
 * kernelHeight x kernelWidth window moved by {@code stride}, and {@code padding} rows/columns
 * added on every side. Output size: outHeight = (height + 2 padding - kernelHeight) / stride + 1,
 * and likewise for the width.
 *
 * <p>Every derived size (padded size, output positions, patch size, pixels per image) is checked
 * with exact arithmetic: a geometry whose sizes do not fit in an int is rejected here rather than
 * overflowing later.
 */
public record ConvGeometry(int height, int width, int channels, int kernelHeight, int kernelWidth,
                           int stride, int padding) {

    public ConvGeometry {
        if (height < 1 || width < 1 || channels < 1 || kernelHeight < 1 || kernelWidth < 1 || stride < 1
                || padding < 0) {
            throw new IllegalArgumentException("bad convolution geometry: " + describe(height, width, channels,
                    kernelHeight, kernelWidth, stride, padding));
        }
        String what = describe(height, width, channels, kernelHeight, kernelWidth, stride, padding);
        long paddedHeight = (long) height + 2L * padding;
        long paddedWidth = (long) width + 2L * padding;
        exactInt("padded height of " + what, paddedHeight);
        exactInt("padded width of " + what, paddedWidth);
        if (paddedHeight < kernelHeight || paddedWidth < kernelWidth) {
            throw new IllegalArgumentException("kernel larger than the padded input: " + what);
        }
        long outH = (paddedHeight - kernelHeight) / stride + 1;
        long outW = (paddedWidth - kernelWidth) / stride + 1;
        exactInt("output positions (" + outH + " x " + outW + ") of " + what, outH * outW);
        exactInt("patch size (" + kernelHeight + " x " + kernelWidth + " x " + channels + ") of " + what,
                (long) kernelHeight * kernelWidth * channels);
        exactInt("entries per image (" + height + " x " + width + " x " + channels + ") of " + what,
                (long) height * width * channels);
    }

    /** A square kernel with "same" padding (kernel / 2) and stride 1, as in the BNN ConvNets. */
    public static ConvGeometry same(int height, int width, int channels, int kernel) {
        return new ConvGeometry(height, width, channels, kernel, kernel, 1, kernel / 2);
    }

    public int outHeight() {
        return (height + 2 * padding - kernelHeight) / stride + 1;
    }

    public int outWidth() {
        return (width + 2 * padding - kernelWidth) / stride + 1;
    }

    /** Output positions per image: outHeight * outWidth. */
    public int outPositions() {
        return outHeight() * outWidth();
    }

    /** Length of one patch row: kernelHeight * kernelWidth * channels, ordered (ky, kx, c). */
    public int patchSize() {
        return kernelHeight * kernelWidth * channels;
    }

    @Override
    public String toString() {
        return describe(height, width, channels, kernelHeight, kernelWidth, stride, padding);
    }

    /** {@code value} as an int, or an IllegalArgumentException saying that {@code what} overflows. */
    static int exactInt(String what, long value) {
        if (value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(what + " is " + value + ", more than an int holds ("
                    + Integer.MAX_VALUE + ")");
        }
        return (int) value;
    }

    private static String describe(int h, int w, int c, int kh, int kw, int stride, int padding) {
        return h + "x" + w + "x" + c + " input, " + kh + "x" + kw + " kernel, stride " + stride + ", padding " + padding;
    }
}
