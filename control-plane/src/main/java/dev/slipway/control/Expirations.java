package dev.slipway.control;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the expiration of {@code deployment create --expiration}: a relative time ({@code "in 7
 * days"}, {@code "in 12 hours"}, {@code "in 30 minutes"}, {@code "in 2 weeks"}; units may be
 * abbreviated: {@code min}, {@code h}, {@code d}, {@code w}), an ISO date ({@code 2025-07-01}: the
 * start of that day in UTC), or an ISO date-time ({@code 2025-07-01T12:00:00Z}, with an offset, or
 * without one for UTC). The result must lie in the future.
 */
public final class Expirations {
    private static final Pattern RELATIVE = Pattern.compile(
            "in\\s+(\\d{1,6})\\s*(minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|w)", Pattern.CASE_INSENSITIVE);
    private static final String FORMS = "use \"in N minutes|hours|days|weeks\" (for example \"in 7 days\"), an ISO"
            + " date (2025-07-01, midnight UTC) or an ISO date-time (2025-07-01T12:00:00Z)";

    private Expirations() {}

    /**
     * The instant {@code text} names, relative to {@code now}.
     *
     * @throws ControlPlaneException {@code InvalidArgument} naming the text, when it is none of the
     *     forms, a zero duration, or not after {@code now}
     */
    public static Instant parse(String text, Instant now) {
        String trimmed = text.strip();
        Instant at = relative(trimmed, now)
                .or(() -> absolute(trimmed))
                .orElseThrow(
                        () -> ControlPlaneException.invalid("Cannot read the expiration \"" + text + "\": " + FORMS));
        if (!at.isAfter(now)) {
            throw ControlPlaneException.invalid(
                    "The expiration \"" + text + "\" (" + at + ") is not in the future (now is " + now + ")");
        }
        return at;
    }

    private static Optional<Instant> relative(String text, Instant now) {
        Matcher m = RELATIVE.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2).toLowerCase(Locale.ROOT);
        Duration step = switch (unit.charAt(0)) {
            case 'm' -> Duration.ofMinutes(1);
            case 'h' -> Duration.ofHours(1);
            case 'd' -> Duration.ofDays(1);
            default -> Duration.ofDays(7);
        };
        return Optional.of(now.plus(step.multipliedBy(amount)));
    }

    private static Optional<Instant> absolute(String text) {
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException notOffset) {
            // try the forms without an offset
        }
        try {
            return Optional.of(LocalDateTime.parse(text).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException notLocal) {
            // try a date
        }
        try {
            return Optional.of(
                    LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant());
        } catch (DateTimeParseException notDate) {
            return Optional.empty();
        }
    }
}
