package dev.slipway.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code slipway credentials list|revoke}: the control plane's credentials the login may see (member
 * tokens, deploy keys, deployment tokens; {@code GET /control/credentials}), with their last use, and
 * revoking one by id ({@code POST /control/credentials/{id}/revoke}), which takes effect at once.
 * Secrets are never shown again: they were printed once, when created.
 */
@Command(
        name = "credentials",
        mixinStandardHelpOptions = true,
        versionProvider = SlipwayCommand.Version.class,
        description = "List the credentials you may see, with their last use, or revoke one.",
        subcommands = {CredentialsCommand.ListCredentials.class, CredentialsCommand.Revoke.class})
final class CredentialsCommand implements Runnable {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    @Spec
    @SuppressWarnings("NullAway.Init") // injected by picocli
    private CommandSpec spec;

    @ParentCommand
    @SuppressWarnings("NullAway.Init") // injected by picocli
    private SlipwayCommand parent;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    private static String time(Json credential, String field) {
        return credential
                .number(field)
                .map(ms -> TIME.format(Instant.ofEpochMilli(ms.longValue()).atZone(ZoneId.systemDefault())))
                .orElse("-");
    }

    /** {@code slipway credentials list}: ID, KIND, NAME, CREATED, LAST USED, REVOKED. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List credentials, oldest first.")
    static final class ListCredentials implements Callable<Integer> {
        @Spec
        @SuppressWarnings("NullAway.Init") // injected by picocli
        private CommandSpec spec;

        @ParentCommand
        @SuppressWarnings("NullAway.Init") // injected by picocli
        private CredentialsCommand credentials;

        @Override
        public Integer call() {
            MemberConfig login =
                    MemberConfig.require(credentials.parent.context().env());
            List<Json> found;
            try (ControlClient control = ControlClient.connect(login)) {
                found = control.get(ControlClient.path("credentials")).array("credentials");
            }
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"ID", "KIND", "NAME", "CREATED", "LAST USED", "REVOKED"});
            for (Json c : found) {
                rows.add(new String[] {
                    c.string("id").orElse("?"),
                    c.string("kind").orElse("?"),
                    c.string("name").orElse(""),
                    time(c, "createdAt"),
                    time(c, "lastUsedAt"),
                    time(c, "revokedAt")
                });
            }
            PrintWriter out = spec.commandLine().getOut();
            int[] widths = new int[rows.getFirst().length];
            for (String[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    widths[i] = Math.max(widths[i], row[i].length());
                }
            }
            for (String[] row : rows) {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < row.length; i++) {
                    line.append(row[i]);
                    if (i < row.length - 1) {
                        line.append(" ".repeat(widths[i] - row[i].length() + 2));
                    }
                }
                out.println(line);
            }
            out.flush();
            return 0;
        }
    }

    /** {@code slipway credentials revoke ID}. */
    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a credential; it fails at once.")
    static final class Revoke implements Callable<Integer> {
        @Spec
        @SuppressWarnings("NullAway.Init") // injected by picocli
        private CommandSpec spec;

        @ParentCommand
        @SuppressWarnings("NullAway.Init") // injected by picocli
        private CredentialsCommand credentials;

        @Parameters(index = "0", paramLabel = "ID", description = "The credential's id, from credentials list.")
        @SuppressWarnings("NullAway.Init") // injected by picocli
        private String id;

        @Override
        public Integer call() {
            MemberConfig login =
                    MemberConfig.require(credentials.parent.context().env());
            Json revoked;
            try (ControlClient control = ControlClient.connect(login)) {
                revoked = control.post(ControlClient.path("credentials", id, "revoke"), Json.object());
            }
            PrintWriter err = spec.commandLine().getErr();
            err.println("Revoked " + revoked.string("kind").orElse("credential") + " "
                    + revoked.string("name").orElse(id) + " (" + id + ").");
            err.flush();
            return 0;
        }
    }
}
