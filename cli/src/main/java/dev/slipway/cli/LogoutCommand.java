package dev.slipway.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code slipway logout}: forgets the saved login ({@link MemberConfig}). The token itself stays valid
 * on the server until someone revokes it; apps keep what {@code deployment select} wrote to their
 * {@code .env.local}.
 */
@Command(
        name = "logout",
        mixinStandardHelpOptions = true,
        versionProvider = SlipwayCommand.Version.class,
        description = "Forget the saved login (the token stays valid on the server until revoked).")
final class LogoutCommand implements Callable<Integer> {
    @Spec
    @SuppressWarnings("NullAway.Init") // injected by picocli
    private CommandSpec spec;

    @ParentCommand
    @SuppressWarnings("NullAway.Init") // injected by picocli
    private SlipwayCommand parent;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Map<String, String> env = parent.context().env();
        Optional<MemberConfig> login;
        try {
            login = MemberConfig.load(env);
        } catch (CliException unreadable) {
            login = Optional.empty(); // a broken login is removed all the same
        }
        if (MemberConfig.delete(env)) {
            out.println("Logged out"
                    + login.map(l -> " of " + l.url() + " (" + l.member() + ")").orElse("") + "; removed "
                    + MemberConfig.file(env));
        } else {
            out.println("Not logged in (no " + MemberConfig.file(env) + ")");
        }
        out.flush();
        return 0;
    }
}
