package dev.slipway.cli;

import java.util.Optional;

/**
 * A failure the CLI reports to the user: one line (or a few) saying what is wrong and what to do,
 * printed to stderr as {@code error: <message>}, and the process exits with {@link #exit()}'s code.
 * No stack trace: every message names what was wrong by itself.
 *
 * <p>Every command throws this (or lets {@link AdminClient} throw it); {@link SlipwayCommand}
 * installs the one handler that prints it and maps it to the exit code.
 */
public final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The exit codes of the whole CLI, one per kind of failure. */
    public enum Exit {
        /** The command ran and something failed: a function threw, a build or push was refused. */
        FAILED(1),
        /** Bad usage: an unknown option, malformed {@code ARGS_JSON}, no deployment to target. */
        USAGE(2),
        /** No server answered: connection refused, unknown host, or a timeout. */
        UNREACHABLE(3),
        /** The server refused the credential (401/403): wrong, expired or revoked key. */
        UNAUTHORIZED(4);

        private final int code;

        Exit(int code) {
            this.code = code;
        }

        /** The process exit code. */
        public int code() {
            return code;
        }
    }

    private final Exit exit;
    private final transient Optional<Json> body;
    private final Optional<String> errorCode;

    private CliException(Exit exit, String message, Optional<String> errorCode, Optional<Json> body) {
        super(message);
        this.exit = exit;
        this.errorCode = errorCode;
        this.body = body;
    }

    /** A failure of the work itself (exit 1). */
    public static CliException failed(String message) {
        return new CliException(Exit.FAILED, message, Optional.empty(), Optional.empty());
    }

    /** A usage error (exit 2). */
    public static CliException usage(String message) {
        return new CliException(Exit.USAGE, message, Optional.empty(), Optional.empty());
    }

    /** No server to talk to (exit 3). */
    public static CliException unreachable(String message) {
        return new CliException(Exit.UNREACHABLE, message, Optional.empty(), Optional.empty());
    }

    /**
     * The server answered with an error: {@code status} picks the exit code (401/403 unauthorized,
     * everything else failed); the error body, when JSON, is kept for callers that print more of it
     * (a refused push carries its report).
     */
    public static CliException fromServer(int status, String message, Optional<String> errorCode, Optional<Json> body) {
        Exit exit = status == 401 || status == 403 ? Exit.UNAUTHORIZED : Exit.FAILED;
        return new CliException(exit, message, errorCode, body);
    }

    /** How the process exits. */
    public Exit exit() {
        return exit;
    }

    /** The server's error code ({@code "BadAdminKey"}), when the server gave one. */
    public Optional<String> errorCode() {
        return errorCode;
    }

    /** The server's whole error body, when it was JSON. */
    public Optional<Json> body() {
        return body;
    }

    /** The message of {@code e}'s cause (or of {@code e}), never null, for messages. */
    static String reason(Throwable e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        String message = cause.getMessage();
        return message != null ? message : cause.getClass().getSimpleName();
    }

    @Override
    public String getMessage() {
        return String.valueOf(super.getMessage());
    }
}
