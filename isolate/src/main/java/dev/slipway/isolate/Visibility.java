package dev.slipway.isolate;

/** Who may call a function: clients ({@code PUBLIC}) or only other functions and admins ({@code INTERNAL}). */
public enum Visibility {
    PUBLIC,
    INTERNAL
}
