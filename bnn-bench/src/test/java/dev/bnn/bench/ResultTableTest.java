package dev.bnn.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResultTableTest {
    @Test
    void ratiosAreBinaryOverTheOtherKernelAtTheSameShapeAndThreads() {
        GemmShape s = GemmShape.SQUARE_1024;
        List<GemmResult> rows = List.of(
                new GemmResult(GemmKernel.BINARY, s, 1, 30.0, 1, 0.0, null, null),
                new GemmResult(GemmKernel.FLOAT, s, 1, 10.0, 1, 0.0, null, null),
                new GemmResult(GemmKernel.NETLIB_NATIVE, s, 1, 20.0, 1, Double.NaN, "lib", "SkylakeX"),
                new GemmResult(GemmKernel.BINARY, s, 2, 60.0, 1, Double.NaN, null, null));
        String table = ResultTable.format(rows);
        String[] lines = table.split("\n");
        assertTrue(lines[1].contains("binary") && lines[1].contains("float") && lines[1].contains("netlib-native"), table);
        assertTrue(lines[2].startsWith("1024x1024x1024     1") && lines[2].contains("3.00x") && lines[2].contains("1.50x"), table);
        assertTrue(lines[3].startsWith("1024x1024x1024     2") && lines[3].endsWith("-"), table);
        assertTrue(table.contains("bytes/op"), table);
    }

    @Test
    void fusedOutputAndBackwardRatiosAppearOnlyWhenBothKernelsWereMeasured() {
        GemmShape s = GemmShape.MLP_HIDDEN;
        List<GemmResult> rows = List.of(
                new GemmResult(GemmKernel.BINARY, s, 1, 40.0, 1, Double.NaN, null, null),
                new GemmResult(GemmKernel.BINARY_THRESHOLD, s, 1, 36.0, 1, Double.NaN, null, null),
                new GemmResult(GemmKernel.BINARY_WEIGHT_TRANS_A, s, 1, 5.0, 1, Double.NaN, null, null),
                new GemmResult(GemmKernel.FLOAT_TRANS_A, s, 1, 4.0, 1, Double.NaN, null, null));
        String[] lines = ResultTable.format(rows).split("\n");
        assertTrue(lines[1].contains("thresh/bin") && lines[1].contains("bwT/floatT"), lines[1]);
        assertTrue(!lines[1].contains("bin/float") && !lines[1].contains("scaled/bin"), lines[1]);
        assertTrue(lines[2].contains("0.90x") && lines[2].endsWith("1.25x"), lines[2]);
    }
}
