package gilprobe.report.verdict;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * Numbers as the verdict's sentences print them, the same way the HTML page formats its cards (the page's
 * {@code js/format.js}): {@code 850 ns, 12.3 µs, 4.56 ms}; {@code 25.0%}; {@code 1.07×}; {@code 1,234}.
 * Rounding is JavaScript's {@code toFixed}: half up on the double's exact value.
 */
final class Words {
    private Words() {
    }

    /** {@code x} with {@code decimals} digits after the point, like JavaScript's {@code x.toFixed(decimals)}. */
    static String fixed(double x, int decimals) {
        return new BigDecimal(x).setScale(decimals, RoundingMode.HALF_UP).toPlainString();
    }

    /** Three significant digits for values below 1000. */
    static String sig3(double x) {
        double a = Math.abs(x);
        return a >= 100 ? fixed(x, 0) : a >= 10 ? fixed(x, 1) : fixed(x, 2);
    }

    /** Nanoseconds with a unit a person reads at a glance: 850 ns, 12.3 µs, 4.56 ms, 7.80 s, 2 min 03 s. */
    static String ns(double ns) {
        if (!Double.isFinite(ns)) {
            return "–";
        }
        double a = Math.abs(ns);
        if (a < 1e3) {
            return Math.round(ns) + " ns";
        }
        if (a < 1e6) {
            return sig3(ns / 1e3) + " µs";
        }
        if (a < 1e9) {
            return sig3(ns / 1e6) + " ms";
        }
        if (a < 60e9) {
            return sig3(ns / 1e9) + " s";
        }
        long s = Math.round(ns / 1e9);
        return s / 60 + " min " + String.format(Locale.ROOT, "%02d", s % 60) + " s";
    }

    /** A rounded integer with thousands separators: 1,234,567. */
    static String integer(double n) {
        if (!Double.isFinite(n)) {
            return "–";
        }
        String digits = Long.toString(Math.abs(Math.round(n)));
        StringBuilder out = new StringBuilder(n < 0 && Math.round(n) != 0 ? "-" : "");
        for (int i = 0; i < digits.length(); i++) {
            if (i > 0 && (digits.length() - i) % 3 == 0) {
                out.append(',');
            }
            out.append(digits.charAt(i));
        }
        return out.toString();
    }

    /** A fraction as a percentage: 0%, &lt;0.1%, 12.3%. */
    static String percent(double f) {
        if (!Double.isFinite(f)) {
            return "–";
        }
        double p = f * 100;
        if (p == 0) {
            return "0%";
        }
        if (p > 0 && p < 0.1) {
            return "<0.1%";
        }
        return fixed(p, 1) + "%";
    }

    /** A factor: 1.07×, 12.5×, 150×; ∞ when not finite. */
    static String times(double x) {
        if (!Double.isFinite(x)) {
            return "∞";
        }
        return (x >= 100 ? fixed(x, 0) : x >= 10 ? fixed(x, 1) : fixed(x, 2)) + "×";
    }

    /** A plain number: three significant digits below 100, an integer above. */
    static String number(double x) {
        if (!Double.isFinite(x)) {
            return "–";
        }
        return x >= 100 ? integer(x) : sig3(x);
    }

    /** {@code n} and the noun, plural unless n is 1: "1 thread", "3 threads". */
    static String plural(long n, String one) {
        return integer(n) + " " + (n == 1 ? one : one + "s");
    }
}
