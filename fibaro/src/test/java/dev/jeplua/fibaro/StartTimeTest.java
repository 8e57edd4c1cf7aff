package dev.jeplua.fibaro;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class StartTimeTest {
    private static final ZoneId ZONE = ZoneId.of("Europe/Stockholm");
    /** 2026-12-04 18:30:00 in Stockholm (UTC+1). */
    private static final long NOW =
            LocalDateTime.of(2026, 12, 4, 18, 30).atZone(ZONE).toInstant().toEpochMilli();

    private static LocalDateTime start(String value) {
        long offset = StartTime.parse(value).offsetSeconds(NOW, ZONE);
        return LocalDateTime.ofEpochSecond(NOW / 1000 + offset, 0, ZoneOffset.ofHours(1));
    }

    @Test
    void readsEachForm() {
        assertThat(start("2030/01/02 03:04:05")).isEqualTo(LocalDateTime.of(2030, 1, 2, 3, 4, 5));
        assertThat(start("2030-01-02 03:04")).isEqualTo(LocalDateTime.of(2030, 1, 2, 3, 4));
        assertThat(start("\"2030/01/02\"")).isEqualTo(LocalDateTime.of(2030, 1, 2, 0, 0));
        assertThat(start("12/24 18:00")).isEqualTo(LocalDateTime.of(2026, 12, 24, 18, 0));
        assertThat(start("07:15")).isEqualTo(LocalDateTime.of(2026, 12, 4, 7, 15));
        assertThat(start("07:15:30")).isEqualTo(LocalDateTime.of(2026, 12, 4, 7, 15, 30));
    }

    @Test
    void aFebruary29thWithoutYearFallsBackInAYearWithoutIt() {
        assertThat(start("02/29 10:00")).isEqualTo(LocalDateTime.of(2026, 2, 28, 10, 0));
    }

    @Test
    void rejectsOtherText() {
        assertThat(StartTime.parse("next tuesday")).isNull();
        assertThat(StartTime.parse("")).isNull();
        assertThat(StartTime.parse("2030/13/01 10:00")).isNull();
        assertThat(StartTime.parse("25:00")).isNull();
    }

    @Test
    void theHeaderIsReadAndABadValueIsAWarning() {
        QaHeaders ok = HeaderParser.parse("--%%time:2030/01/02 03:04\nprint(1)\n");
        assertThat(ok.time()).isEqualTo(StartTime.parse("2030/01/02 03:04"));
        assertThat(ok.warnings()).isEmpty();
        QaHeaders bad = HeaderParser.parse("--%%time:soon\n");
        assertThat(bad.time()).isNull();
        assertThat(bad.warnings()).singleElement().asString().startsWith("--%%time soon: expected YYYY/MM/DD");
    }
}
