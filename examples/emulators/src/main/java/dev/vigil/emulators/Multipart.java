package dev.vigil.emulators;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** A multipart/form-data reader: enough for an upload and a few text fields. */
final class Multipart {
    record Part(String name, String filename, byte[] data) {
        String text() { return new String(data, StandardCharsets.UTF_8); }
    }

    private Multipart() {}

    /** The parts by field name; null if the content type is not multipart with a boundary. */
    static Map<String, Part> parse(String contentType, byte[] body) {
        if (contentType == null || !contentType.toLowerCase().startsWith("multipart/form-data")) return null;
        String boundary = null;
        for (String p : contentType.split(";")) {
            String t = p.trim();
            if (t.toLowerCase().startsWith("boundary=")) boundary = t.substring(9).replace("\"", "");
        }
        if (boundary == null || boundary.isEmpty()) return null;
        byte[] delim = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        Map<String, Part> parts = new LinkedHashMap<>();
        int pos = indexOf(body, delim, 0);
        while (pos >= 0) {
            int start = pos + delim.length;
            if (start + 1 < body.length && body[start] == '-' && body[start + 1] == '-') break;
            start = skipCrlf(body, start);
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), start);
            if (headersEnd < 0) break;
            String headers = new String(body, start, headersEnd - start, StandardCharsets.UTF_8);
            int next = indexOf(body, delim, headersEnd + 4);
            if (next < 0) break;
            int end = next;
            if (end >= 2 && body[end - 2] == '\r' && body[end - 1] == '\n') end -= 2;
            String name = param(headers, "name");
            if (name != null) parts.put(name, new Part(name, param(headers, "filename"), Arrays.copyOfRange(body, headersEnd + 4, Math.max(headersEnd + 4, end))));
            pos = next;
        }
        return parts;
    }

    private static int skipCrlf(byte[] b, int i) {
        return i + 1 < b.length && b[i] == '\r' && b[i + 1] == '\n' ? i + 2 : i;
    }

    private static String param(String headers, String key) {
        for (String line : headers.split("\r\n")) {
            if (!line.toLowerCase().startsWith("content-disposition:")) continue;
            for (String p : line.split(";")) {
                String t = p.trim();
                if (t.startsWith(key + "=")) return t.substring(key.length() + 1).replace("\"", "");
            }
        }
        return null;
    }

    static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }
}
