package dev.vigil.engine.probe;

/** The outcome of one check. Detail and reason are for people: {@code HTTP 200}, {@code connection refused}. */
public sealed interface CheckResult {

    /** The check passed; {@code detail} says what was seen. */
    record Pass(String detail) implements CheckResult {
        public Pass {
            java.util.Objects.requireNonNull(detail, "detail");
        }
    }

    /** The check failed; {@code reason} says why, e.g. {@code HTTP 503 (wanted 200-399)}. */
    record Fail(String reason) implements CheckResult {
        public Fail {
            java.util.Objects.requireNonNull(reason, "reason");
        }
    }

    /** Whether this is a {@link Pass}. */
    default boolean passed() {
        return this instanceof Pass;
    }

    /** The detail of a pass or the reason of a failure. */
    default String text() {
        return switch (this) {
            case Pass p -> p.detail();
            case Fail f -> f.reason();
        };
    }
}
