package dev.bnn.bench;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One measured row: a kernel at one shape and thread count.
 *
 * @param opsPerSecond        JMH score converted to products per second
 * @param opsPerSecondError   JMH's 99.9% confidence half-width, same unit (NaN with one iteration)
 * @param allocBytesPerOp     {@code gc.alloc.rate.norm} in bytes per product, NaN unless profiled
 * @param nativeLib           netlib-native only: the BLAS library that loaded, else null
 * @param coreType            netlib-native on OpenBLAS only: the kernel set (core) in use, else null
 */
public record GemmResult(GemmKernel kernel, GemmShape shape, int threads, double opsPerSecond,
                         double opsPerSecondError, double allocBytesPerOp, String nativeLib, String coreType) {

    /**
     * The row as JSON-able data ({@code dev.bnn.core.io.Json}): {@code kernel, m, k, n, threads,
     * gops, gops_error, ops_per_s, ops_per_s_error, alloc_bytes_per_op, native_lib, coretype}; measured
     * numbers to 6 significant digits, unknown values null.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kernel", kernel.id());
        m.put("m", shape.m());
        m.put("k", shape.k());
        m.put("n", shape.n());
        m.put("threads", threads);
        m.put("gops", significant(gops()));
        m.put("gops_error", significant(gopsError()));
        m.put("ops_per_s", significant(opsPerSecond));
        m.put("ops_per_s_error", significant(opsPerSecondError));
        m.put("alloc_bytes_per_op", significant(allocBytesPerOp));
        m.put("native_lib", nativeLib);
        m.put("coretype", coreType);
        return m;
    }

    /** x to 6 significant digits, or null for NaN and infinities. */
    static Double significant(double x) {
        return Double.isFinite(x) ? new BigDecimal(x).round(new MathContext(6)).doubleValue() : null;
    }

    /** Billions of multiply-accumulates per second: M K N ops/s / 1e9. */
    public double gops() {
        return gops(shape, opsPerSecond);
    }

    /** The confidence half-width of {@link #gops()}. */
    public double gopsError() {
        return gops(shape, opsPerSecondError);
    }

    /** M K N {@code opsPerSecond} / 1e9. */
    public static double gops(GemmShape shape, double opsPerSecond) {
        return opsPerSecond * shape.macs() / 1e9;
    }

    /**
     * A JMH score in {@code unit} ("ops/s", "ops/ms", "ops/us", "ops/ns", "ops/min", or the
     * time per op "s/op", "ms/op", "us/op", "ns/op", "min/op") as products per second.
     */
    public static double opsPerSecond(double score, String unit) {
        String u = unit.trim().toLowerCase(Locale.ROOT);
        if (u.startsWith("ops/")) {
            return score / seconds(u.substring(4), unit);
        }
        if (u.endsWith("/op")) {
            return 1.0 / (score * seconds(u.substring(0, u.length() - 3), unit));
        }
        throw new IllegalArgumentException("unknown JMH score unit '" + unit + "'");
    }

    /**
     * The error of a score in {@code unit} as an error in ops/s. For time per op the interval
     * is not symmetric after 1/t; this takes the first-order width err / t^2.
     */
    public static double opsPerSecondError(double score, double error, String unit) {
        String u = unit.trim().toLowerCase(Locale.ROOT);
        if (u.startsWith("ops/")) {
            return opsPerSecond(error, unit);
        }
        double perSecond = opsPerSecond(score, unit);
        return perSecond * (error / score);
    }

    private static double seconds(String timeUnit, String unit) {
        return switch (timeUnit) {
            case "ns" -> 1e-9;
            case "us", "\u00b5s" -> 1e-6;
            case "ms" -> 1e-3;
            case "s" -> 1.0;
            case "min" -> 60.0;
            default -> throw new IllegalArgumentException("unknown JMH score unit '" + unit + "'");
        };
    }
}
