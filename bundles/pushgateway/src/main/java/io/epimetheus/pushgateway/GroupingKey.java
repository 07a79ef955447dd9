package io.epimetheus.pushgateway;

import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.LabelsBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The grouping key of a push URL, {@code job/<job>{/<label>/<value>}}, as the Pushgateway reads
 * it: a {@code @base64} suffix on {@code job} or a label name means the value is URL-safe base64
 * (padding optional, so {@code =} alone is the empty value); label names must be legacy
 * Prometheus names not starting with {@code __}; {@code job} from the path wins over a {@code job}
 * label pair.
 */
final class GroupingKey {

    static final String BASE64_SUFFIX = "@base64";

    private GroupingKey() {
    }

    /**
     * Parses the part of the path after {@code /metrics/}: {@code job/<job>...} or
     * {@code job@base64/<job>...}.
     *
     * @throws PushException (400) with the Pushgateway's message for a bad key
     */
    static Labels parse(String path) throws PushException {
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
        if (jobBase64) {
            try {
                job = decode(job);
            } catch (IllegalArgumentException e) {
                throw new PushException(400, "invalid base64 encoding in job name \"" + job + "\": " + e.getMessage());
            }
        }
        LabelsBuilder b = splitLabels(labels);
        if (job.isEmpty()) {
            throw new PushException(400, "job name is required");
        }
        b.set("job", job);
        return b.build();
    }

    private static LabelsBuilder splitLabels(String labels) throws PushException {
        LabelsBuilder b = new LabelsBuilder();
        if (labels.length() <= 1) {
            return b;
        }
        String[] parts = labels.substring(1).split("/", -1);
        if (parts.length % 2 != 0) {
            throw new PushException(400, "odd number of components in label string \"" + labels + "\"");
        }
        for (int i = 0; i < parts.length; i += 2) {
            String name = parts[i];
            String value = parts[i + 1];
            boolean base64 = name.endsWith(BASE64_SUFFIX);
            String trimmed = base64 ? name.substring(0, name.length() - BASE64_SUFFIX.length()) : name;
            if (!Labels.isLegacyLabelName(trimmed) || trimmed.startsWith("__")) {
                throw new PushException(400, "improper label name \"" + trimmed + "\"");
            }
            if (base64) {
                try {
                    value = decode(value);
                } catch (IllegalArgumentException e) {
                    throw new PushException(400, "invalid base64 encoding for label " + trimmed + "=\"" + value + "\": "
                            + e.getMessage());
                }
            }
            b.set(trimmed, value);
        }
        return b;
    }

    /** RFC 4648 URL-safe base64 without padding; trailing {@code =} are ignored as the Pushgateway does. */
    static String decode(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '=') {
            end--;
        }
        byte[] bytes = Base64.getUrlDecoder().decode(s.substring(0, end));
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
