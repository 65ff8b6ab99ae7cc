package dev.bnn.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bnn.core.io.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class GemmResultJsonTest {
    @Test
    void rowsHaveTheDocumentedFieldsWithSixSignificantDigits() {
        GemmResult binary = new GemmResult(GemmKernel.BINARY, new GemmShape(1024, 1024, 1024), 2, 10.0, 0.5,
                Double.NaN, null, null);
        GemmResult nat = new GemmResult(GemmKernel.NETLIB_NATIVE, new GemmShape(1, 4096, 4096), 1, 1234567.0,
                Double.NaN, 0.0, "/lib/libopenblas.so (\"x\")", "SkylakeX");
        assertEquals("[{\"kernel\":\"binary\",\"m\":1024,\"k\":1024,\"n\":1024,\"threads\":2,\"gops\":10.7374,"
                + "\"gops_error\":0.536871,\"ops_per_s\":10.0,\"ops_per_s_error\":0.5,\"alloc_bytes_per_op\":null,"
                + "\"native_lib\":null,\"coretype\":null},"
                + "{\"kernel\":\"netlib-native\",\"m\":1,\"k\":4096,\"n\":4096,\"threads\":1,\"gops\":20712.6,"
                + "\"gops_error\":null,\"ops_per_s\":1234570.0,\"ops_per_s_error\":null,\"alloc_bytes_per_op\":0.0,"
                + "\"native_lib\":\"/lib/libopenblas.so (\\\"x\\\")\",\"coretype\":\"SkylakeX\"}]",
                Json.write(List.of(binary.toMap(), nat.toMap())));
    }
}
