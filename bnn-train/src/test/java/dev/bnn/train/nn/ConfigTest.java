package dev.bnn.train.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bnn.core.config.Config;
import dev.bnn.train.layers.BatchNorm;
import dev.bnn.train.layers.BinaryConv2d;
import dev.bnn.train.layers.BinaryDense;
import dev.bnn.train.layers.Conv2d;
import dev.bnn.train.layers.Dense;
import dev.bnn.train.layers.Dropout;
import dev.bnn.train.layers.Flatten;
import dev.bnn.train.layers.HardTanh;
import dev.bnn.train.layers.MaxPool2d;
import dev.bnn.train.layers.SignActivation;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading configurations as a JSON parser hands them over, and the errors of a bad one. */
class ConfigTest {

    @Test
    void floatsAreWrittenAsTheirShortestDecimal() {
        assertEquals(0.1, Config.of("X", "momentum", 0.1f).get("momentum"));
        assertEquals(1.0E-4, new BatchNorm(3).config().get("epsilon"));
    }

    @Test
    void readersAcceptWhatJsonParsersProduce() {
        Map<String, Object> c = new LinkedHashMap<>(new Dense(3, 2).config());
        c.put("in", 3.0); // a parser that reads every number as a double
        c.put("out", new BigDecimal("2"));
        c.put("seed", "18446744073709551"); // seeds as decimal strings survive any parser
        Dense d = (Dense) Modules.fromConfig(c);
        assertEquals("Dense(3 -> 2)", d.toString());
        assertEquals(18446744073709551L, d.seed());
    }

    @Test
    void errorsNameTheTypeAndTheEntry() {
        Map<String, Object> c = new LinkedHashMap<>(new BinaryDense(4, 2).config());
        c.remove("in");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Modules.fromConfig(c));
        assertEquals("config of BinaryDense: entry 'in' is missing", e.getMessage());
        c.put("in", 2.5);
        e = assertThrows(IllegalArgumentException.class, () -> Modules.fromConfig(c));
        assertTrue(e.getMessage().contains("'in' must be an int"), e.getMessage());
        c.put("in", "four");
        e = assertThrows(IllegalArgumentException.class, () -> Modules.fromConfig(c));
        assertTrue(e.getMessage().contains("'in' must be a Number, got String four"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Modules.fromConfig(Map.of("type", "Linear")));
        assertTrue(e.getMessage().contains("unknown module type 'Linear'") && e.getMessage().contains("BinaryConv2d"),
                e.getMessage());
    }

    @Test
    void everyLayerTypeRoundTrips() {
        List<Module> all = List.of(new Dense(3, 2), new BinaryDense(3, 2), new Conv2d(2, 3, 3, 1),
                new BinaryConv2d(2, 3, 3, 1), new BatchNorm(4), BatchNorm.shiftBased(4), new SignActivation(),
                new HardTanh(), new Dropout(0.2f, 3), new Flatten(), new MaxPool2d(2), new Sequential(new Dense(2, 2)));
        for (Module m : all) {
            Module back = Modules.fromConfig(m.config());
            assertEquals(m.config(), back.config(), m.toString());
            assertEquals(m.toString(), back.toString());
            SequentialTest.assertJsonAble(m.config());
        }
        assertEquals(12, all.size(), "one of each module type");
    }
}
