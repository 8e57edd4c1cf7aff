package dev.jeplua.gui.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Which launcher opens a URL on each operating system, and what a failing launcher reports. */
@Timeout(30)
class SystemBrowserTest {
    @TempDir
    Path dir;

    @Test
    void the_launcher_follows_the_operating_system() {
        Path xdg = Path.of("/usr/bin/xdg-open");
        assertThat(new SystemBrowser("Linux", p -> p.equals("xdg-open") ? xdg : null).command("http://h/"))
                .containsExactly(xdg.toString(), "http://h/");
        assertThat(new SystemBrowser("Linux", p -> null).command("http://h/")).isNull(); // java.awt.Desktop
        assertThat(new SystemBrowser("Mac OS X", p -> null).command("http://h/"))
                .containsExactly("open", "http://h/");
        assertThat(new SystemBrowser("Windows 11", p -> null).command("http://h/"))
                .containsExactly("rundll32", "url.dll,FileProtocolHandler", "http://h/");
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void xdg_open_gets_the_url_and_an_error_status_is_reported_later() throws Exception {
        Path fake = dir.resolve("xdg-open");
        Files.writeString(fake, "#!/bin/sh\necho \"$1\" > \"$(dirname \"$0\")/opened\"\nexit 3\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        CompletableFuture<String> failure = new CompletableFuture<>();
        boolean started = new SystemBrowser("Linux", p -> fake).open("http://h/page", failure::complete);
        assertThat(started).isTrue();
        assertThat(failure.get(10, TimeUnit.SECONDS)).isEqualTo(fake + " exited with status 3");
        assertThat(Files.readString(dir.resolve("opened")).strip()).isEqualTo("http://h/page");
    }
}
