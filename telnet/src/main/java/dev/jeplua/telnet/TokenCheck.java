package dev.jeplua.telnet;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Compares a token a client sent with the server's in time independent of where they differ
 * and of their lengths: both are hashed with SHA-256 and the digests compared with
 * {@link MessageDigest#isEqual}. Any thread.
 */
final class TokenCheck {
    private TokenCheck() {}

    /** The SHA-256 digest of the token's UTF-8 bytes. */
    static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e); // every Java SE has it
        }
    }

    /** @return true when {@code given} is the token whose digest is {@code expectedDigest} */
    static boolean matches(byte[] expectedDigest, String given) {
        return MessageDigest.isEqual(expectedDigest, digest(given));
    }
}
