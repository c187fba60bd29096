package dev.slipway.sync.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.slipway.persistence.Timestamp;
import dev.slipway.sync.protocol.ServerMessage.ActionResponse;
import dev.slipway.sync.protocol.ServerMessage.AuthError;
import dev.slipway.sync.protocol.ServerMessage.FatalError;
import dev.slipway.sync.protocol.ServerMessage.MutationResponse;
import dev.slipway.sync.protocol.ServerMessage.Ping;
import dev.slipway.sync.protocol.ServerMessage.QueryFailed;
import dev.slipway.sync.protocol.ServerMessage.QueryRemoved;
import dev.slipway.sync.protocol.ServerMessage.QueryUpdated;
import dev.slipway.sync.protocol.ServerMessage.StateVersion;
import dev.slipway.sync.protocol.ServerMessage.Transition;
import dev.slipway.sync.protocol.ServerMessage.TransitionChunk;
import dev.slipway.value.ConvexJson;
import dev.slipway.value.Value;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ServerMessagesTest {
    private static final Timestamp T = EncodedTs.decode("AAAqNv6clxc=", "ts");

    @Test
    void encodedTs_knownValues_matchTheClientsLittleEndianBase64() {
        assertThat(EncodedTs.encode(Timestamp.MIN)).isEqualTo("AAAAAAAAAAA=");
        assertThat(EncodedTs.encode(Timestamp.of(1))).isEqualTo("AQAAAAAAAAA=");
        assertThat(EncodedTs.encode(Timestamp.of(0x0102030405060708L))).isEqualTo("CAcGBQQDAgE=");
        assertThat(EncodedTs.encode(Timestamp.MAX)).isEqualTo("/////////38=");
        assertThat(T.nanos()).isEqualTo(0x17979cfe362a0000L);
        assertThat(EncodedTs.encode(T)).isEqualTo("AAAqNv6clxc=");
        assertThat(EncodedTs.decode("AQAAAAAAAAA", "ts")).isEqualTo(Timestamp.of(1));
    }

    @Test
    void encode_transition_writesTheExactShapeTheClientReads() {
        Transition t = new Transition(
                new StateVersion(0, 0, Timestamp.MIN),
                new StateVersion(1, 0, T),
                List.of(
                        new QueryUpdated(0, Value.Array.of(), List.of("[LOG] 'x'"), Optional.empty()),
                        new QueryFailed(
                                1, "Uncaught Error: no", List.of(), Optional.of("j1"), Optional.of(new Value.Int64(5))),
                        new QueryFailed(2, "plain", List.of(), Optional.empty(), Optional.empty()),
                        new QueryRemoved(3)),
                OptionalLong.of(-12),
                OptionalLong.of(1714000000123456789L));

        assertThat(ServerMessages.encode(t))
                .isEqualTo("{\"type\":\"Transition\","
                        + "\"startVersion\":{\"querySet\":0,\"identity\":0,\"ts\":\"AAAAAAAAAAA=\"},"
                        + "\"endVersion\":{\"querySet\":1,\"identity\":0,\"ts\":\"AAAqNv6clxc=\"},"
                        + "\"modifications\":["
                        + "{\"type\":\"QueryUpdated\",\"queryId\":0,\"value\":[],\"logLines\":[\"[LOG] 'x'\"],\"journal\":null},"
                        + "{\"type\":\"QueryFailed\",\"queryId\":1,\"errorMessage\":\"Uncaught Error: no\",\"logLines\":[],"
                        + "\"journal\":\"j1\",\"errorData\":{\"$integer\":\"BQAAAAAAAAA=\"}},"
                        + "{\"type\":\"QueryFailed\",\"queryId\":2,\"errorMessage\":\"plain\",\"logLines\":[],\"journal\":null},"
                        + "{\"type\":\"QueryRemoved\",\"queryId\":3}],"
                        + "\"clientClockSkew\":-12,\"serverTs\":1714000000123456789}");
    }

    @Test
    void encode_transitionWithValueText_takesEveryValuesTextFromIt() {
        Value result = new Value.Str("computed once");
        Value data = new Value.Int64(5);
        Transition t = new Transition(
                StateVersion.INITIAL,
                new StateVersion(1, 0, T),
                List.of(
                        new QueryUpdated(0, result, List.of(), Optional.empty()),
                        new QueryFailed(1, "e", List.of(), Optional.empty(), Optional.of(data))),
                OptionalLong.empty(),
                OptionalLong.empty());
        List<Value> asked = new ArrayList<>();

        String json = ServerMessages.encode(t, value -> {
            asked.add(value);
            return value == result ? "\"shared\"" : "{\"$integer\":\"BQAAAAAAAAA=\"}";
        });

        assertThat(asked).containsExactly(result, data);
        assertThat(json).contains("\"value\":\"shared\"").contains("\"errorData\":{\"$integer\":\"BQAAAAAAAAA=\"}");
        assertThat(ServerMessages.encode(t, ValueText.ENCODE)).isEqualTo(ServerMessages.encode(t));
    }

    @Test
    void encode_transitionStrings_escapedExactlyAsTheJsonGeneratorDoes() throws IOException {
        List<String> awkward = List.of(
                "plain",
                "quote \" and backslash \\ and slash /",
                "controls \u0000\u0001\b\t\n\f\r\u001f\u007f",
                "non-ASCII \u00e9\u20ac\uD83D\uDE00 and separators \u2028\u2029",
                "lone surrogates \uD800 \uDC00 end");
        for (String text : awkward) {
            Transition t = new Transition(
                    StateVersion.INITIAL,
                    StateVersion.INITIAL,
                    List.of(new QueryFailed(0, text, List.of(text), Optional.of(text), Optional.empty())),
                    OptionalLong.empty(),
                    OptionalLong.empty());
            String quoted = generatorQuoted(text);

            assertThat(ServerMessages.encode(t))
                    .contains("\"errorMessage\":" + quoted + ",\"logLines\":[" + quoted + "],\"journal\":" + quoted);
            if (!text.startsWith("lone")) {
                assertThat(ServerMessages.decode(ServerMessages.encode(t))).isEqualTo(t);
            }
        }
    }

    /** {@code text} as the JSON generator writes a string value. */
    private static String generatorQuoted(String text) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = ConvexJson.jsonFactory().createGenerator(out)) {
            g.writeString(text);
        }
        return out.toString();
    }

    @Test
    void encode_transitionWithoutSkew_omitsTheOptionalFields() {
        Transition t = new Transition(
                StateVersion.INITIAL, StateVersion.INITIAL, List.of(), OptionalLong.empty(), OptionalLong.empty());

        assertThat(ServerMessages.encode(t))
                .isEqualTo(
                        "{\"type\":\"Transition\",\"startVersion\":{\"querySet\":0,\"identity\":0,\"ts\":\"AAAAAAAAAAA=\"},"
                                + "\"endVersion\":{\"querySet\":0,\"identity\":0,\"ts\":\"AAAAAAAAAAA=\"},\"modifications\":[]}");
    }

    @Test
    void encode_responses_writeTheBackendsFields() {
        assertThat(ServerMessages.encode(new MutationResponse(
                        7,
                        new Outcome.Success(Value.Obj.of(Map.of("id", new Value.Str("x"))), List.of("[LOG] 'a'")),
                        Optional.of(T))))
                .isEqualTo("{\"type\":\"MutationResponse\",\"requestId\":7,\"success\":true,\"result\":{\"id\":\"x\"},"
                        + "\"logLines\":[\"[LOG] 'a'\"],\"ts\":\"AAAqNv6clxc=\"}");
        assertThat(ServerMessages.encode(new MutationResponse(
                        7,
                        new Outcome.Failure("Uncaught Error: x", Optional.of(new Value.Str("d")), List.of()),
                        Optional.empty())))
                .isEqualTo(
                        "{\"type\":\"MutationResponse\",\"requestId\":7,\"success\":false,\"result\":\"Uncaught Error: x\","
                                + "\"errorData\":\"d\",\"logLines\":[],\"ts\":null}");
        assertThat(ServerMessages.encode(new ActionResponse(8, new Outcome.Success(Value.Null.INSTANCE, List.of()))))
                .isEqualTo(
                        "{\"type\":\"ActionResponse\",\"requestId\":8,\"success\":true,\"result\":null,\"logLines\":[]}");
        assertThat(ServerMessages.encode(new ActionResponse(8, Outcome.Failure.of("boom"))))
                .isEqualTo(
                        "{\"type\":\"ActionResponse\",\"requestId\":8,\"success\":false,\"result\":\"boom\",\"logLines\":[]}");
        assertThat(ServerMessages.encode(new AuthError("bad token", 0, true)))
                .isEqualTo(
                        "{\"type\":\"AuthError\",\"error\":\"bad token\",\"baseVersion\":0,\"authUpdateAttempted\":true}");
        assertThat(ServerMessages.encode(
                        new FatalError("Base version 3 passed up doesn't match the current version 1")))
                .isEqualTo(
                        "{\"type\":\"FatalError\",\"error\":\"Base version 3 passed up doesn't match the current version 1\"}");
        assertThat(ServerMessages.encode(new Ping())).isEqualTo("{\"type\":\"Ping\"}");
        assertThat(ServerMessages.encode(new TransitionChunk("{\"type\":", 0, 3, "42")))
                .isEqualTo(
                        "{\"type\":\"TransitionChunk\",\"chunk\":\"{\\\"type\\\":\",\"partNumber\":0,\"totalParts\":3,"
                                + "\"transitionId\":\"42\"}");
    }

    @Test
    void decode_everyMessage_readsBackEqual() {
        List<ServerMessage> messages = List.of(
                new Transition(
                        StateVersion.INITIAL,
                        new StateVersion(4294967295L, 3, T),
                        List.of(
                                new QueryUpdated(1, new Value.Float64(-0.0), List.of("a"), Optional.of("j")),
                                new QueryFailed(2, "e", List.of(), Optional.empty(), Optional.of(Value.Null.INSTANCE)),
                                new QueryRemoved(9)),
                        OptionalLong.of(3),
                        OptionalLong.empty()),
                new TransitionChunk("x\u00e9\uD83D\uDE00", 1, 2, "t"),
                new MutationResponse(
                        1, new Outcome.Success(new Value.Bytes(new byte[] {1, 2}), List.of()), Optional.of(T)),
                new MutationResponse(2, new Outcome.Failure("m", Optional.empty(), List.of("l")), Optional.empty()),
                new ActionResponse(3, new Outcome.Failure("m", Optional.of(Value.Obj.empty()), List.of())),
                new AuthError("e", 1, false),
                new FatalError("f"),
                new Ping());

        for (ServerMessage message : messages) {
            assertThat(ServerMessages.decode(ServerMessages.encode(message))).isEqualTo(message);
        }
    }

    @Test
    void decode_backendStyleNullOptionals_areAbsent() {
        String json =
                "{\"type\":\"Transition\",\"startVersion\":{\"querySet\":0,\"identity\":0,\"ts\":\"AAAAAAAAAAA=\"},"
                        + "\"endVersion\":{\"querySet\":0,\"identity\":0,\"ts\":\"AQAAAAAAAAA=\"},\"modifications\":[],"
                        + "\"clientClockSkew\":null,\"serverTs\":null}";

        assertThat(ServerMessages.decode(json))
                .isEqualTo(new Transition(
                        StateVersion.INITIAL,
                        new StateVersion(0, 0, Timestamp.of(1)),
                        List.of(),
                        OptionalLong.empty(),
                        OptionalLong.empty()));
    }

    @Test
    void mutationResponse_successWithoutTs_isRefused() {
        assertThatThrownBy(() ->
                        new MutationResponse(1, new Outcome.Success(Value.Null.INSTANCE, List.of()), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("request 1");
    }
}
