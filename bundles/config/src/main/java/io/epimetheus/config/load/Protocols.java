package io.epimetheus.config.load;

import io.epimetheus.api.config.ScrapeProtocol;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Reads and validates {@code scrape_protocols} and {@code fallback_scrape_protocol} values. */
final class Protocols {

    private Protocols() {
    }

    /** The protocol named {@code name}, or an error listing the supported ones. */
    static ScrapeProtocol of(String name) {
        ScrapeProtocol p = ScrapeProtocol.ofConfigName(name);
        if (p == null) {
            throw new IllegalArgumentException("unknown scrape protocol " + name + ", supported: " + supported());
        }
        return p;
    }

    /**
     * The protocols of a {@code scrape_protocols} list; errors are Prometheus's texts without the
     * {@code for ...} suffix the caller adds.
     */
    static List<ScrapeProtocol> list(List<String> names) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("scrape_protocols cannot be empty");
        }
        Set<String> seen = new HashSet<>();
        List<ScrapeProtocol> out = new ArrayList<>(names.size());
        for (String name : names) {
            if (!seen.add(name.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("duplicated protocol in scrape_protocols, got " + goList(names));
            }
            try {
                out.add(of(name));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("scrape_protocols: " + e.getMessage());
            }
        }
        return List.copyOf(out);
    }

    private static String supported() {
        List<String> names = new ArrayList<>();
        for (ScrapeProtocol p : ScrapeProtocol.values()) {
            names.add(p.configName());
        }
        names.sort(null);
        return goList(names);
    }

    /** A list printed like Go's {@code %v}: {@code [a b c]}. */
    static String goList(List<String> items) {
        return "[" + String.join(" ", items) + "]";
    }
}
