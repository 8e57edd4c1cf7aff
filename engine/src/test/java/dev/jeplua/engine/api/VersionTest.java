package dev.jeplua.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link Version} holds the values of the pom it was built from (engine/pom.xml passes them to surefire). */
class VersionTest {
    @Test
    void versionIsThePomVersion() {
        String pomVersion = System.getProperty("jeplua.pom.version");
        assertThat(pomVersion)
                .as("system property jeplua.pom.version (set by surefire in engine/pom.xml)")
                .isNotBlank();
        assertThat(Version.VERSION).isEqualTo(pomVersion);
    }

    @Test
    void luajVersionIsThePomLuajVersion() {
        String luaj = System.getProperty("jeplua.pom.luaj.version");
        assertThat(luaj)
                .as("system property jeplua.pom.luaj.version (set by surefire in engine/pom.xml)")
                .isNotBlank();
        assertThat(Version.LUAJ_VERSION).isEqualTo(luaj);
    }

    @Test
    void valuesAreFilteredNotPlaceholders() {
        assertThat(Version.VERSION).isNotEqualTo(Version.UNKNOWN).doesNotContain("${");
        assertThat(Version.LUAJ_VERSION).isNotEqualTo(Version.UNKNOWN).doesNotContain("${");
    }
}
