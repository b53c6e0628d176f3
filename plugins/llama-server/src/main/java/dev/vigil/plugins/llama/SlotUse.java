package dev.vigil.plugins.llama;

import java.util.List;

/**
 * How many of a server's slots are working, from {@code GET /slots}: an array of slots, each with
 * {@code is_processing} (PROVIDERS.md §1.2, README "GET /slots").
 */
record SlotUse(int processing, int total) {

    /** The use, or null when the body is not an array of slots. */
    static SlotUse parse(String body) {
        List<Object> slots = Json.array(Json.parseOrNull(body));
        if (slots == null) return null;
        int processing = 0;
        for (Object slot : slots) {
            if (Json.isTrue(Json.object(slot), "is_processing")) processing++;
        }
        return new SlotUse(processing, slots.size());
    }
}
