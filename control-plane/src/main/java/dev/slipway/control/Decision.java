package dev.slipway.control;

/** What {@link Authorizer#decide} answers. */
public sealed interface Decision {

    /** Whether the request may proceed. */
    boolean allowed();

    /** The request may proceed. */
    record Allow() implements Decision {
        @Override
        public boolean allowed() {
            return true;
        }
    }

    /**
     * The request may not proceed.
     *
     * @param reason why, naming the principal and the resource
     */
    record Deny(String reason) implements Decision {
        @Override
        public boolean allowed() {
            return false;
        }
    }
}
