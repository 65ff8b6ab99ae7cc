package dev.bnn.bench;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;

/** The JSON form of {@link GemmResult} rows, written by hand (one object per row, in an array). */
public final class Json {
    private Json() {}

    /** A JSON array of the rows, one object per line. */
    public static String rows(List<GemmResult> rows) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < rows.size(); i++) {
            sb.append(i == 0 ? "\n  " : ",\n  ").append(row(rows.get(i)));
        }
        return sb.append(rows.isEmpty() ? "]" : "\n]").toString();
    }

    /**
     * One row: {@code {"kernel": ..., "m": ..., "k": ..., "n": ..., "threads": ..., "gops": ...,
     * "gops_error": ..., "ops_per_s": ..., "ops_per_s_error": ..., "alloc_bytes_per_op": ...,
     * "native_lib": ..., "coretype": ...}}; unknown values are null.
     */
    public static String row(GemmResult r) {
        return "{\"kernel\": " + string(r.kernel().id())
                + ", \"m\": " + r.shape().m()
                + ", \"k\": " + r.shape().k()
                + ", \"n\": " + r.shape().n()
                + ", \"threads\": " + r.threads()
                + ", \"gops\": " + number(r.gops())
                + ", \"gops_error\": " + number(r.gopsError())
                + ", \"ops_per_s\": " + number(r.opsPerSecond())
                + ", \"ops_per_s_error\": " + number(r.opsPerSecondError())
                + ", \"alloc_bytes_per_op\": " + number(r.allocBytesPerOp())
                + ", \"native_lib\": " + string(r.nativeLib())
                + ", \"coretype\": " + string(r.coreType())
                + "}";
    }

    /** A JSON number with 6 significant digits, or {@code null} for NaN and infinities. */
    public static String number(double x) {
        if (!Double.isFinite(x)) {
            return "null";
        }
        if (x == 0) {
            return "0";
        }
        return new BigDecimal(x).round(new MathContext(6)).stripTrailingZeros().toPlainString();
    }

    /** A JSON string literal, or {@code null}. */
    public static String string(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (ch < 0x20) {
                        sb.append(String.format("\\u%04x", (int) ch));
                    } else {
                        sb.append(ch);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
