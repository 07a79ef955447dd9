package io.epimetheus.api.regex;

import java.util.ArrayList;
import java.util.List;

/**
 * The members of a character class: explicit ranges (literals, ranges, Perl and POSIX classes,
 * already case-folded where {@code (?i)} applied) united with Unicode properties, then optionally
 * negated. Unicode properties stay symbolic ({@code \p{Lu}}) so the Java pattern stays small; a
 * class without them has an {@linkplain #exact() exact} range set.
 */
final class ClassSpec {

    private final CharClass explicit;
    private final List<String> javaParts;
    private final boolean negated;
    private final boolean folded;

    private ClassSpec(CharClass explicit, List<String> javaParts, boolean negated, boolean folded) {
        this.explicit = explicit.normalize();
        this.javaParts = List.copyOf(javaParts);
        this.negated = negated;
        this.folded = folded;
    }

    /** A class of exactly these code points. */
    static ClassSpec of(CharClass members) {
        return of(members, false);
    }

    /** A class of exactly these code points; folded when they came from {@code (?i)} parts. */
    static ClassSpec of(CharClass members, boolean folded) {
        return new ClassSpec(members, List.of(), false, folded);
    }

    /** The exact members, or null when the class uses Unicode properties. */
    CharClass exact() {
        if (!javaParts.isEmpty()) {
            return null;
        }
        return negated ? explicit.complement() : explicit;
    }

    /** Whether the class was written under {@code (?i)}. */
    boolean folded() {
        return folded;
    }

    /** Appends a Java regex atom matching one code point of this class. */
    void appendJava(StringBuilder sb) {
        CharClass exact = exact();
        if (exact != null) {
            if (exact.isEmpty()) {
                sb.append("(?!)");
            } else if (exact.rangeCount() == 1 && exact.lo(0) == exact.hi(0)) {
                JavaEmitter.appendCodePoint(sb, exact.lo(0));
            } else {
                sb.append('[');
                JavaEmitter.appendRanges(sb, exact);
                sb.append(']');
            }
            return;
        }
        sb.append('[');
        if (negated) {
            sb.append('^');
        }
        JavaEmitter.appendRanges(sb, explicit);
        for (String part : javaParts) {
            sb.append(part);
        }
        sb.append(']');
    }

    /** Collects the members of one class while it is parsed. */
    static final class Builder {
        private final CharClass explicit = new CharClass();
        private final List<String> javaParts = new ArrayList<>();
        private final boolean fold;

        Builder(boolean fold) {
            this.fold = fold;
        }

        /** A range {@code lo..hi}, case-folded when the class is. */
        Builder range(int lo, int hi) {
            if (fold) {
                explicit.addFolded(lo, hi);
            } else {
                explicit.add(lo, hi);
            }
            return this;
        }

        /** A Perl or POSIX class given by its ranges; negative means its complement. */
        Builder group(CharClass ranges, boolean negative) {
            CharClass set = fold ? new CharClass().addAllFolded(ranges) : ranges;
            explicit.addAll(negative ? set.complement() : set.normalize());
            return this;
        }

        /** A Unicode property; negative means its complement. */
        Builder property(UnicodeProperty p, boolean negative) {
            if (p.ranges() != null) {
                return group(p.ranges(), negative);
            }
            StringBuilder positive = new StringBuilder(p.javaText());
            if (fold) {
                JavaEmitter.appendRanges(positive, CaseFolding.foldExtras(p.members()));
            }
            if (!negative) {
                javaParts.add(positive.toString());
            } else if (!fold && p.javaText().startsWith("\\p{") && p.javaText().indexOf('\\', 1) < 0) {
                javaParts.add("\\P" + p.javaText().substring(2));
            } else {
                javaParts.add("[^" + positive + "]");
            }
            return this;
        }

        ClassSpec build(boolean negated) {
            return new ClassSpec(explicit, javaParts, negated, fold);
        }
    }
}
