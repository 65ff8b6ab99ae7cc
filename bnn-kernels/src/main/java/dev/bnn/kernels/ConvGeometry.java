package dev.bnn.kernels;

/**
 * The shape of a 2-d convolution over NHWC images: input height x width x channels, a
 * kernelHeight x kernelWidth window moved by {@code stride}, and {@code padding} rows/columns
 * added on every side. Output size: outHeight = (height + 2 padding - kernelHeight) / stride + 1,
 * and likewise for the width.
 */
public record ConvGeometry(int height, int width, int channels, int kernelHeight, int kernelWidth,
                           int stride, int padding) {

    public ConvGeometry {
        if (height < 1 || width < 1 || channels < 1 || kernelHeight < 1 || kernelWidth < 1 || stride < 1
                || padding < 0) {
            throw new IllegalArgumentException("bad convolution geometry: " + describe(height, width, channels,
                    kernelHeight, kernelWidth, stride, padding));
        }
        if (height + 2 * padding < kernelHeight || width + 2 * padding < kernelWidth) {
            throw new IllegalArgumentException("kernel larger than the padded input: " + describe(height, width,
                    channels, kernelHeight, kernelWidth, stride, padding));
        }
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

    private static String describe(int h, int w, int c, int kh, int kw, int stride, int padding) {
        return h + "x" + w + "x" + c + " input, " + kh + "x" + kw + " kernel, stride " + stride + ", padding " + padding;
    }
}
