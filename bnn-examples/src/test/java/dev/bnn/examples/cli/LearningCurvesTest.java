package dev.bnn.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bnn.train.EpochMetrics;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LearningCurvesTest {
    @TempDir
    Path dir;

    /** The trainer's columns ({@link EpochMetrics#CSV_COLUMNS}); validation missing (empty) in epoch 3. */
    private static final String CSV = """
            epoch,lr_factor,train_loss,train_error,val_loss,val_error,flipped_share,seconds,images_per_s,best,lr
            1,1.0,0.412,0.121,0.250,0.061,0.20,31.5,1600,true,0.003
            2,0.8,0.220,0.052,0.180,0.041,0.11,30.9,1650,true,0.0024
            3,0.64,0.160,0.034,,,0.07,30.2,1660,false,0.00192
            4,0.51,0.120,0.024,0.130,0.028,0.05,30.4,1655,true,0.00153
            5,0.41,0.095,0.017,0.121,0.025,0.03,30.1,1670,true,0.00123
            """;

    @Test
    void theTestCsvHasTheTrainersHeader() {
        assertEquals(String.join(",", EpochMetrics.CSV_COLUMNS), CSV.lines().findFirst().orElseThrow());
    }

    @Test
    void readsTheTrainerColumnsByName() throws IOException {
        Path csv = Files.writeString(dir.resolve("epochs.csv"), CSV);
        List<LearningCurves.Epoch> epochs = LearningCurves.read(csv);
        assertEquals(5, epochs.size());
        assertEquals(new LearningCurves.Epoch(1, 0.121, 0.061, 0.412, 0.250), epochs.get(0));
        assertTrue(Double.isNaN(epochs.get(2).valError()) && Double.isNaN(epochs.get(2).valLoss()));
    }

    /** A run that recorded its weight angles gets a third panel, one curve per binary layer. */
    @Test
    void readsAndDrawsTheWeightAngles() throws IOException {
        String withAngles = "epoch,lr_factor,train_loss,train_error,val_loss,val_error,flipped_share,seconds,images_per_s,best,lr,"
                + "angle_1,angle_2\n1,1.0,0.4,0.1,0.3,0.05,0.3,1.0,100,true,0.003,30.1,29.5\n"
                + "2,0.5,0.3,0.08,0.25,0.04,0.1,1.0,100,true,0.0015,29.0,28.7\n";
        Path csv = Files.writeString(dir.resolve("angles.csv"), withAngles);
        List<LearningCurves.Epoch> epochs = LearningCurves.read(csv);
        assertEquals(List.of(29.0, 28.7), epochs.get(1).angles());
        Path png = dir.resolve("angles.png");
        LearningCurves.render(epochs, "bnn-mlp", png);
        assertEquals(3 * 420, ImageIO.read(png.toFile()).getHeight(), "error, loss and angle panels");
    }

    @Test
    void rendersAPngWithTwoPanels() throws IOException {
        Path csv = Files.writeString(dir.resolve("epochs.csv"), CSV);
        Path png = dir.resolve("run/learning-curves.png");
        LearningCurves.render(csv, "bnn-mlp on MNIST", png);
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(900, image.getWidth());
        assertEquals(840, image.getHeight());
        // Both curve colours are drawn (training blue, validation red).
        boolean blue = false;
        boolean red = false;
        for (int y = 0; y < image.getHeight(); y += 1) {
            for (int x = 0; x < image.getWidth(); x += 1) {
                int rgb = image.getRGB(x, y) & 0xFFFFFF;
                blue |= rgb == 0x1f77b4;
                red |= rgb == 0xd62728;
            }
        }
        assertTrue(blue && red, "blue " + blue + ", red " + red);
        try (Stream<Path> files = Files.list(png.getParent())) {
            assertEquals(List.of(png), files.toList(), "no temporary file left beside the PNG");
        }
    }

    @Test
    void malformedCsvNamesFileAndLine() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.csv"), "epoch,train_loss\n1,0.5\n2,x\n");
        IOException e = assertThrows(IOException.class, () -> LearningCurves.read(bad));
        assertTrue(e.getMessage().contains("bad.csv, line 3"), e.getMessage());
        Path noEpoch = Files.writeString(dir.resolve("n.csv"), "step,loss\n1,0.5\n");
        e = assertThrows(IOException.class, () -> LearningCurves.read(noEpoch));
        assertTrue(e.getMessage().contains("no 'epoch' column"), e.getMessage());
    }
}
