package dev.vigil.engine.supervise;

import dev.vigil.engine.model.ServiceSpec;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * A fingerprint of a service's declaration, stable across runs of vigil: two specs that are
 * {@code equals} hash alike, whatever the iteration order of their maps. The declaration's
 * {@code source} (where it was written) is left out: moving a declaration changes nothing.
 *
 * <p>Stateless; thread-safe.
 */
final class SpecHash {

    private SpecHash() {}

    /** SHA-256 of the canonical text of {@code spec}, as 16 hex digits. */
    static String of(ServiceSpec spec) {
        StringBuilder b = new StringBuilder();
        for (RecordComponent c : ServiceSpec.class.getRecordComponents()) {
            if (c.getName().equals("source")) continue;
            b.append(c.getName()).append('=');
            canonical(read(c, spec), b);
            b.append(';');
        }
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(b.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Appends {@code value} with maps sorted by key and records spelled out component by component. */
    static void canonical(Object value, StringBuilder b) {
        switch (value) {
            case null -> b.append("null");
            case Record r -> {
                b.append(r.getClass().getSimpleName()).append('{');
                for (RecordComponent c : r.getClass().getRecordComponents()) {
                    b.append(c.getName()).append('=');
                    canonical(read(c, r), b);
                    b.append(',');
                }
                b.append('}');
            }
            case Map<?, ?> m -> {
                TreeMap<String, Object> sorted = new TreeMap<>();
                m.forEach((k, v) -> sorted.put(String.valueOf(k), v));
                b.append('{');
                sorted.forEach((k, v) -> {
                    b.append(k).append(':');
                    canonical(v, b);
                    b.append(',');
                });
                b.append('}');
            }
            case Collection<?> c -> {
                b.append('[');
                c.forEach(v -> {
                    canonical(v, b);
                    b.append(',');
                });
                b.append(']');
            }
            default -> b.append(value.getClass().getSimpleName()).append(':').append(value);
        }
    }

    private static Object read(RecordComponent c, Object owner) {
        try {
            var accessor = c.getAccessor();
            accessor.setAccessible(true);
            return accessor.invoke(owner);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot read " + c.getName() + " of " + owner.getClass().getSimpleName(), e);
        }
    }
}
