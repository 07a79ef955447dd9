package io.epimetheus.api.regex;

import java.util.HashMap;
import java.util.Map;

/**
 * Writes a parsed RE2 expression as a {@code java.util.regex} pattern with the same matches and the
 * same numbered groups. Nothing is left to Java's flags: {@code .}, classes, case folding,
 * {@code ^ $ \b} are all spelled out, so the pattern is compiled without flags.
 *
 * <p>Named groups become Java named groups under an {@linkplain #javaGroupName encoded} name,
 * because Go allows names Java does not ({@code _x}, {@code 1}) and allows a name twice. Repeated
 * groups are written so that Java reports their positions as Go does (see {@link #repeat}).
 */
final class JavaEmitter {

    private static final String WORD = "[0-9A-Za-z_]";

    /**
     * Matches nothing, but as a literal supplementary code point it makes Java search only at code
     * point boundaries; without it an unanchored search also tries the middle of a surrogate pair,
     * where an empty match ({@code \B}) could be found.
     */
    private static final String CODE_POINT_STARTS = "(?:\uD800\uDC00){0}";

    private final StringBuilder sb = new StringBuilder();
    private final Map<String, Integer> nameUses = new HashMap<>();
    private int loopDepth; // enclosing quantifiers that can repeat

    private JavaEmitter() {
    }

    /** The Java pattern text for {@code root}; anchored means {@code \A(?:...)\z}. */
    static String emit(Node root, boolean anchored) {
        JavaEmitter e = new JavaEmitter();
        if (anchored) {
            e.sb.append("\\A(?:");
        } else {
            e.sb.append(CODE_POINT_STARTS);
        }
        e.node(root);
        if (anchored) {
            e.sb.append(")\\z");
        }
        return e.sb.toString();
    }

    /**
     * The Java group name standing for the {@code occurrence}-th (1-based) group named
     * {@code goName}: {@code g} + the name with {@code Z} written {@code ZZ} and {@code _} written
     * {@code Zu}, + {@code Zd<occurrence>} from the second occurrence on. Injective, and always a
     * valid Java group name.
     */
    static String javaGroupName(String goName, int occurrence) {
        StringBuilder n = new StringBuilder(goName.length() + 4).append('g');
        for (int i = 0; i < goName.length(); i++) {
            char c = goName.charAt(i);
            if (c == 'Z') {
                n.append("ZZ");
            } else if (c == '_') {
                n.append("Zu");
            } else {
                n.append(c);
            }
        }
        if (occurrence > 1) {
            n.append("Zd").append(occurrence);
        }
        return n.toString();
    }

    private void node(Node n) {
        switch (n.kind) {
            case EMPTY -> sb.append("(?:)");
            case LITERAL -> literal(n);
            case CLASS -> n.cls.appendJava(sb);
            case BEGIN_TEXT -> sb.append("\\A");
            case END_TEXT -> sb.append("\\z");
            // Java's MULTILINE ^ does not match after a final newline, and it knows other line
            // terminators: spell out "at start or after \n" and "at end or before \n".
            case BEGIN_LINE -> sb.append("(?<![^\\n])");
            case END_LINE -> sb.append("(?![^\\n])");
            // Java's \b is not ASCII-only.
            case WORD_BOUNDARY -> sb.append("(?:(?<=" + WORD + ")(?!" + WORD + ")|(?<!" + WORD + ")(?=" + WORD + "))");
            case NO_WORD_BOUNDARY -> sb.append("(?:(?<=" + WORD + ")(?=" + WORD + ")|(?<!" + WORD + ")(?!" + WORD + "))");
            case CAPTURE -> {
                sb.append('(');
                if (n.name != null) {
                    int occurrence = nameUses.merge(n.name, 1, Integer::sum);
                    sb.append("?<").append(javaGroupName(n.name, occurrence)).append('>');
                }
                node(n.subs.get(0));
                sb.append(')');
            }
            case CONCAT -> {
                for (Node s : n.subs) {
                    node(s);
                }
            }
            case ALTERNATE -> {
                sb.append("(?:");
                for (int i = 0; i < n.subs.size(); i++) {
                    if (i > 0) {
                        sb.append('|');
                    }
                    node(n.subs.get(i));
                }
                sb.append(')');
            }
            case REPEAT -> repeat(n);
        }
    }

