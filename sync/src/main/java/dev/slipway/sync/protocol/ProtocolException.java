package dev.slipway.sync.protocol;

import dev.slipway.value.SlipwayException;
import java.util.Objects;

/**
 * A client broke the sync protocol: a message that is not JSON, has an unknown type or a missing or
 * mistyped field, or a version that does not follow the rules. The session answers with a {@code
 * FatalError} carrying {@link #getMessage()} and closes the socket; the client does not reconnect.
 *
 * <p>Codes: {@code WSMessageInvalidJson} for a message that cannot be read (the backend's code), and
 * the specific rule for the rest ({@code BaseVersionMismatch}, {@code InvalidNewVersion}, {@code
 * IdentityVersionMismatch}, {@code DuplicateQueryId}, {@code NonexistentQueryId}).
 */
public final class ProtocolException extends SlipwayException {
    private static final long serialVersionUID = 1L;

    /** The code of a message that cannot be read. */
    public static final String INVALID_MESSAGE = "WSMessageInvalidJson";

    public ProtocolException(String code, String message) {
        super(code, message);
    }

    /** What the client is told in the {@code FatalError}; never null. */
    @Override
    public String getMessage() {
        return Objects.requireNonNullElse(super.getMessage(), code());
    }

    /** A message that cannot be read, with what is wrong in it. */
    static ProtocolException invalid(String detail) {
        return new ProtocolException(INVALID_MESSAGE, "Received Invalid JSON on websocket: " + detail);
    }
}
