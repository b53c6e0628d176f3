package dev.vigil.engine.lifecycle;

import dev.vigil.engine.model.ServiceState;
import java.util.List;

/**
 * The outcome of one input: the next state (or none, when the state stays) and the effects.
 *
 * @param to the new state, or null when the state does not change
 * @param cause why, for the event and the status ({@code reason})
 */
public record Decision(ServiceState to, List<Effect> effects, String cause) {

    private static final Decision NOTHING = new Decision(null, List.of(), null);

    public Decision {
        effects = List.copyOf(effects);
    }

    public static Decision nothing() {
        return NOTHING;
    }

    public static Decision to(ServiceState to, String cause, Effect... effects) {
        return new Decision(to, List.of(effects), cause);
    }

    public static Decision stay(Effect... effects) {
        return new Decision(null, List.of(effects), null);
    }

    public boolean changesState() {
        return to != null;
    }
}
