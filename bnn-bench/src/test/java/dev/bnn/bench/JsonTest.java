package dev.bnn.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void stringsAreEscaped() {
        assertEquals("\"plain\"", Json.string("plain"));
        assertEquals("\"a\\\"b\\\\c\"", Json.string("a\"b\\c"));
        assertEquals("\"l1\\nl2\\tx\\r\"", Json.string("l1\nl2\tx\r"));
        assertEquals("\"\\u0001\\b\\f\"", Json.string("\u0001\b\f"));
        assertEquals("\"µs\"", Json.string("µs"));
        assertEquals("null", Json.string(null));
    }

    @Test
    void numbersHaveSixSignificantDigitsAndNoNaN() {
        assertEquals("10.7374", Json.number(10.73741824));
        assertEquals("1234570", Json.number(1234567.0));
        assertEquals("0.000123457", Json.number(0.0001234567));
        assertEquals("2", Json.number(2.0));
        assertEquals("-3.5", Json.number(-3.5));
        assertEquals("0", Json.number(0.0));
        assertEquals("null", Json.number(Double.NaN));
        assertEquals("null", Json.number(Double.POSITIVE_INFINITY));
    }

    @Test
    void rowsHaveTheDocumentedFields() {
        GemmResult binary = new GemmResult(GemmKernel.BINARY, new GemmShape(1024, 1024, 1024), 2, 10.0, 0.5,
                Double.NaN, null, null);
        GemmResult nat = new GemmResult(GemmKernel.NETLIB_NATIVE, new GemmShape(1, 4096, 4096), 1, 1000.0,
                Double.NaN, 0.0, "/lib/libopenblas.so (\"x\")", "SkylakeX");
        assertEquals("[\n"
                + "  {\"kernel\": \"binary\", \"m\": 1024, \"k\": 1024, \"n\": 1024, \"threads\": 2, \"gops\": 10.7374,"
                + " \"gops_error\": 0.536871, \"ops_per_s\": 10, \"ops_per_s_error\": 0.5, \"alloc_bytes_per_op\": null,"
                + " \"native_lib\": null, \"coretype\": null},\n"
                + "  {\"kernel\": \"netlib-native\", \"m\": 1, \"k\": 4096, \"n\": 4096, \"threads\": 1, \"gops\": 16.7772,"
                + " \"gops_error\": null, \"ops_per_s\": 1000, \"ops_per_s_error\": null, \"alloc_bytes_per_op\": 0,"
                + " \"native_lib\": \"/lib/libopenblas.so (\\\"x\\\")\", \"coretype\": \"SkylakeX\"}\n"
                + "]", Json.rows(List.of(binary, nat)));
        assertEquals("[]", Json.rows(List.of()));
    }
}
