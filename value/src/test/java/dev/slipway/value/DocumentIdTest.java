package dev.slipway.value;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DocumentIdTest {

    /**
     * The first two rows are the reference's worked examples; the others were computed with an
     * independent implementation (VInt, Fletcher-16, MSB-first base32) and the binary layout checked
     * by hand: e.g. table 128 is VInt {@code 80 01}, table 16384 is {@code 80 80 01}.
     */
    @ParameterizedTest
    @CsvSource({
        "10001, 0102030405060708090a0b0c0d0e0f10, j57020g30g2gc1r81450p30d1r7h0swg",
        "1, 0102030405060708090a0b0c0d0e0f10, 040g40r40m30e209185gr38e1w88jg8",
        "127, 0102030405060708090a0b0c0d0e0f10, fw0g40r40m30e209185gr38e1w80f7r",
        "128, 0102030405060708090a0b0c0d0e0f10, g00g20g30g2gc1r81450p30d1r7h02a1",
        "16383, 00000000000000000000000000000000, zxzg0000000000000000000000000zjx",
        "16384, ffffffffffffffffffffffffffffffff, g2003zzzzzzzzzzzzzzzzzzzzzzzzzzh14",
        "2097152, 0102030405060708090a0b0c0d0e0f10, g2080081081g81860w40j2gb1g6gw3rg170g",
        "2147483647, abababababababababababababababab, zzzzzzr7nentqaxbnentqaxbnentqaxbnesg2",
        "513, 000102030405060708090a0b0c0d0e0f, g42000820c20a1g7104gm2rc1m70zzfy",
        "10002, 80000000000000000000000000000000, j9780000000000000000000000000r3j"
    })
    void encodeDecode_knownIds_matchTable(int table, String internalHex, String encoded) {
        DocumentId id = new DocumentId(table, new InternalId(HexFormat.of().parseHex(internalHex)));
        assertThat(id.encode()).isEqualTo(encoded);
        assertThat(DocumentId.decode(encoded)).contains(id);
    }

    @Test
    void decode_randomIds_roundTrip() {
        Seeds.run(Seeds.seed(), seed -> {
            SplittableRandom random = new SplittableRandom(seed);
            for (int i = 0; i < 5000; i++) {
                int table = random.nextBoolean() ? random.nextInt(1, 20000) : random.nextInt(1, Integer.MAX_VALUE);
                DocumentId id = new DocumentId(table, InternalId.random(random));
                String encoded = id.encode();
                assertThat(encoded.length()).isBetween(31, 37);
                assertThat(DocumentId.decode(encoded)).contains(id);
            }
        });
    }

    @Test
    void decode_anySingleCharacterChanged_isNotAnId() {
        String good = "j57020g30g2gc1r81450p30d1r7h0swg";
        String alphabet = "0123456789abcdefghjkmnpqrstvwxyz";
        int accepted = 0;
        for (int i = 0; i < good.length(); i++) {
            for (char c : alphabet.toCharArray()) {
                if (c != good.charAt(i)) {
                    String changed = good.substring(0, i) + c + good.substring(i + 1);
                    if (DocumentId.decode(changed).isPresent()) {
                        accepted++;
                    }
                }
            }
        }
        // A changed character either breaks the checksum or the canonical form; Fletcher-16 catches
        // every single-byte change.
        assertThat(accepted).isZero();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "j57020g30g2gc1r81450p30d1r7h0sw", // one character short
                "j57020g30g2gc1r81450p30d1r7h0swg0", // one character long
                "J57020G30G2GC1R81450P30D1R7H0SWG", // upper case is not canonical
                "j57020g30g2gc1r81450p30d1r7h0swh", // last character changed: footer mismatch
                "j57020g30g2gc1r81450p30d1r7h0sw!", // not in the alphabet
                "i57020g30g2gc1r81450p30d1r7h0swg", // i, l, o, u are not in the alphabet
                "040g40r40m30e209185gr38e1w88jg9", // padding bits set
                "0000000000000000000000000000000", // table 0
                "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz", // endless VInt
                "j57020g30g2gc1r81450p30d1r7h0swg\u0000",
                "\u0662\u0665\u0667"
            })
    void decode_badStrings_areNotIds(String input) {
        assertThat(DocumentId.decode(input)).isEmpty();
    }

    @Test
    void decode_nonCanonicalVInt_isNotAnId() {
        // Table 1 written as the two-byte VInt 81 00, with a footer that matches those bytes.
        byte[] body = new byte[2 + InternalId.LENGTH];
        body[0] = (byte) 0x81;
        body[1] = 0;
        byte[] all = java.util.Arrays.copyOf(body, body.length + 2);
        int footer = DocumentId.IdV6.fletcher16(body, body.length);
        all[body.length] = (byte) footer;
        all[body.length + 1] = (byte) (footer >>> 8);
        assertThat(DocumentId.decode(DocumentId.IdV6.base32(all))).isEmpty();
    }

    @Test
    void decode_tableNumberBeyondInt_isNotAnId() {
        // VInt of 2^31 = 80 80 80 80 08.
        byte[] body = new byte[5 + InternalId.LENGTH];
        body[0] = (byte) 0x80;
        body[1] = (byte) 0x80;
        body[2] = (byte) 0x80;
        body[3] = (byte) 0x80;
        body[4] = 0x08;
        byte[] all = java.util.Arrays.copyOf(body, body.length + 2);
        int footer = DocumentId.IdV6.fletcher16(body, body.length);
        all[body.length] = (byte) footer;
        all[body.length + 1] = (byte) (footer >>> 8);
        assertThat(DocumentId.decode(DocumentId.IdV6.base32(all))).isEqualTo(Optional.empty());
    }

    @Test
    void vint_boundaries_useLeb128() {
        assertThat(DocumentId.IdV6.vint(1)).containsExactly(0x01);
        assertThat(DocumentId.IdV6.vint(127)).containsExactly(0x7f);
        assertThat(DocumentId.IdV6.vint(128)).containsExactly(0x80, 0x01);
        assertThat(DocumentId.IdV6.vint(10001)).containsExactly(0x91, 0x4e);
        assertThat(DocumentId.IdV6.vint(Integer.MAX_VALUE)).containsExactly(0xff, 0xff, 0xff, 0xff, 0x07);
    }

    @Test
    void toString_isTheEncodedId() {
        DocumentId id = DocumentId.decode("j57020g30g2gc1r81450p30d1r7h0swg").orElseThrow();
        assertThat(id).hasToString("j57020g30g2gc1r81450p30d1r7h0swg");
    }
}
