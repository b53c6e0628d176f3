package dev.vigil.api.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.engine.model.DurationText;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/** Parsing of request parameters and bodies that are not plain strings. */
final class Params {

    private static final Pattern SECONDS = Pattern.compile("\\d+(?:\\.\\d+)?");

    private Params() {}

    /** vigil's durations ({@code 500ms}, {@code 30s}, {@code 1h30m}, ...) or a bare number of seconds. */
    static Duration duration(String name, String value) {
        String v = value.trim();
        if (SECONDS.matcher(v).matches()) return Duration.ofMillis((long) (Double.parseDouble(v) * 1000));
        try {
            return DurationText.parse(v);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(name + ": " + e.getMessage());
        }
    }

    /**
     * A request body that must be one JSON object with only the {@code known} fields; {@code example}
     * shows one in the message for a body that is not an object.
     */
    static JsonNode object(ObjectMapper mapper, String text, String example, List<String> known) {
        JsonNode node;
        try {
            node = mapper.readTree(text);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw ApiException.badRequest("body is not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) throw ApiException.badRequest("body must be a JSON object such as " + example);
        node.fieldNames().forEachRemaining(f -> {
            if (!known.contains(f)) throw ApiException.badRequest("unknown field \"" + f + "\" (known: " + String.join(", ", known) + ")");
        });
        return node;
    }
}
