package io.epimetheus.config.load;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Validation of the {@code headers} maps of remote write, remote read and tracing. */
final class Headers {

    // Lower-case; authorization is checked separately with its own message.
    private static final Set<String> RESERVED = Set.of("host", "content-encoding", "content-length", "content-type",
            "user-agent", "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "www-authenticate",
            "accept-encoding", "x-prometheus-remote-write-version", "x-prometheus-remote-read-version", "x-amz-date",
            "x-amz-security-token", "x-amz-content-sha256");

    private Headers() {
    }

    /** Rejects reserved headers; {@code authorizationMessage} is the error for an {@code Authorization} header. */
    static void validate(Map<String, String> headers, int line, String authorizationMessage) {
        for (String header : headers.keySet()) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.equals("authorization")) {
                throw Errors.at(line, authorizationMessage);
            }
            if (RESERVED.contains(lower)) {
                throw Errors.at(line, header + " is a reserved header. It must not be changed");
            }
        }
    }
}
