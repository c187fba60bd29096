package dev.slipway.cli;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A deployment as the control-plane commands take it: {@code [team:][project:]REF}, where {@code REF}
 * is a reference in the project ({@code production}, {@code dev/alice}, {@code preview/feature-x},
 * {@code staging}) or a deployment's name ({@code brave-otter-123}). The team and project default to
 * those selected at login or by {@code deployment select}.
 *
 * @param team the team, when the text names it ({@code team:project:REF})
 * @param project the project, when the text names it ({@code project:REF} or {@code team:project:REF})
 * @param reference the reference or name
 */
record DeploymentRef(Optional<String> team, Optional<String> project, String reference) {
    /** Deployment names as the control plane makes them: lowercase words and digits joined by {@code -}. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    private static final String FORM = "[team:][project:]REF, e.g. dev/alice, chat:production or acme:chat:preview/x";

    /**
     * Reads {@code text}.
     *
     * @throws CliException (usage) for an empty text or part, or more than three parts
     */
    static DeploymentRef parse(String text) {
        String[] parts = text.strip().split(":", -1);
        if (parts.length > 3) {
            throw CliException.usage(
                    "\"" + text + "\" is not a deployment: it has " + (parts.length - 1) + " colons; use " + FORM);
        }
        for (String part : parts) {
            if (part.isBlank()) {
                throw CliException.usage("\"" + text + "\" is not a deployment: a part is empty; use " + FORM);
            }
        }
        return switch (parts.length) {
            case 1 -> new DeploymentRef(Optional.empty(), Optional.empty(), parts[0]);
            case 2 -> new DeploymentRef(Optional.empty(), Optional.of(parts[0]), parts[1]);
            default -> new DeploymentRef(Optional.of(parts[0]), Optional.of(parts[1]), parts[2]);
        };
    }

    /** Whether {@link #reference()} could be a deployment's name rather than only a reference. */
    boolean couldBeName() {
        return team.isEmpty() && project.isEmpty() && NAME.matcher(reference).matches();
    }

    /**
     * The deployment this names, as the control API describes it: the reference in the named or
     * selected project; a name when no project is named and the selected project has no such
     * reference (or none is selected).
     *
     * @throws CliException (usage) when a reference needs a project and none is named or selected;
     *     the server's error ({@code NotFound}, {@code Forbidden}) otherwise
     */
    Json resolve(ControlClient control, MemberConfig login) {
        if (project.isPresent()) {
            String t = team.orElseGet(() -> login.team(Optional.empty()));
            return byReference(control, t, project.get());
        }
        if (login.team().isPresent() && login.project().isPresent()) {
            try {
                return byReference(control, login.team().get(), login.project().get());
            } catch (CliException e) {
                if (!couldBeName() || !e.errorCode().equals(Optional.of("NotFound"))) {
                    throw e;
                }
            }
        } else if (!couldBeName()) {
            throw CliException.usage("\"" + reference + "\" is a reference, and no project is selected: use "
                    + "team:project:" + reference + " or select a project (`slipway project create`, `slipway"
                    + " deployment select team:project:REF`)");
        }
        return control.get(ControlClient.path("deployments", reference));
    }

    private Json byReference(ControlClient control, String t, String p) {
        return control.get(ControlClient.path("teams", t, "projects", p, "deployments", reference));
    }

    @Override
    public String toString() {
        return team.map(t -> t + ":").orElse("") + project.map(p -> p + ":").orElse("") + reference;
    }
}
