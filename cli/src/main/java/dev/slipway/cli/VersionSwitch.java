package dev.slipway.cli;

import java.io.PrintWriter;

/**
 * What {@code promote} and {@code rollback} share: {@code POST admin/promote} or {@code
 * admin/rollback}, which answer the push report of the version made current (docs/ADMIN-API.md).
 * The report is printed as {@link PushReport} prints a push's; a refusal prints the report its error
 * body carries and fails with the server's message (exit 1). With {@code --json} the report, accepted
 * or refused, is also printed as JSON on stdout for CI, and everything readable goes to stderr.
 */
final class VersionSwitch {
    private VersionSwitch() {}

    /**
     * Sends {@code body} to {@code admin/<endpoint>} and prints the answer.
     *
     * @param what {@code "Promote"} or {@code "Rollback"}, naming a refused request's report
     * @param out where the readable report goes (stderr with {@code --json})
     * @param stdout where the JSON report goes with {@code json}
     * @return the server's report
     * @throws CliException the server's refusal, after its report is printed
     */
    static Json post(
            DeploymentTarget deployment,
            String endpoint,
            Json body,
            String what,
            boolean json,
            PrintWriter out,
            PrintWriter err,
            PrintWriter stdout) {
        Json report;
        try (AdminClient admin = AdminClient.connect(deployment)) {
            report = admin.withTimeout(Pusher.PUSH_TIMEOUT).post(endpoint, body);
        } catch (CliException e) {
            e.body().ifPresent(b -> PushReport.printRefused(b, what, err));
            if (json) {
                e.body().flatMap(b -> b.get("report")).ifPresent(r -> {
                    stdout.println(r.pretty());
                    stdout.flush();
                });
            }
            throw e;
        }
        PushReport.printAccepted(report, deployment, out);
        if (json) {
            stdout.println(report.pretty());
            stdout.flush();
        }
        return report;
    }

    /**
     * Whether to go on: without {@code yes}, a production deployment asks the person at the terminal
     * {@code question}; with no one there it goes on, as {@code deploy} does (CI passes {@code -y}
     * anyway).
     */
    static boolean confirmed(
            boolean yes, DeploymentTarget deployment, CliContext context, String question, PrintWriter out) {
        return yes || !deployment.isProduction() || !context.interactive() || context.askYes(question, out);
    }
}
