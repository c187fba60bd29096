package dev.slipway.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A deployment's admin key: {@code slipway-admin|<deployment>|<64 hex digits>}, recognizable by its
 * prefix, with 256 random bits. Until the control plane exists (which will keep only hashes), the
 * first start writes it to {@code <data>/admin.key} with mode 600 and later starts read it back.
 */
final class AdminKey {
    static final String PREFIX = "slipway-admin|";
    private static final Pattern FORMAT = Pattern.compile("slipway-admin\\|[a-z0-9_-]+\\|[0-9a-f]{64}");

    private final String key;

    private AdminKey(String key) {
        this.key = key;
    }

    /** A fresh key for {@code deployment}. */
    static AdminKey generate(String deployment, SecureRandom random) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        return new AdminKey(PREFIX + deployment + "|" + HexFormat.of().formatHex(secret));
    }

    /**
     * The key in {@code file}, creating the file (mode 600) with a fresh key for {@code deployment}
     * when it does not exist.
     *
     * @throws ServerException when the file exists but does not hold a key
     */
    static AdminKey loadOrCreate(Path file, String deployment, SecureRandom random) {
        try {
            if (!Files.exists(file)) {
                AdminKey fresh = generate(deployment, random);
                try {
                    write(file, fresh.key);
                    return fresh;
                } catch (FileAlreadyExistsException raced) {
                    // another process created it first: read theirs
                }
            }
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (!FORMAT.matcher(text).matches()) {
                throw new ServerException(
                        ServerException.BAD_DATA_DIR,
                        file + " does not hold a Slipway admin key (expected slipway-admin|<deployment>|<64 hex"
                                + " digits>); remove it to have a new key generated");
            }
            return new AdminKey(text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the admin key file " + file, e);
        }
    }

    private static void write(Path file, String key) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        }
        Files.writeString(file, key + "\n", StandardCharsets.UTF_8);
    }

    /** Whether {@code candidate} is this key (compared in constant time). */
    boolean matches(String candidate) {
        return MessageDigest.isEqual(
                key.getBytes(StandardCharsets.UTF_8), candidate.strip().getBytes(StandardCharsets.UTF_8));
    }

    /** The key itself, for the operator. */
    String value() {
        return key;
    }

    @Override
    public String toString() {
        return "AdminKey[" + key.substring(0, key.lastIndexOf('|') + 1) + "...]";
    }
}
