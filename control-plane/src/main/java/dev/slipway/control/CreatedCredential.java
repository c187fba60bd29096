package dev.slipway.control;

/**
 * A credential just created, with its secret. This is the only time the secret exists outside the
 * caller's hands: show it once (or write it where it belongs) and drop it. {@link #toString()} leaves
 * it out, so it does not end up in a log by accident.
 *
 * @param credential the stored credential
 * @param secret the secret, starting with {@link CredentialKind#prefix()}
 */
public record CreatedCredential(Credential credential, String secret) {
    @Override
    public String toString() {
        return "CreatedCredential[credential=" + credential + ", secret="
                + credential.kind().prefix() + "…]";
    }
}
