package dev.jeplua.engine.stdlib.number;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Number to text conversions worded like the reference interpreter (C {@code printf} on glibc):
 * {@link #g14} is Lua 5.2's {@code LUA_NUMBER_FMT} ({@code "%.14g"}) used by {@code tostring},
 * {@code print}, {@code ..} and {@code io.write}; {@link #fixed}, {@link #scientific} and
 * {@link #general} are the {@code %f}, {@code %e} and {@code %g} conversions of
 * {@code string.format}. Rounding is to nearest with ties to even on the exact binary value,
 * as glibc does ({@code string.format("%.2f", 0.125)} is {@code 0.12}). Pure functions, any thread.
 */
public final class LuaNumberFormat {
    private LuaNumberFormat() {}

    /**
     * {@code %.14g} of {@code v}: {@code 0.33333333333333}, {@code 1e+15}, {@code 3.1415926535898},
     * {@code inf}, {@code -inf}, {@code nan} or {@code -nan} (the sign bit of the NaN, as glibc prints it).
     */
    public static String g14(double v) {
        long l = (long) v;
        if (l == v && l > -100_000_000_000_000L && l < 100_000_000_000_000L) {
            if (l == 0 && Double.doubleToRawLongBits(v) != 0) {
                return "-0";
            }
            return Long.toString(l);
        }
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return special(v, false);
        }
        String quick = quick14(v);
        if (quick != null) {
            return quick;
        }
        if (Math.abs(v) >= Double.MIN_NORMAL) {
            // Shortest round-trip digits: with at most 14 significant digits they are exactly
            // what %.14g prints; with more, rounding them to 14 gives the same as rounding the
            // exact binary value unless they end in a tie (then the exact value decides).
            Shortest d = new Shortest(v);
            if (d.n <= 14) {
                return d.general14(v < 0);
            }
            if (!(d.n == 15 && d.digits[14] == '5')) {
                d.roundHalfUp(14);
                return d.general14(v < 0);
            }
        }
        return Digits.exact(v, 14).general(14, false, false);
    }

    /**
     * How Lua 5.4 writes a float ({@code tostring}, {@code print}, {@code ..}): {@code %.14g}, with
     * {@code .0} added when that looks like an integer ({@code 5.0}, {@code -0.0}, {@code 1e+15},
     * {@code 0.1}, {@code inf}, {@code -nan}); 5.4's {@code lua_Number} to string conversion.
     */
    public static String float14(double v) {
        String s = g14(v);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '.' || c == 'e' || c == 'n' || c == 'i') {
                return s;
            }
        }
        return s + ".0";
    }

    /**
     * The shortest decimal digits of a finite non-zero double ({@link Double#toString}), kept in a
     * char array: value = 0.d1d2...dn x 10^(exp+1), i.e. d1 is the 10^exp digit.
     */
    private static final class Shortest {
        final char[] digits = new char[20];
        int n;
        int exp;

        /** The 14 digits of {@code m} (10^13 &lt;= m &lt; 10^14) with {@code m}'s first digit at 10^exp. */
        Shortest(long m, int exp) {
            for (int i = 13; i >= 0; i--) {
                digits[i] = (char) ('0' + (int) (m % 10));
                m /= 10;
            }
            n = 14;
            while (n > 1 && digits[n - 1] == '0') {
                n--;
            }
            this.exp = exp;
        }

        Shortest(double v) {
            String s = Double.toString(Math.abs(v));
            int len = s.length();
            int e = s.indexOf('E');
            int end = e < 0 ? len : e;
            int exp10 = e < 0 ? 0 : Integer.parseInt(s, e + 1, len, 10);
            int pointPos = -1;
            int first = -1; // index in digits of the first non-zero digit seen
            int count = 0; // digits before the point (all, including leading zeros)
            for (int i = 0; i < end; i++) {
                char c = s.charAt(i);
                if (c == '.') {
                    pointPos = count;
                    continue;
                }
                if (first < 0 && c == '0') {
                    count++;
                    continue;
                }
                if (first < 0) {
                    first = count;
                }
                digits[n++] = c;
                count++;
            }
            if (pointPos < 0) {
                pointPos = count;
            }
            while (n > 1 && digits[n - 1] == '0') {
                n--;
            }
            exp = pointPos + exp10 - first - 1;
        }

        /** Rounds to {@code k} digits, half up (the caller has excluded exact ties). */
        void roundHalfUp(int k) {
            boolean up = digits[k] >= '5';
            n = k;
            if (up) {
                int i = k - 1;
                while (i >= 0 && digits[i] == '9') {
                    i--;
                }
                if (i < 0) {
                    digits[0] = '1';
                    n = 1;
                    exp++;
                    return;
                }
                digits[i]++;
                n = i + 1;
            }
            while (n > 1 && digits[n - 1] == '0') {
                n--;
            }
        }

        /** %.14g layout of these (at most 14, trailing-zero-free) digits. */
        String general14(boolean negative) {
            StringBuilder sb = new StringBuilder(24);
            if (negative) {
                sb.append('-');
            }
            if (exp < -4 || exp >= 14) {
                sb.append(digits[0]);
                if (n > 1) {
                    sb.append('.').append(digits, 1, n - 1);
                }
                sb.append('e').append(exp < 0 ? '-' : '+');
                int a = Math.abs(exp);
                if (a < 10) {
                    sb.append('0');
                }
                sb.append(a);
            } else if (exp >= 0) {
                if (n <= exp + 1) {
                    sb.append(digits, 0, n);
                    for (int i = n; i <= exp; i++) {
                        sb.append('0');
                    }
                } else {
                    sb.append(digits, 0, exp + 1).append('.').append(digits, exp + 1, n - exp - 1);
                }
            } else {
                sb.append("0.");
                for (int i = -1; i > exp; i--) {
                    sb.append('0');
                }
                sb.append(digits, 0, n);
            }
            return sb.toString();
        }

        /**
         * %.{p}f of these digits, or null when the shortest digits end in a tie at the rounding
         * position or more than 15 significant digits are asked for (then only the exact binary
         * value can decide).
         */
        String fixed(int p, boolean negative) {
            int keep = exp + 1 + p; // digits kept: integer digits and p fraction digits
            if (keep > 15) {
                return null; // more digits than the shortest form pins down: exact value needed
            }
            if (keep < n) {
                if (keep < 0) {
                    return zero(p, negative);
                }
                if (keep + 1 == n && digits[keep] == '5') {
                    return null;
                }
                if (keep == 0) {
                    if (digits[0] >= '5') {
                        digits[0] = '1';
                        n = 1;
                        exp++;
                    } else {
                        return zero(p, negative);
                    }
                } else {
                    roundHalfUp(keep);
                }
            }
            StringBuilder sb = new StringBuilder(24);
            if (negative) {
                sb.append('-');
            }
            if (exp < 0) {
                sb.append('0');
            } else {
                for (int i = 0; i <= exp; i++) {
                    sb.append(i < n ? digits[i] : '0');
                }
            }
            if (p > 0) {
                sb.append('.');
                for (int k = 1; k <= p; k++) {
                    int i = exp + k; // index of the 10^-k digit
                    sb.append(i >= 0 && i < n ? digits[i] : '0');
                }
            }
            return sb.toString();
        }

        private static String zero(int p, boolean negative) {
            StringBuilder sb = new StringBuilder(p + 3);
            if (negative) {
                sb.append('-');
            }
            sb.append('0');
            if (p > 0) {
                sb.append('.');
                for (int i = 0; i < p; i++) {
                    sb.append('0');
                }
            }
            return sb.toString();
        }
    }

    private static final double[] POW10 = new double[23];

    static {
        double p = 1;
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = p;
            p *= 10;
        }
    }

    /**
     * %.14g for 1e-4 &lt;= |v| &lt; 1e14 without going through {@link Double#toString}: the 14
     * significant digits are {@code rint(|v| * 10^(13-e))}. The one rounding of that product is off
     * by at most 0.011 units, so the result is exact unless the product lies within 0.05 of a
     * tie; those (rare) cases return null and take the general path.
     */
    private static String quick14(double v) {
        double a = Math.abs(v);
        if (!(a >= 1e-4 && a < 1e14)) {
            return null;
        }
        int e = (int) Math.floor(Math.log10(a));
        for (int attempt = 0; attempt < 2; attempt++) {
            int k = 13 - e;
            if (k < 0 || k >= POW10.length) {
                return null;
            }
            double scaled = a * POW10[k];
            double r = Math.rint(scaled);
            if (Math.abs(scaled - r) > 0.45) {
                return null;
            }
            if (r < 1e13) {
                e--;
                continue;
            }
            long m = (long) r;
            if (m >= 100_000_000_000_000L) {
                m /= 10;
                e++;
            }
            Shortest d = new Shortest(m, e);
            if (d.exp >= 14) {
                return null;
            }
            return d.general14(v < 0);
        }
        return null;
    }

    /** {@code inf}, {@code -inf}, {@code nan}, {@code -nan} (upper case for {@code %E %G %F}). */
    public static String special(double v, boolean upper) {
        String s;
        if (Double.isNaN(v)) {
            s = Double.doubleToRawLongBits(v) < 0 ? "-nan" : "nan";
        } else {
            s = v < 0 ? "-inf" : "inf";
        }
        return upper ? s.toUpperCase(java.util.Locale.ROOT) : s;
    }

    /** {@code %.<precision>f} of a finite {@code v} without sign handling flags. */
    public static String fixed(double v, int precision, boolean alt) {
        if (!alt && precision < POW10.length) {
            // rint(|v| * 10^p) is exact unless the product (off by at most 0.11 below 1e15)
            // lies near a tie: then fall through to the digit-based paths.
            double a = Math.abs(v);
            double scaled = a * POW10[precision];
            if (scaled < 1e15) {
                double r = Math.rint(scaled);
                if (Math.abs(scaled - r) < 0.38) {
                    String digits = Long.toString((long) r);
                    StringBuilder sb = new StringBuilder(precision + 24);
                    if (negative(v)) {
                        sb.append('-');
                    }
                    int intLen = digits.length() - precision;
                    if (intLen <= 0) {
                        sb.append('0');
                        if (precision > 0) {
                            sb.append('.');
                            for (int i = intLen; i < 0; i++) {
                                sb.append('0');
                            }
                            sb.append(digits);
                        }
                    } else {
                        sb.append(digits, 0, intLen);
                        if (precision > 0) {
                            sb.append('.').append(digits, intLen, digits.length());
                        }
                    }
                    return sb.toString();
                }
            }
        }
        if (!alt && v != 0 && Math.abs(v) >= Double.MIN_NORMAL && Math.abs(v) < 1e17) {
            String fast = new Shortest(v).fixed(precision, v < 0);
            if (fast != null) {
                return fast;
            }
        }
        BigDecimal b = new BigDecimal(v).setScale(precision, RoundingMode.HALF_EVEN);
        String s = b.abs().toPlainString();
        if (alt && precision == 0) {
            s += ".";
        }
        return (negative(v) ? "-" : "") + s;
    }

    /** {@code %.<precision>e} of a finite {@code v}: {@code 1.234568e+04}. */
    public static String scientific(double v, int precision, boolean alt, boolean upper) {
        Digits d = v == 0 ? Digits.zero(precision + 1, negative(v)) : Digits.exact(v, precision + 1);
        return d.scientific(precision, alt, upper);
    }

    /** {@code %.<precision>g} of a finite {@code v}: {@code 0.1}, {@code 1e+20}, {@code 12345.7}. */
    public static String general(double v, int precision, boolean alt, boolean upper) {
        int p = precision == 0 ? 1 : precision;
        Digits d = v == 0 ? Digits.zero(p, negative(v)) : Digits.exact(v, p);
        return d.general(p, alt, upper);
    }

    private static boolean negative(double v) {
        return Double.doubleToRawLongBits(v) < 0;
    }

    /** A decimal significand {@code d.ddd} times ten to {@code exp}, with a sign. */
    private record Digits(boolean negative, String digits, int exp) {
        static Digits zero(int n, boolean negative) {
            return new Digits(negative, "0".repeat(n), 0);
        }

        /** {@code n} significant digits of the exact binary value of {@code v}, ties to even. */
        static Digits exact(double v, int n) {
            BigDecimal b = new BigDecimal(Math.abs(v)).round(new MathContext(n, RoundingMode.HALF_EVEN));
            String unscaled = b.unscaledValue().toString();
            int exp = unscaled.length() - 1 - b.scale();
            StringBuilder sb = new StringBuilder(unscaled);
            while (sb.length() < n) {
                sb.append('0');
            }
            return new Digits(v < 0, sb.substring(0, n), exp);
        }

        String scientific(int precision, boolean alt, boolean upper) {
            StringBuilder sb = new StringBuilder();
            if (negative) {
                sb.append('-');
            }
            String ds = pad(precision + 1);
            sb.append(ds.charAt(0));
            if (precision > 0 || alt) {
                sb.append('.');
            }
            sb.append(ds, 1, precision + 1);
            appendExp(sb, exp, upper);
            return sb.toString();
        }

        /** %g: significant digits {@code p}; trailing zeros removed unless {@code alt}. */
        String general(int p, boolean alt, boolean upper) {
            String ds = pad(p);
            if (!alt) {
                int end = ds.length();
                while (end > 1 && ds.charAt(end - 1) == '0') {
                    end--;
                }
                ds = ds.substring(0, end);
            }
            StringBuilder sb = new StringBuilder();
            if (negative) {
                sb.append('-');
            }
            if (exp < -4 || exp >= p) {
                sb.append(ds.charAt(0));
                if (ds.length() > 1 || alt) {
                    sb.append('.').append(ds, 1, ds.length());
                }
                appendExp(sb, exp, upper);
            } else if (exp >= 0) {
                if (ds.length() <= exp + 1) {
                    sb.append(ds).append("0".repeat(exp + 1 - ds.length()));
                    if (alt) {
                        sb.append('.');
                    }
                } else {
                    sb.append(ds, 0, exp + 1).append('.').append(ds, exp + 1, ds.length());
                }
            } else {
                sb.append("0.").append("0".repeat(-exp - 1)).append(ds);
            }
            return sb.toString();
        }

        private String pad(int n) {
            return digits.length() >= n ? digits.substring(0, n) : digits + "0".repeat(n - digits.length());
        }

        private static void appendExp(StringBuilder sb, int exp, boolean upper) {
            sb.append(upper ? 'E' : 'e').append(exp < 0 ? '-' : '+');
            int a = Math.abs(exp);
            if (a < 10) {
                sb.append('0');
            }
            sb.append(a);
        }
    }
}
