package dev.bnn.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void roundTripsNestedValuesInOrder() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "Sequential");
        m.put("seed", 1234567890123456789L);
        m.put("momentum", 0.1);
        m.put("eps", 1.0E-4);
        m.put("on", true);
        m.put("none", null);
        m.put("layers", List.of(Map.of("type", "Dense"), List.of(), 3L));
        m.put("text", "quote \" backslash \\ newline \n tab \t bell \u0007 é");
        String json = Json.write(m);
        assertEquals(m, Json.parse(json));
        assertEquals(List.copyOf(m.keySet()), List.copyOf(Json.parseObject(json).keySet()));
    }

    @Test
    void writesCompactJsonWithShortestFloats() {
        assertEquals("{\"a\":[1,0.1,-2.5E-7,\"x\"],\"b\":false}",
                Json.write(new LinkedHashMap<>(Map.of("a", List.of(1, 0.1f, -2.5e-7), "b", false)) {
                    {
                        clear();
                        put("a", List.of(1, 0.1f, -2.5e-7, "x"));
                        put("b", false);
                    }
                }));
        assertThrows(IllegalArgumentException.class, () -> Json.write(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Json.write(new Object()));
    }

    @Test
    void readsTheNumberGrammar() {
        assertEquals(-0L, Json.parse("-0"));
        assertEquals(12L, Json.parse(" 12 "));
        assertEquals(1.5e300, Json.parse("1.5E+300"));
        assertEquals(0.25, Json.parse("0.25"));
        assertEquals(1e20, Json.parse("100000000000000000000"));
        assertEquals("\u00e9A/", Json.parse("\"\\u00e9\\u0041\\/\""));
    }

    @Test
    void malformedInputNamesTheOffset() {
        for (String bad : new String[] {"", "{", "{\"a\" 1}", "[1,]", "01", "1.", "tru", "\"abc", "{\"a\":1,\"a\":2}",
            "{\"a\":1} x", "\"\\q\"", "-", "[1 2]", "{1:2}"}) {
            Exception e = assertThrows(IllegalArgumentException.class, () -> Json.parse(bad), bad);
            assertTrue(e.getMessage().matches("(?s)JSON at offset \\d+ \\(line \\d+, column \\d+\\): .*"), e.getMessage());
        }
        Exception dup = assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\":1,\"a\":2}"));
        assertTrue(dup.getMessage().contains("Duplicate field 'a'"), dup.getMessage());
    }

    @Test
    void deepNestingIsAnErrorNotAStackOverflow() {
        char[] open = new char[100_000];
        Arrays.fill(open, '[');
        Exception e = assertThrows(IllegalArgumentException.class, () -> Json.parse(new String(open)));
        assertTrue(e.getMessage().contains("nesting depth"), e.getMessage());
        List<Object> nested = new ArrayList<>();
        Object v = nested;
        for (int i = 1; i < Json.MAX_DEPTH; i++) { // MAX_DEPTH arrays in all
            v = List.of(v);
        }
        assertEquals(v, Json.parse(Json.write(v)));
    }

    @Test
    void overlongStringsAndNumbersAreRejected() {
        String digits = "1".repeat(Json.MAX_NUMBER_LENGTH + 1);
        Exception n = assertThrows(IllegalArgumentException.class, () -> Json.parse(digits));
        assertTrue(n.getMessage().contains("Number value length"), n.getMessage());
        String text = "\"" + "a".repeat(Json.MAX_STRING_LENGTH + 1) + "\"";
        Exception s = assertThrows(IllegalArgumentException.class, () -> Json.parse(text));
        assertTrue(s.getMessage().contains("String value length"), s.getMessage());
    }
}
