package dev.bnn.core.testing;

import dev.bnn.core.Tensor;
import java.util.Arrays;

/** Views at awkward offsets for tests of code that must read and write only a tensor's window. */
public final class TensorViews {
    private TensorViews() {}

    /**
     * A view holding a copy of {@code t}, {@code before} entries into an array with {@code after}
     * more entries past it; every entry outside the window is NaN, so a stray read shows up in
     * the result and a stray write in {@link #assertOutsideUnchanged}.
     */
    public static Tensor embed(Tensor t, int before, int after) {
        float[] big = new float[before + t.size() + after];
        Arrays.fill(big, Float.NaN);
        Tensor view = Tensor.view(big, before, t.shape());
        view.copyFrom(t);
        return view;
    }

    /** Fails if an entry of view's array outside its window differs (bitwise) from {@code before}. */
    public static void assertOutsideUnchanged(String what, float[] before, Tensor view) {
        float[] now = view.data();
        for (int x = 0; x < now.length; x++) {
            boolean outside = x < view.offset() || x >= view.offset() + view.size();
            if (outside && Float.floatToRawIntBits(before[x]) != Float.floatToRawIntBits(now[x])) {
                throw new AssertionError(what + ": entry " + x + " outside the window " + view.offset() + ".."
                        + (view.offset() + view.size() - 1) + " was written (" + before[x] + " -> " + now[x] + ")");
            }
        }
    }
}
