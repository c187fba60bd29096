package dev.slipway.value;

import java.math.BigDecimal;

/**
 * Text forms of finite doubles: JavaScript's {@code Number::toString} (what {@code JSON.stringify}
 * writes) and Rust's ryu/serde_json form (what the Convex backend writes in {@code export_json}).
 *
 * <p>Implementation notes. Both forms are built from the shortest decimal that rounds back to the
 * double (the closest such one; ties to even). Since JDK 19, {@link Double#toString(double)} gives
 * exactly that digit string with one exception: when a single digit would do, it may return two
 * digits that lie closer to the double (it prints {@code 4.9E-324} where JavaScript prints {@code
 * 5e-324}). {@link #shortest} detects that case, which needs a two-digit answer, and tries the two
 * neighbouring one-digit decimals, picking the one that round-trips and is closest.
 */
final class JsNumbers {
    private JsNumbers() {}

    /** The shortest decimal {@code digits × 10^(point − digits.length())}, digits without zeros at either end. */
    record Decimal(String digits, int point) {}

    /** JavaScript's {@code String(v)} for a finite {@code v}; both zeros give {@code "0"}. */
    static String toJs(double v) {
        if (v == 0) {
            return "0";
        }
        Decimal d = shortest(Math.abs(v));
        String digits = d.digits();
        int k = digits.length();
        int n = d.point();
        StringBuilder out = new StringBuilder(k + 8);
        if (v < 0) {
            out.append('-');
        }
        if (k <= n && n <= 21) {
            out.append(digits).repeat('0', n - k);
        } else if (0 < n && n <= 21) {
            out.append(digits, 0, n).append('.').append(digits, n, k);
        } else if (-6 < n && n <= 0) {
            out.append("0.").repeat('0', -n).append(digits);
        } else {
            appendScientific(out, digits, n - 1, true);
        }
        return out.toString();
    }

    /** Rust's ryu form (serde_json) for a finite {@code v}: always a dot or an exponent, {@code -0.0} kept. */
    static String toRust(double v) {
        if (v == 0) {
            return Double.doubleToRawLongBits(v) < 0 ? "-0.0" : "0.0";
        }
        Decimal d = shortest(Math.abs(v));
        String digits = d.digits();
        int k = digits.length();
        int n = d.point();
        StringBuilder out = new StringBuilder(k + 8);
        if (v < 0) {
            out.append('-');
        }
        if (k <= n && n <= 16) {
            out.append(digits).repeat('0', n - k).append(".0");
        } else if (0 < n && n <= 16) {
            out.append(digits, 0, n).append('.').append(digits, n, k);
        } else if (-5 < n && n <= 0) {
            out.append("0.").repeat('0', -n).append(digits);
        } else {
            appendScientific(out, digits, n - 1, false);
        }
        return out.toString();
    }

    private static void appendScientific(StringBuilder out, String digits, int exponent, boolean plusSign) {
        out.append(digits.charAt(0));
        if (digits.length() > 1) {
            out.append('.').append(digits, 1, digits.length());
        }
        out.append('e');
        if (plusSign && exponent >= 0) {
            out.append('+');
        }
        out.append(exponent);
    }

    /** The shortest round-tripping decimal of a finite positive {@code v}. */
    static Decimal shortest(double v) {
        String s = Double.toString(v);
        int e = s.indexOf('E');
        String mantissa = e < 0 ? s : s.substring(0, e);
        int exponent = e < 0 ? 0 : Integer.parseInt(s.substring(e + 1));
        int dot = mantissa.indexOf('.');
        String all = mantissa.substring(0, dot) + mantissa.substring(dot + 1);
        int scale = exponent - (mantissa.length() - dot - 1);
        int from = 0;
        while (all.charAt(from) == '0') {
            from++;
        }
        int to = all.length();
        while (all.charAt(to - 1) == '0') {
            to--;
            scale++;
        }
        String digits = all.substring(from, to);
        Decimal d = new Decimal(digits, digits.length() + scale);
        return digits.length() == 2 ? oneDigitIfPossible(v, d) : d;
    }

    private static Decimal oneDigitIfPossible(double v, Decimal two) {
        int first = two.digits().charAt(0) - '0';
        Decimal down = new Decimal(Integer.toString(first), two.point());
        Decimal up =
                first == 9 ? new Decimal("1", two.point() + 1) : new Decimal(Integer.toString(first + 1), two.point());
        boolean downOk = roundTrips(down, v);
        boolean upOk = roundTrips(up, v);
        if (downOk && upOk) {
            BigDecimal exact = new BigDecimal(v);
            int cmp = exact.subtract(value(down))
                    .abs()
                    .compareTo(value(up).subtract(exact).abs());
            if (cmp != 0) {
                return cmp < 0 ? down : up;
            }
            return (first % 2 == 0) ? down : up;
        }
        return downOk ? down : upOk ? up : two;
    }

    private static boolean roundTrips(Decimal d, double v) {
        return Double.parseDouble(d.digits() + "E" + (d.point() - d.digits().length())) == v;
    }

    private static BigDecimal value(Decimal d) {
        return new BigDecimal(d.digits())
                .scaleByPowerOfTen(d.point() - d.digits().length());
    }
}
