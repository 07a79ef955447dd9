package io.epimetheus.tsdb.index;

import io.epimetheus.api.model.MatchType;
import io.epimetheus.api.model.Matcher;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolves label matchers to the postings of the series they select, as Prometheus does: a
 * matcher that rejects the empty string contributes the union of the postings of its matching
 * values (intersected with the others); one that accepts it can only remove series, so the
 * postings of the values it rejects are subtracted. Literal values and alternations
 * ({@link Matcher#setMatches()}) are looked up directly, a literal regex prefix ({@link
 * Matcher#prefix()}) narrows the scan of sorted values, and only the rest runs the matcher over
 * every value.
 */
public final class PostingsForMatchers {

    private PostingsForMatchers() {
    }

    public static int[] select(IndexReader ix, Matcher... matchers) {
        List<int[]> intersect = new ArrayList<>();
        List<int[]> subtract = new ArrayList<>();
        for (Matcher m : matchers) {
            if (m.matchesEmpty()) {
                if (isMatchAll(m)) {
                    continue;
                }
                // Keep series without the label and those whose value matches: remove the others.
                subtract.add(valuesMatching(ix, m, false));
            } else {
                int[] p = valuesMatching(ix, m, true);
                if (p.length == 0) {
                    return Postings.EMPTY;
                }
                intersect.add(p);
            }
        }
        int[] base = intersect.isEmpty() ? ix.allPostings() : Postings.intersectAll(intersect);
        if (!subtract.isEmpty() && base.length > 0) {
            base = Postings.subtract(base, Postings.unionAll(subtract));
        }
        return base;
    }

    private static boolean isMatchAll(Matcher m) {
        return m.type() == MatchType.REGEX && (m.value().equals(".*") || m.value().equals(".*?"));
    }

    /** Postings of the values of {@code m.name()} for which {@code m.matches(v) == want}. */
    private static int[] valuesMatching(IndexReader ix, Matcher m, boolean want) {
        String name = m.name();
        // A "want" of false is the set where the inverse matcher matches.
        Matcher direct = want ? m : inverse(m);
        List<String> literals = direct == null ? null : direct.setMatches();
        if (literals != null) {
            List<int[]> parts = new ArrayList<>(literals.size());
            for (String v : literals) {
                if (!v.isEmpty()) {
                    int[] p = ix.postings(name, v);
                    if (p.length > 0) {
                        parts.add(p);
                    }
                }
            }
            return Postings.unionAll(parts);
        }
        String prefix = direct == null ? "" : direct.prefix();
        List<String> values = ix.sortedValues(name, prefix);
        List<int[]> parts = new ArrayList<>();
        for (String v : values) {
            if (!prefix.isEmpty() && !v.startsWith(prefix)) {
                break;
            }
            if (m.matches(v) == want) {
                int[] p = ix.postings(name, v);
                if (p.length > 0) {
                    parts.add(p);
                }
            }
        }
        return Postings.unionAll(parts);
    }

    /** The matcher accepting exactly what {@code m} rejects, when that has a fast path. */
    private static Matcher inverse(Matcher m) {
        return switch (m.type()) {
            case NOT_EQUAL -> Matcher.equal(m.name(), m.value());
            case NOT_REGEX -> Matcher.regex(m.name(), m.value());
            default -> null;
        };
    }
}
