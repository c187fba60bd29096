package dev.slipway.control;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Credential secrets: a kind's prefix and 256 random bits in lowercase base32 (52 characters), and
 * the SHA-256 hash that is all the store keeps. A plain hash (no salt, no slow KDF) suffices because
 * the secrets are random and long, not chosen by people; it also lets a lookup go straight to the
 * hash's index entry.
 */
final class Secrets {
    static final int SECRET_BYTES = 32;
    static final int SECRET_CHARS = 52;

    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final Pattern BODY = Pattern.compile("[a-z2-7]{" + SECRET_CHARS + "}");

    private Secrets() {}

    /** A fresh secret of {@code kind}. */
    static String generate(CredentialKind kind, SecureRandom random) {
        byte[] bytes = new byte[SECRET_BYTES];
        random.nextBytes(bytes);
        return kind.prefix() + base32(bytes);
    }

    /** Whether {@code secret} has the shape of a secret of {@code kind} (its prefix and 52 base32 characters). */
    static boolean wellFormed(CredentialKind kind, String secret) {
        return secret.startsWith(kind.prefix())
                && BODY.matcher(secret.substring(kind.prefix().length())).matches();
    }

    /** The SHA-256 of the secret's UTF-8 bytes, in hex: what the store keeps. */
    static String hash(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** A public credential id: {@code cred_} and 12 base32 characters (60 random bits). */
    static String publicId(SecureRandom random) {
        byte[] bytes = new byte[8];
        random.nextBytes(bytes);
        return "cred_" + base32(bytes).substring(0, 12);
    }

    /** RFC 4648 base32 in lowercase, without padding. */
    static String base32(byte[] bytes) {
        StringBuilder out = new StringBuilder((bytes.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(ALPHABET[(buffer >>> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(ALPHABET[(buffer << (5 - bits)) & 31]);
        }
        return out.toString();
    }
}
