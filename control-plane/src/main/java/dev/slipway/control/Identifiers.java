package dev.slipway.control;

import java.util.regex.Pattern;

/** The rules for slugs, member names and credential names, with errors that name the bad value. */
final class Identifiers {
    static final int MAX_SLUG_LENGTH = 40;
    static final int MAX_CREDENTIAL_NAME_LENGTH = 100;

    private static final Pattern SLUG = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?");

    private Identifiers() {}

    /**
     * Checks a team or project slug or a member name.
     *
     * @param what "team slug", "project slug" or "member name", for the message
     * @throws ControlPlaneException {@code InvalidArgument}
     */
    static String checkSlug(String what, String value) {
        if (!SLUG.matcher(value).matches()) {
            throw ControlPlaneException.invalid("Invalid " + what + " \"" + value + "\": use 1-" + MAX_SLUG_LENGTH
                    + " lowercase letters, digits and '-', starting and ending with a letter or digit");
        }
        return value;
    }

    /**
     * Checks a credential's label: 1–100 characters, not blank, no control characters.
     *
     * @throws ControlPlaneException {@code InvalidArgument}
     */
    static String checkCredentialName(String name) {
        if (name.isBlank()
                || name.length() > MAX_CREDENTIAL_NAME_LENGTH
                || name.strip().length() != name.length()) {
            throw ControlPlaneException.invalid("Invalid credential name \"" + name + "\": use 1-"
                    + MAX_CREDENTIAL_NAME_LENGTH + " characters, without leading or trailing spaces");
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            throw ControlPlaneException.invalid("Invalid credential name \"" + name.replaceAll("\\p{Cntrl}", "?")
                    + "\": it contains control characters");
        }
        return name;
    }
}
