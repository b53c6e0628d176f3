package dev.vigil.engine.probe;

import dev.vigil.engine.model.ProbeRole;

/**
 * A probe's verdict, reported by {@link ProbeLoop} when it flips (the first one flips from "not yet known").
 *
 * @param passing whether the probe now passes
 * @param last the check that flipped it; its text is the reason to show ({@code HTTP 503 (wanted 200-399)})
 * @param consecutive how many results in a row agree with {@code passing} (the threshold, at a flip)
 */
public record Verdict(ProbeRole role, boolean passing, CheckResult last, int consecutive) {

    public Verdict {
        java.util.Objects.requireNonNull(role, "role");
        java.util.Objects.requireNonNull(last, "last");
    }
}
