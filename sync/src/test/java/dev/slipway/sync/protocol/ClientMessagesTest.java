package dev.slipway.sync.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.persistence.Timestamp;
import dev.slipway.sync.protocol.ClientMessage.Action;
import dev.slipway.sync.protocol.ClientMessage.Add;
import dev.slipway.sync.protocol.ClientMessage.AdminToken;
import dev.slipway.sync.protocol.ClientMessage.Authenticate;
import dev.slipway.sync.protocol.ClientMessage.Connect;
import dev.slipway.sync.protocol.ClientMessage.Event;
import dev.slipway.sync.protocol.ClientMessage.ModifyQuerySet;
import dev.slipway.sync.protocol.ClientMessage.Mutation;
import dev.slipway.sync.protocol.ClientMessage.NoToken;
import dev.slipway.sync.protocol.ClientMessage.Remove;
import dev.slipway.sync.protocol.ClientMessage.UserToken;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClientMessagesTest {
    private static final String SESSION = "6f1c7b4e-2b1a-4c3d-9e8f-0a1b2c3d4e5f";

    @Test
    void decode_connectAsTheJsClientWritesIt_readsEveryField() {
        // client.ts spreads reconnectMetadata first, so "type" is not the first field.
        String json = "{\"connectionCount\":2,\"lastCloseReason\":\"InactiveServer\",\"clientTs\":1714000000000,"
                + "\"type\":\"Connect\",\"sessionId\":\"" + SESSION + "\",\"maxObservedTimestamp\":\"AAAqNv6clxc=\"}";

        ClientMessage message = ClientMessages.decode(json);

        assertThat(message)
                .isEqualTo(new Connect(
                        SESSION,
                        2,
                        Optional.of("InactiveServer"),
                        Optional.of(EncodedTs.decode("AAAqNv6clxc=", "ts")),
                        OptionalLong.of(1714000000000L)));
    }

    @Test
    void decode_firstConnect_hasNoObservedTimestamp() {
        String json = "{\"connectionCount\":0,\"lastCloseReason\":null,\"clientTs\":5,\"type\":\"Connect\","
                + "\"sessionId\":\"" + SESSION + "\"}";

        assertThat(ClientMessages.decode(json))
                .isEqualTo(new Connect(SESSION, 0, Optional.empty(), Optional.empty(), OptionalLong.of(5)));
    }

    @Test
    void decode_modifyQuerySet_readsAddsAndRemovesWithJournals() {
        String json = "{\"type\":\"ModifyQuerySet\",\"baseVersion\":3,\"newVersion\":4,\"modifications\":["
                + "{\"type\":\"Add\",\"queryId\":7,\"udfPath\":\"messages:list\",\"args\":[{\"channel\":\"a\"}]},"
                + "{\"type\":\"Add\",\"queryId\":8,\"udfPath\":\"messages:page\",\"args\":[{\"n\":{\"$integer\":\"AQAAAAAAAAA=\"}}],"
                + "\"journal\":\"cursor-1\",\"componentPath\":\"child\"},"
                + "{\"type\":\"Add\",\"queryId\":9,\"udfPath\":\"m:q\",\"args\":[{}],\"journal\":null},"
                + "{\"type\":\"Remove\",\"queryId\":2}]}";

        assertThat(ClientMessages.decode(json))
                .isEqualTo(new ModifyQuerySet(
                        3,
                        4,
                        List.of(
                                new Add(
                                        7,
                                        "messages:list",
                                        "[{\"channel\":\"a\"}]",
                                        Optional.empty(),
                                        Optional.empty()),
                                new Add(
                                        8,
                                        "messages:page",
                                        "[{\"n\":{\"$integer\":\"AQAAAAAAAAA=\"}}]",
                                        Optional.of("cursor-1"),
                                        Optional.of("child")),
                                new Add(9, "m:q", "[{}]", Optional.empty(), Optional.empty()),
                                new Remove(2))));
    }

    @Test
    void decode_mutationAndAction_keepTheArgumentTextExactly() {
        String args = "[ {\"body\" : \"hi \\u00e9\", \"n\": 1.50, \"big\": {\"$integer\":\"AAAAAAAAAIA=\"}} ]";

        assertThat(ClientMessages.decode(
                        "{\"type\":\"Mutation\",\"requestId\":7,\"udfPath\":\"messages:send\",\"args\":" + args + "}"))
                .isEqualTo(new Mutation(7, "messages:send", args, Optional.empty()));
        assertThat(ClientMessages.decode("{\"type\":\"Action\",\"requestId\":8,\"udfPath\":\"ai:summarize\",\"args\":"
                        + args + ",\"componentPath\":\"c\"}"))
                .isEqualTo(new Action(8, "ai:summarize", args, Optional.of("c")));
    }

    @Test
    void decode_authenticate_readsEveryTokenType() {
        assertThat(ClientMessages.decode(
                        "{\"type\":\"Authenticate\",\"baseVersion\":0,\"tokenType\":\"User\",\"value\":\"a.b.c\"}"))
                .isEqualTo(new Authenticate(0, new UserToken("a.b.c")));
        assertThat(ClientMessages.decode("{\"type\":\"Authenticate\",\"tokenType\":\"None\",\"baseVersion\":1}"))
                .isEqualTo(new Authenticate(1, new NoToken()));
        assertThat(ClientMessages.decode("{\"type\":\"Authenticate\",\"tokenType\":\"Admin\",\"value\":\"key\","
                        + "\"baseVersion\":2,\"impersonating\":{\"subject\":\"u1\",\"issuer\":\"i\"}}"))
                .isEqualTo(new Authenticate(
                        2, new AdminToken("key", Optional.of("{\"subject\":\"u1\",\"issuer\":\"i\"}"))));
        assertThat(ClientMessages.decode("{\"type\":\"Authenticate\",\"tokenType\":\"Admin\",\"value\":\"key\","
                        + "\"baseVersion\":2,\"acting_as\":{\"tokenIdentifier\":\"t\"}}"))
                .isEqualTo(new Authenticate(2, new AdminToken("key", Optional.of("{\"tokenIdentifier\":\"t\"}"))));
    }

    @Test
    void toString_authenticate_hidesTheSecrets() {
        assertThat(new UserToken("header.payload.signature1234567").toString()).doesNotContain("payload");
        assertThat(new AdminToken("secret-admin-key", Optional.empty()).toString())
                .doesNotContain("secret");
    }

    @Test
    void decode_event_keepsThePayload() {
        assertThat(ClientMessages.decode(
                        "{\"type\":\"Event\",\"eventType\":\"ClientConnect\",\"event\":{\"marks\":[]}}"))
                .isEqualTo(new Event("ClientConnect", "{\"marks\":[]}"));
        assertThat(ClientMessages.decode("{\"type\":\"Event\",\"eventType\":\"X\",\"event\":3}"))
                .isEqualTo(new Event("X", "3"));
    }

    @Test
    void decode_unknownFields_areIgnored() {
        String json = "{\"type\":\"Mutation\",\"future\":{\"nested\":[1,2,{\"x\":null}]},\"requestId\":1,"
                + "\"udfPath\":\"a:b\",\"args\":[{}],\"extra\":true}";

        assertThat(ClientMessages.decode(json)).isEqualTo(new Mutation(1, "a:b", "[{}]", Optional.empty()));
    }

    @Test
    void encode_everyMessage_readsBackEqual() {
        List<ClientMessage> messages = List.of(
                new Connect(SESSION, 1, Optional.of("x"), Optional.of(Timestamp.of(123456789)), OptionalLong.of(-4)),
                new Connect(SESSION, 0, Optional.empty(), Optional.empty(), OptionalLong.empty()),
                new ModifyQuerySet(
                        0,
                        1,
                        List.of(
                                new Add(0, "a:b", "[{\"k\":1}]", Optional.of("j"), Optional.of("comp")),
                                new Add(1, "a:c", "[{}]", Optional.empty(), Optional.empty()),
                                new Remove(5))),
                new Mutation(4294967295L, "a:b", "[{}]", Optional.of("p")),
                new Action(3, "a:b", "[{\"x\":[1,2]}]", Optional.empty()),
                new Authenticate(0, new NoToken()),
                new Authenticate(1, new UserToken("jwt")),
                new Authenticate(2, new AdminToken("key", Optional.of("{\"subject\":\"s\"}"))),
                new Event("ClientReceivedTransition", "{\"messageLength\":1}"));

        for (ClientMessage message : messages) {
            assertThat(ClientMessages.decode(ClientMessages.encode(message))).isEqualTo(message);
        }
    }

    @Test
    void encode_connect_writesTheFieldsTheBackendReads() {
        String json = ClientMessages.encode(
                new Connect(SESSION, 0, Optional.of("InitialConnect"), Optional.empty(), OptionalLong.of(5)));

        assertThat(json)
                .isEqualTo("{\"type\":\"Connect\",\"sessionId\":\"" + SESSION + "\",\"connectionCount\":0,"
                        + "\"lastCloseReason\":\"InitialConnect\",\"clientTs\":5}");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "not json                | {\"type\":                                                       | Received Invalid JSON",
                "an array                | [1,2]                                                            | must be a JSON object",
                "no type                 | {\"requestId\":1}                                                | lacks the field \"type\"",
                "unknown type            | {\"type\":\"Subscribe\"}                                         | unknown client message type \"Subscribe\"",
                "missing field           | {\"type\":\"Mutation\",\"udfPath\":\"a\",\"args\":[{}]}          | Mutation lacks the field \"requestId\"",
                "string id               | {\"type\":\"Mutation\",\"requestId\":\"1\",\"udfPath\":\"a\",\"args\":[{}]} | field \"requestId\" must be a non-negative integer",
                "fractional id           | {\"type\":\"Mutation\",\"requestId\":1.5,\"udfPath\":\"a\",\"args\":[{}]}  | field \"requestId\" must be a non-negative integer",
                "negative version        | {\"type\":\"ModifyQuerySet\",\"baseVersion\":-1,\"newVersion\":0,\"modifications\":[]} | field \"baseVersion\" must be an integer from 0 to 4294967295",
                "above u32               | {\"type\":\"ModifyQuerySet\",\"baseVersion\":4294967296,\"newVersion\":0,\"modifications\":[]} | from 0 to 4294967295",
                "modifications object    | {\"type\":\"ModifyQuerySet\",\"baseVersion\":0,\"newVersion\":1,\"modifications\":{}} | field \"modifications\" must be an array",
                "bad modification        | {\"type\":\"ModifyQuerySet\",\"baseVersion\":0,\"newVersion\":1,\"modifications\":[{\"type\":\"Replace\",\"queryId\":1}]} | modification 0 has unknown type \"Replace\"",
                "add without args        | {\"type\":\"ModifyQuerySet\",\"baseVersion\":0,\"newVersion\":1,\"modifications\":[{\"type\":\"Add\",\"queryId\":1,\"udfPath\":\"a\"}]} | modification 0 lacks the field \"args\"",
                "bad token type          | {\"type\":\"Authenticate\",\"baseVersion\":0,\"tokenType\":\"Magic\"} | unknown tokenType \"Magic\"",
                "user without value      | {\"type\":\"Authenticate\",\"baseVersion\":0,\"tokenType\":\"User\"} | Authenticate lacks the field \"value\"",
                "ts not base64           | {\"type\":\"Connect\",\"sessionId\":\"s\",\"connectionCount\":0,\"maxObservedTimestamp\":\"***\"} | maxObservedTimestamp is not base64",
                "ts of 4 bytes           | {\"type\":\"Connect\",\"sessionId\":\"s\",\"connectionCount\":0,\"maxObservedTimestamp\":\"AAAAAA==\"} | base64 of 8 bytes",
                "ts above i64            | {\"type\":\"Connect\",\"sessionId\":\"s\",\"connectionCount\":0,\"maxObservedTimestamp\":\"//////////8=\"} | above the largest timestamp",
                "duplicate field         | {\"type\":\"Mutation\",\"type\":\"Action\"}                       | duplicate field \"type\"",
                "trailing text           | {\"type\":\"Event\",\"eventType\":\"x\"} {}                      | unexpected JSON after the message",
            })
    void decode_malformed_throwsNamingTheProblem(String name, String json, String expected) {
        assertThatThrownBy(() -> ClientMessages.decode(json))
                .isInstanceOfSatisfying(
                        ProtocolException.class, e -> assertThat(e.code()).isEqualTo("WSMessageInvalidJson"))
                .hasMessageContaining(expected);
    }
}
