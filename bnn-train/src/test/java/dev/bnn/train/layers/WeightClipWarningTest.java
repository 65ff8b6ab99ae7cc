package dev.bnn.train.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A binary layer built without a weight clip logs exactly one warning; with the default clip, none. */
class WeightClipWarningTest {

    @Test
    void unclippedBinaryLayersWarnOnce() {
        List<ILoggingEvent> dense = capture(BinaryDense.class, () -> {
            BinaryDense.builder(8, 4).clip(null).build();
            new BinaryDense(8, 4);
        });
        assertEquals(1, dense.size(), dense.toString());
        assertEquals(Level.WARN, dense.get(0).getLevel());
        assertTrue(dense.get(0).getFormattedMessage().contains("BinaryDense(8 -> 4, weights: SteSign, no clip) has no weight clip"),
                dense.get(0).getFormattedMessage());
        List<ILoggingEvent> conv = capture(BinaryConv2d.class, () -> {
            BinaryConv2d.builder(3, 4, 3).clip(null).build();
            new BinaryConv2d(3, 4, 3, 1);
        });
        assertEquals(1, conv.size(), conv.toString());
    }

    private static List<ILoggingEvent> capture(Class<?> type, Runnable action) {
        Logger logger = (Logger) LoggerFactory.getLogger(type);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            action.run();
        } finally {
            logger.detachAppender(appender);
        }
        return appender.list;
    }
}
