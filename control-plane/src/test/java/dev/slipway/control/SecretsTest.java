package dev.slipway.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecretsTest {
    private final SecureRandom random = new SecureRandom();

    @ParameterizedTest
    @CsvSource({"'', ''", "f, my", "fo, mzxq", "foo, mzxw6", "foob, mzxw6yq", "fooba, mzxw6ytb", "foobar, mzxw6ytboi"})
    void base32_rfc4648Vectors_inLowercaseWithoutPadding(String input, String expected) {
        assertThat(Secrets.base32(input.getBytes(StandardCharsets.US_ASCII))).isEqualTo(expected);
    }

    @Test
    void generate_everyKind_hasItsPrefixAnd256RandomBits() {
        Set<String> seen = new HashSet<>();
        for (CredentialKind kind : CredentialKind.values()) {
            for (int i = 0; i < 100; i++) {
                String secret = Secrets.generate(kind, random);
                assertThat(secret)
                        .startsWith(kind.prefix())
                        .hasSize(kind.prefix().length() + 52);
                assertThat(Secrets.wellFormed(kind, secret)).isTrue();
                assertThat(CredentialKind.ofSecret(secret)).contains(kind);
                assertThat(seen.add(secret)).isTrue();
            }
        }
        assertThat(Secrets.wellFormed(CredentialKind.MEMBER, "sw_member_" + "A".repeat(52)))
                .isFalse();
        assertThat(Secrets.wellFormed(CredentialKind.MEMBER, "sw_dep_" + "a".repeat(52)))
                .isFalse();
    }

    @Test
    void hash_isSha256Hex() {
        assertThat(Secrets.hash("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void publicId_isShortAndDistinct() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String id = Secrets.publicId(random);
            assertThat(id).matches("cred_[a-z2-7]{12}");
            ids.add(id);
        }
        assertThat(ids).hasSize(1000);
    }
}