    private void literal(Node n) {
        int[] orbit = n.fold ? CaseFolding.orbit(n.rune) : null;
        if (orbit == null) {
            appendCodePoint(sb, n.rune);
            return;
        }
        sb.append('[');
        for (int c : orbit) {
            appendCodePoint(sb, c);
        }
        sb.append(']');
    }

    private void repeat(Node n) {
        Node sub = n.subs.get(0);
        if (n.min == 1 && n.max == 1) {
            node(sub); // x{1} is x
            return;
        }
        boolean loop = n.max != 0 && n.max != 1;
        // Java runs a loop over a fixed-length body in an optimised node that mishandles groups: a
        // group inside a quantified (?:...) keeps a position from a failed attempt ((?:(a)){2}x|a+y
        // on "aay" reports group 1), and a quantified group inside another loop keeps a stale one
        // ((?:(a)+b)+ on "aabaab" reports the first a, not the last). An alternative that can never
        // match makes the body variable-length, so Java uses its general loop, which gets groups
        // right but recurses per iteration; a quantified group without inner groups outside any
        // loop keeps the fast node.
        boolean general = loop && hasCapture(sub)
                && (sub.kind != Node.Kind.CAPTURE || loopDepth > 0 || hasCapture(sub.subs.get(0)));
        // A quantifier binds to one atom: a code point, a class or a group. Single-code-point atoms
        // stay unwrapped so Java uses its iterative loop instead of recursing per repetition.
        boolean atom = !general && switch (sub.kind) {
            case LITERAL, CAPTURE, ALTERNATE -> true;
            case CLASS -> sub.cls.exact() == null || !sub.cls.exact().isEmpty();
            default -> false;
        };
        if (!atom) {
            sb.append("(?:");
        }
        if (loop) {
            loopDepth++;
        }
        node(sub);
        if (loop) {
            loopDepth--;
        }
        if (general) {
            sb.append("|(?!)");
        }
        if (!atom) {
            sb.append(')');
        }
        if (n.min == 0 && n.max < 0) {
            sb.append('*');
        } else if (n.min == 1 && n.max < 0) {
            sb.append('+');
        } else if (n.min == 0 && n.max == 1) {
            sb.append('?');
        } else {
            sb.append('{').append(n.min);
            if (n.max != n.min) {
                sb.append(',');
                if (n.max >= 0) {
                    sb.append(n.max);
                }
            }
            sb.append('}');
        }
        if (!n.greedy) {
            sb.append('?');
        }
    }

    private static boolean hasCapture(Node n) {
        if (n.kind == Node.Kind.CAPTURE) {
            return true;
        }
        for (Node s : n.subs) {
            if (hasCapture(s)) {
                return true;
            }
        }
        return false;
    }

    /** Appends {@code c} so that Java reads it as that literal code point, in or out of a class. */
    static void appendCodePoint(StringBuilder sb, int c) {
        if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
            sb.append((char) c);
        } else if (c > ' ' && c < 0x7F) {
            sb.append('\\').append((char) c); // a backslash makes any ASCII punctuation literal
        } else {
            sb.append("\\x{").append(Integer.toHexString(c)).append('}');
        }
    }

    /** Appends the ranges of {@code cls} as the body of a Java character class. */
    static void appendRanges(StringBuilder sb, CharClass cls) {
        cls.normalize();
        for (int i = 0; i < cls.rangeCount(); i++) {
            int lo = cls.lo(i);
            int hi = cls.hi(i);
            appendCodePoint(sb, lo);
            if (hi > lo) {
                if (hi > lo + 1) {
                    sb.append('-');
                }
                appendCodePoint(sb, hi);
            }
        }
    }
}
