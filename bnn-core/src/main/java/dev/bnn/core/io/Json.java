package dev.bnn.core.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON for configurations and model-file headers, through Jackson: objects read as
 * {@link LinkedHashMap}s in document order, arrays as {@link ArrayList}s, integers as {@link Long}
 * (beyond the long range as {@link Double}), other numbers as {@link Double}. Writing takes
 * maps, lists, strings, numbers, booleans and null, and writes compact JSON with object entries in
 * map order; a {@link Float} is written as its shortest decimal (0.1f as 0.1), NaN and infinities
 * are rejected (JSON has no representation for them).
 *
 * <p>Model-file headers are untrusted input: the reader rejects duplicate keys, trailing content,
 * nesting deeper than {@value #MAX_DEPTH}, strings longer than {@value #MAX_STRING_LENGTH}
 * characters and numbers longer than {@value #MAX_NUMBER_LENGTH} digits, each with an
 * {@link IllegalArgumentException} that names the offset, line and column.
 */
public final class Json {
    /** Deeper nesting is rejected, so a hostile document cannot exhaust the stack. */
    public static final int MAX_DEPTH = 200;
    /** Longest string value (a checkpoint's epoch history is the longest legitimate one). */
    public static final int MAX_STRING_LENGTH = 16 << 20;
    /** Longest number literal. */
    public static final int MAX_NUMBER_LENGTH = 100;

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_DEPTH)
                            .maxStringLength(MAX_STRING_LENGTH)
                            .maxNumberLength(MAX_NUMBER_LENGTH)
                            .build())
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private Json() {}

    /**
     * Parses one JSON value (surrounding whitespace allowed).
     *
     * @throws IllegalArgumentException naming the offset and what was wrong
     */
    public static Object parse(String text) {
        try {
            return integersAsLongs(MAPPER.readValue(text, Object.class));
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at offset " + Math.max(0, at.getCharOffset()) + " (line " + at.getLineNr()
                    + ", column " + at.getColumnNr() + ")";
            throw new IllegalArgumentException("JSON" + where + ": " + e.getOriginalMessage(), e);
        }
    }

    /** Integers as {@link Long} (beyond its range as {@link Double}), whatever width Jackson chose. */
    @SuppressWarnings("unchecked")
    private static Object integersAsLongs(Object v) {
        if (v instanceof Integer i) {
            return i.longValue();
        }
        if (v instanceof BigInteger b) {
            return b.doubleValue();
        }
        if (v instanceof Map<?, ?> m) {
            ((Map<String, Object>) m).replaceAll((k, x) -> integersAsLongs(x));
        } else if (v instanceof List<?> l) {
            ((List<Object>) l).replaceAll(Json::integersAsLongs);
        }
        return v;
    }

    /** Parses a JSON object. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(String text) {
        Object v = parse(text);
        if (!(v instanceof Map)) {
            throw new IllegalArgumentException("JSON: expected an object, found "
                    + (v == null ? "null" : v.getClass().getSimpleName() + " " + v));
        }
        return (Map<String, Object>) v;
    }

    /** Compact JSON for a map, list, string, number, boolean or null. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(normalize(value));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("JSON: cannot write " + value + ": " + e.getOriginalMessage(), e);
        }
    }

    /** The value with floats as their shortest decimal double; rejects non-finite numbers and other types. */
    private static Object normalize(Object v) {
        return switch (v) {
            case null -> null;
            case String s -> s;
            case Boolean b -> b;
            case Float f -> finite(Double.parseDouble(Float.toString(f)));
            case Double d -> finite(d);
            case Number n -> n;
            case Map<?, ?> m -> {
                Map<String, Object> out = new LinkedHashMap<>();
                m.forEach((k, x) -> {
                    if (!(k instanceof String key)) {
                        throw new IllegalArgumentException("JSON: object keys must be strings, got " + k);
                    }
                    out.put(key, normalize(x));
                });
                yield out;
            }
            case List<?> l -> {
                List<Object> out = new ArrayList<>(l.size());
                l.forEach(x -> out.add(normalize(x)));
                yield out;
            }
            default -> throw new IllegalArgumentException("JSON: cannot write a " + v.getClass().getSimpleName() + ": " + v);
        };
    }

    private static double finite(double d) {
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException("JSON has no representation for " + d);
        }
        return d;
    }
}
