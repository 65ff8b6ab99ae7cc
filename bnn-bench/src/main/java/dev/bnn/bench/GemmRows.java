package dev.bnn.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/** {@link GemmResult} rows from JMH results of the GEMM benchmarks. */
public final class GemmRows {
    private GemmRows() {}

    /** One row per result of a GEMM benchmark (results of other benchmarks are ignored). */
    public static List<GemmResult> of(Collection<RunResult> results, String nativeLib, String coreName) {
        List<GemmResult> rows = new ArrayList<>();
        for (RunResult rr : results) {
            GemmKernel kernel;
            try {
                kernel = GemmKernel.byBenchmark(rr.getParams().getBenchmark());
            } catch (IllegalArgumentException e) {
                continue;
            }
            Result<?> primary = rr.getPrimaryResult();
            GemmShape shape = GemmShape.parse(rr.getParams().getParam("shape"));
            int threads = Integer.parseInt(rr.getParams().getParam("threads"));
            String unit = primary.getScoreUnit();
            double ops = GemmResult.opsPerSecond(primary.getScore(), unit);
            double err = GemmResult.opsPerSecondError(primary.getScore(), primary.getScoreError(), unit);
            boolean isNative = kernel == GemmKernel.NETLIB_NATIVE;
            rows.add(new GemmResult(kernel, shape, threads, ops, err, allocPerOp(rr.getSecondaryResults()),
                    isNative ? nativeLib : null, isNative ? coreName : null));
        }
        return rows;
    }

    @SuppressWarnings("rawtypes") // JMH's RunResult.getSecondaryResults() returns raw Result values
    private static double allocPerOp(Map<String, Result> secondary) {
        for (Map.Entry<String, Result> e : secondary.entrySet()) {
            if (e.getKey().endsWith("gc.alloc.rate.norm")) {
                return e.getValue().getScore();
            }
        }
        return Double.NaN;
    }
}
