package dev.bnn.data.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bnn.core.Dataset;
import dev.bnn.data.DataFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Cifar10Test {
    @TempDir
    Path dir;

    @Test
    void readsBatchesInOrderWithChannelsLast() throws IOException {
        Path a = DataFiles.write(dir.resolve("data_batch_1.bin"), DataFiles.cifarRecords(6, 9));
        byte[] second = DataFiles.cifarRecords(4, 1, 0);
        Path b = DataFiles.write(dir.resolve("data_batch_2.bin"), second);
        Dataset d = Cifar10.read("c", List.of(a, b));
        assertArrayEquals(new int[] {5, 32, 32, 3}, d.inputs().shape());
        assertArrayEquals(new int[] {6, 9, 4, 1, 0}, d.labels());
        // image 3 is record 1 of the second file
        for (int r = 0; r < 32; r++) {
            for (int c = 0; c < 32; c++) {
                for (int ch = 0; ch < 3; ch++) {
                    assertEquals(DataFiles.cifarValue(1, ch, r * 32 + c), d.inputs().get(3, r, c, ch));
                }
            }
        }
    }

    @Test
    void sizeThatIsNotWholeRecordsIsTruncation() throws IOException {
        byte[] two = DataFiles.cifarRecords(1, 2);
        Path f = DataFiles.write(dir.resolve("test_batch.bin"), Arrays.copyOf(two, two.length - 100));
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> Cifar10.read("c", List.of(f)));
        assertEquals(Cifar10.RECORD, e.offset());
        assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains("only " + (Cifar10.RECORD - 100)),
                e.getMessage());
        Path empty = DataFiles.write(dir.resolve("empty.bin"), new byte[0]);
        assertThrows(DatasetFormatException.class, () -> Cifar10.read("c", List.of(empty)));
    }

    @Test
    void labelOutOfRangeNamesRecordAndOffset() throws IOException {
        Path f = DataFiles.write(dir.resolve("b.bin"), DataFiles.cifarRecords(1, 2, 10));
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> Cifar10.read("c", List.of(f)));
        assertEquals(2L * Cifar10.RECORD, e.offset());
        assertTrue(e.getMessage().contains("label 10 of record 2"), e.getMessage());
    }
}
