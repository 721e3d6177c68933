package mlptrainer.prepare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The numbers prepare accepts and the text it writes for them. */
class NumberTextTest {
    @ParameterizedTest
    @CsvSource({"7,7", "007,7", "+5,5", "-0,0", "-0.0,0", "5.0,5", "5.,5", "5e0,5", "-12,-12", "0.1,0.1",
        "003.1400,3.14", "-.5,-0.5", "1e-7,0.0000001", "2.5E3,2500", "-1.143,-1.143",
        "0.30000000000000004,0.30000000000000004", "1000000000000000.0,1000000000000000",
        "123456789012345678,123456789012345680"})
    void writesIntegersAsIntegersAndOtherValuesInPlainShortForm(String text, String written) {
        assertEquals(written, NumberText.canonical(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "-", "+", "e5", "1e", "1e+", "abc", "NaN", "Infinity", "-Infinity", "1e999",
        "0x1p3", "1f", "1d", "1.2.3", "1,5", "١٢"})
    void refusesWhatIsNotAFiniteDecimalNumber(String text) {
        assertNull(NumberText.canonical(text));
    }

    @Test
    void theWrittenTextReadsBackToTheSameDouble() {
        SplittableRandom random = new SplittableRandom(18);
        for (int i = 0; i < 20_000; i++) {
            double x = Double.longBitsToDouble(random.nextLong());
            if (Double.isFinite(x)) {
                String text = NumberText.format(x);
                assertEquals(x == 0 ? 0.0 : x, Double.parseDouble(text), text);
                assertFalse(text.contains("E"), text);
                assertEquals(text, NumberText.canonical(text), "the written text is its own canonical form");
            }
        }
    }

    @Test
    void knowsWhichValuesTheOriginalReadsAsIntegers() {
        assertTrue(NumberText.isInt("2147483647"));
        assertTrue(NumberText.isInt("-2147483648"));
        assertFalse(NumberText.isInt("2147483648"));
        assertFalse(NumberText.isInt("0.5"));
    }
}
