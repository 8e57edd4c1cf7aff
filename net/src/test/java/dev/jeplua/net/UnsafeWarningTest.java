package dev.jeplua.net;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link UnsafeWarning}; that no warning reaches stderr through the jar is checked by the cli's EpluaNetIT. */
class UnsafeWarningTest {
    @Test
    void the_warning_flag_is_set_on_jdk_24_and_later_unless_the_user_chose_a_mode() {
        boolean jdk24 = Runtime.version().feature() >= 24;
        assertThat(UnsafeWarning.silence())
                .isEqualTo(jdk24 && System.getProperty("sun.misc.unsafe.memory.access") == null);
    }
}
