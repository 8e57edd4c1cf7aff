package dev.jeplua.engine.lib;

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
    private LuaNumberFormat() {
    }

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
        // Shortest round-trip digits: when they have at most 14 significant digits they are
        // exactly what %.14g prints; otherwise round them to 14, falling back to the exact
        // binary value when they end in a tie (the only case where the two roundings differ).
        Digits d = Digits.shortest(v);
        if (Math.abs(v) < Double.MIN_NORMAL) {
            d = Digits.exact(v, 14);   // subnormal: fewer significant bits than 14 digits need
        } else if (d.digits.length() > 14) {
            d = d.length() == 15 && d.digits.charAt(14) == '5' ? Digits.exact(v, 14) : d.roundTo(14);
        }
        return d.general(14, false, false);
    }

    /** {@code inf}, {@code -inf}, {@code nan}, {@code -nan} (upper case for {@code %E %G %F}). */
    static String special(double v, boolean upper) {
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

        /** The shortest digits that read back as {@code v} (v finite, non-zero). */
        static Digits shortest(double v) {
            String s = Double.toString(Math.abs(v));
            int e = s.indexOf('E');
            int exp10 = e < 0 ? 0 : Integer.parseInt(s.substring(e + 1));
            String mant = e < 0 ? s : s.substring(0, e);
            int dot = mant.indexOf('.');
            String all = mant.substring(0, dot) + mant.substring(dot + 1);
            int pointPos = dot + exp10;                 // digits before the decimal point
            int lead = 0;
            while (lead < all.length() - 1 && all.charAt(lead) == '0') {
                lead++;
            }
            String sig = all.substring(lead);
            int end = sig.length();
            while (end > 1 && sig.charAt(end - 1) == '0') {
                end--;
            }
            return new Digits(v < 0, sig.substring(0, end), pointPos - lead - 1);
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

        int length() {
            return digits.length();
        }

        /** Rounds these digits to {@code n} (half up: only called when the tail is not a tie). */
        Digits roundTo(int n) {
            char[] c = digits.substring(0, n).toCharArray();
            boolean up = digits.charAt(n) >= '5';
            int e = exp;
            if (up) {
                int i = n - 1;
                while (i >= 0 && c[i] == '9') {
                    c[i--] = '0';
                }
                if (i < 0) {
                    return new Digits(negative, "1" + new String(c, 0, n - 1), e + 1);
                }
                c[i]++;
            }
            return new Digits(negative, new String(c), e);
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
