package dev.bnn.core.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reading and writing module configurations ({@link Module#config()}): ordered maps of JSON-able
 * values. Floats are stored as the shortest decimal that reads back to the same float
 * (0.1f is written 0.1, not 0.10000000149011612); seeds as longs. Readers accept any
 * {@link Number} (a JSON parser may give Integer, Long, Double or BigDecimal) and a seed also as a
 * decimal string, and name the type and key of a missing or mistyped entry.
 */
public final class Config {
    private Config() {}

    /** {"type": type, k1: v1, k2: v2, ...}; floats become their shortest decimal double. */
    public static Map<String, Object> of(String type, Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("config of " + type + ": keys and values must come in pairs");
        }
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("type", type);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            Object v = keysAndValues[i + 1];
            c.put((String) keysAndValues[i], v instanceof Float f ? Double.parseDouble(Float.toString(f)) : v);
        }
        return c;
    }

    /** The "type" entry. */
    public static String type(Map<String, ?> c) {
        return string(c, "type");
    }

    public static int integer(Map<String, ?> c, String key) {
        Number n = get(c, key, Number.class);
        if (n.doubleValue() != Math.rint(n.doubleValue()) || Math.abs(n.doubleValue()) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(where(c, key) + " must be an int, got " + n);
        }
        return n.intValue();
    }

    public static float real(Map<String, ?> c, String key) {
        return get(c, key, Number.class).floatValue();
    }

    /** A double, for hyperparameters kept in double precision (learning rates, betas). */
    public static double number(Map<String, ?> c, String key) {
        return get(c, key, Number.class).doubleValue();
    }

    public static boolean bool(Map<String, ?> c, String key) {
        return get(c, key, Boolean.class);
    }

    public static String string(Map<String, ?> c, String key) {
        return get(c, key, String.class);
    }

    /** A seed: a long, or a decimal string (for JSON readers that turn big integers into doubles). */
    public static long seed(Map<String, ?> c, String key) {
        Object v = get(c, key, Object.class);
        if (v instanceof String s) {
            return Long.parseLong(s);
        }
        if (v instanceof Long || v instanceof Integer) {
            return ((Number) v).longValue();
        }
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && Math.abs(n.doubleValue()) < 0x1p53) {
            return n.longValue();
        }
        throw new IllegalArgumentException(where(c, key) + " must be an integer seed, got " + v);
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Map<String, ?> c, String key) {
        return get(c, key, Map.class);
    }

    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> list(Map<String, ?> c, String key) {
        return get(c, key, List.class);
    }

    /** True when the entry is present and not null. */
    public static boolean has(Map<String, ?> c, String key) {
        return c.get(key) != null;
    }

    private static <T> T get(Map<String, ?> c, String key, Class<T> type) {
        Object v = c.get(key);
        if (v == null) {
            throw new IllegalArgumentException(where(c, key) + " is missing");
        }
        if (!type.isInstance(v)) {
            throw new IllegalArgumentException(where(c, key) + " must be a " + type.getSimpleName() + ", got "
                    + v.getClass().getSimpleName() + " " + v);
        }
        return type.cast(v);
    }

    private static String where(Map<String, ?> c, String key) {
        return "config of " + c.get("type") + ": entry '" + key + "'";
    }
}
