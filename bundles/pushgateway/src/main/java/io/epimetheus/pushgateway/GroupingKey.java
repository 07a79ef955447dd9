package io.epimetheus.pushgateway;

import io.epimetheus.api.model.Labels;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the grouping key of a push URL, {@code job/<job>{/<label>/<value>}}, as the Pushgateway
 * reads it: a {@code @base64} suffix on {@code job} or a label name means the value is URL-safe
 * base64 (padding optional, so {@code =} alone is the empty value); label names must be legacy
 * Prometheus names not starting with {@code __}; {@code job} from the path wins over a {@code job}
 * label pair, and of two pairs with one name the later wins.
 *
 * <p>A label with an empty value ({@code a@base64/=}, or {@code a/} at the end of the path) is part
 * of the key, as in the Pushgateway: {@code job/j/a@base64/=} is a group of its own, next to
 * {@code job/j}, and its metrics carry {@code a=""}.
 */
final class GroupingKey {

    static final String BASE64_SUFFIX = "@base64";

    private GroupingKey() {
    }

    /**
     * Parses the decoded part of the path after {@code /metrics/}: {@code job/<job>...} or
     * {@code job@base64/<job>...}. The checks come in the Pushgateway's order: the job's base64,
     * the label pairs, the job being non-empty; then, what the Pushgateway only finds when it
     * checks the push, decoded values being UTF-8.
     *
     * @throws PushException (400) with the Pushgateway's message for a bad key, (404) for a path
     *     that is not a push path
     */
    static LabelPairs parse(String path) throws PushException {
        boolean jobBase64;
        String rest;
        if (path.startsWith("job/")) {
            jobBase64 = false;
            rest = path.substring(4);
        } else if (path.startsWith("job" + BASE64_SUFFIX + "/")) {
            jobBase64 = true;
            rest = path.substring(4 + BASE64_SUFFIX.length());
        } else {
            throw new PushException(404, "404 page not found");
        }
        int slash = rest.indexOf('/');
        String job = slash < 0 ? rest : rest.substring(0, slash);
        String labels = slash < 0 ? "" : rest.substring(slash);
        String[] notUtf8 = new String[1];
        if (jobBase64) {
            try {
                job = decodedText(job, GoBase64.decode(job), "the job name", notUtf8);
            } catch (GoBase64.DecodeException e) {
                // The Pushgateway quotes what it decoded before the error, not what was sent.
                throw new PushException(400, "invalid base64 encoding in job name " + GoBase64.quote(e.decoded()) + ": "
                        + e.getMessage());
            }
        }
        Map<String, String> key = splitLabels(labels, notUtf8);
        if (job.isEmpty()) {
            throw new PushException(400, "job name is required");
        }
        if (notUtf8[0] != null) {
            throw new PushException(400, notUtf8[0]);
        }
        key.put("job", job);
        return LabelPairs.of(key);
    }

    private static Map<String, String> splitLabels(String labels, String[] notUtf8) throws PushException {
        Map<String, String> key = new HashMap<>();
        if (labels.length() <= 1) {
            return key;
        }
        String[] parts = labels.substring(1).split("/", -1);
        if (parts.length % 2 != 0) {
            throw new PushException(400, "odd number of components in label string " + quote(labels));
        }
        for (int i = 0; i < parts.length; i += 2) {
            String name = parts[i];
            String value = parts[i + 1];
            boolean base64 = name.endsWith(BASE64_SUFFIX);
            String trimmed = base64 ? name.substring(0, name.length() - BASE64_SUFFIX.length()) : name;
            if (!Labels.isLegacyLabelName(trimmed) || trimmed.startsWith("__")) {
                throw new PushException(400, "improper label name " + quote(trimmed));
            }
            if (base64) {
                try {
                    value = decodedText(value, GoBase64.decode(value), "label " + trimmed, notUtf8);
                } catch (GoBase64.DecodeException e) {
                    throw new PushException(400, "invalid base64 encoding for label " + trimmed + "=" + quote(value) + ": "
                            + e.getMessage());
                }
            }
            key.put(trimmed, value);
        }
        return key;
    }

    /**
     * The decoded bytes as text; when they are not UTF-8, the first such problem goes to {@code
     * notUtf8[0]}. The Pushgateway takes any bytes, then fails every later push and scrape on a
     * label value that is not UTF-8: refusing the push keeps the state usable.
     */
    private static String decodedText(String encoded, byte[] decoded, String of, String[] notUtf8) {
        String text = GoBase64.utf8(decoded);
        if (text == null) {
            if (notUtf8[0] == null) {
                notUtf8[0] = "base64 value " + quote(encoded) + " of " + of + " decodes to " + GoBase64.quote(decoded)
                        + ", which is not valid UTF-8";
            }
            return new String(decoded, StandardCharsets.UTF_8);
        }
        return text;
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2);
        Labels.appendQuoted(sb, s);
        return sb.toString();
    }
}
