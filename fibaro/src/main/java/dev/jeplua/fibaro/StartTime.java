package dev.jeplua.fibaro;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code --%%time:} directive (docs/fibaro.md#emulated-time): the QuickApp's clock starts at
 * this local date and time instead of now, as in plua. Accepted forms (after plua's header
 * reference): {@code YYYY/MM/DD HH:MM[:SS]}, {@code MM/DD HH:MM[:SS]} (this year),
 * {@code YYYY/MM/DD} (midnight) and {@code HH:MM[:SS]} (today); {@code -} may stand for
 * {@code /}. Immutable; any thread.
 *
 * @param date the date, or null for today
 * @param year whether the date's year was given (else this year is used)
 * @param time the time of day, or null for midnight
 */
public record StartTime(LocalDate date, boolean year, LocalTime time) {
    private static final Pattern FORM =
            Pattern.compile("(?:(?:(\\d{4})[/-])?(\\d{1,2})[/-](\\d{1,2}))?\\s*(?:(\\d{1,2}):(\\d{2})(?::(\\d{2}))?)?");

    /**
     * Reads a {@code --%%time} value.
     *
     * @return the start time, or null when the value has none of the accepted forms
     */
    public static StartTime parse(String value) {
        String v = value.strip();
        if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
            v = v.substring(1, v.length() - 1).strip();
        }
        Matcher m = FORM.matcher(v);
        if (v.isEmpty() || !m.matches()) {
            return null;
        }
        try {
            LocalDate date = m.group(2) == null
                    ? null
                    : LocalDate.of(
                            m.group(1) == null ? 2000 : Integer.parseInt(m.group(1)), // 2000: a leap year, for 02/29
                            Integer.parseInt(m.group(2)),
                            Integer.parseInt(m.group(3)));
            LocalTime time = m.group(4) == null
                    ? null
                    : LocalTime.of(
                            Integer.parseInt(m.group(4)),
                            Integer.parseInt(m.group(5)),
                            m.group(6) == null ? 0 : Integer.parseInt(m.group(6)));
            return new StartTime(date, m.group(1) != null, time);
        } catch (java.time.DateTimeException | NumberFormatException e) {
            return null;
        }
    }

    /**
     * How far this start time is from {@code nowMillis}, in whole seconds (negative: in the past),
     * in the zone {@code zone}: what {@code os.time()} and the console timestamps are shifted by.
     */
    public long offsetSeconds(long nowMillis, ZoneId zone) {
        LocalDateTime now = LocalDateTime.ofInstant(java.time.Instant.ofEpochMilli(nowMillis), zone);
        LocalDate d = date == null ? now.toLocalDate() : year ? date : withYear(date, now.getYear());
        LocalDateTime target = LocalDateTime.of(d, time == null ? LocalTime.MIDNIGHT : time);
        long targetSeconds = target.atZone(zone).toEpochSecond();
        return targetSeconds - Math.floorDiv(nowMillis, 1000);
    }

    private static LocalDate withYear(LocalDate d, int year) {
        try {
            return LocalDate.of(year, d.getMonth(), d.getDayOfMonth());
        } catch (java.time.DateTimeException e) {
            return LocalDate.of(year, d.getMonth(), 28); // 02/29 in a year without it
        }
    }

    /** The accepted forms, for the warning about a value that has none of them. */
    public static String expected() {
        return "expected YYYY/MM/DD HH:MM[:SS], MM/DD HH:MM, YYYY/MM/DD or HH:MM[:SS]";
    }
}
