package io.ainnoface.cli;

import java.util.Locale;

/**
 * Range checks of command-line numbers, shared by the commands (and the serve and Spark modules): a value out of range
 * is refused with a message naming the option, instead of giving no faces or being quietly replaced.
 * {@link Main} prints an {@link IllegalArgumentException} as {@code error: ...} and exits with 2.
 */
public final class OptionChecks {
    private OptionChecks() {}

    /**
     * @return {@code value}, a face score threshold
     * @throws IllegalArgumentException unless 0 ≤ value ≤ 1
     */
    public static double score(String option, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s must be a score in [0, 1], got %s", option,
                    value));
        }
        return value;
    }

    /**
     * @return {@code value}
     * @throws IllegalArgumentException unless it is above 0 (and finite)
     */
    public static double positive(String option, double value) {
        if (!(value > 0 && value < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s must be above 0, got %s", option, value));
        }
        return value;
    }

    /**
     * @return {@code value}
     * @throws IllegalArgumentException when it is below {@code min}
     */
    public static long atLeast(String option, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(option + " must be at least " + min + ", got " + value);
        }
        return value;
    }
}
