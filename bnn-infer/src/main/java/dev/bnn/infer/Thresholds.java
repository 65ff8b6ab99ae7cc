package dev.bnn.infer;

import dev.bnn.core.io.SafeTensors.DType;
import dev.bnn.core.io.SafeTensors.Entry;
import dev.bnn.kernels.SignThresholds;
import java.util.Map;

/** How a layer stores {@link SignThresholds}: {@code threshold} (I32 [n]) and {@code negate} (U8 [n], 0 or 1). */
final class Thresholds {
    private Thresholds() {}

    static void put(SignThresholds t, Map<String, Entry> tensors) {
        int n = t.columns();
        int[] threshold = new int[n];
        byte[] negate = new byte[n];
        for (int j = 0; j < n; j++) {
            threshold[j] = t.threshold(j);
            negate[j] = (byte) (t.negated(j) ? 1 : 0);
        }
        tensors.put("threshold", Entry.i32(threshold, n));
        tensors.put("negate", Entry.u8(negate, n));
    }

    static SignThresholds read(Map<String, Entry> tensors, int n) {
        int[] threshold = FrozenLayer.require(tensors, "threshold", DType.I32, n).ints();
        byte[] negate = FrozenLayer.require(tensors, "negate", DType.U8, n).bytes();
        boolean[] flags = new boolean[n];
        for (int j = 0; j < n; j++) {
            if (negate[j] != 0 && negate[j] != 1) {
                throw new IllegalArgumentException("tensor 'negate' holds " + (negate[j] & 0xff) + " at " + j + ", not 0 or 1");
            }
            flags[j] = negate[j] == 1;
        }
        return new SignThresholds(threshold, flags);
    }
}
