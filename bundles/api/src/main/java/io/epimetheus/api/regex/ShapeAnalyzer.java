package io.epimetheus.api.regex;

import io.epimetheus.api.model.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Reduces a parsed, fully anchored expression to a {@link RegexShape}. Every claim is exact: a
 * literal set lists exactly the matching strings, a prefix shape matches exactly the strings with
 * that prefix, and the prefix and suffix of a general shape are met by every match. Case-folded
 * parts are never treated as literals.
 */
final class ShapeAnalyzer {

    /** At most this many strings in a literal set (as Prometheus's set matchers). */
    static final int MAX_SET = 256;

    private ShapeAnalyzer() {
    }

    static RegexShape analyze(Node root) {
        Node n = stripEdgeAnchors(simplify(root));

        TreeSet<String> set = literals(n);
        if (set != null) {
            List<String> sorted = new ArrayList<>(set);
            sorted.sort(Labels::compareStrings); // code point order, as label values in the index
            List<String> lits = List.copyOf(sorted);
            return new RegexShape(RegexShape.Kind.LITERAL_SET, lits, commonPrefix(lits), commonSuffix(lits), "");
        }

        List<Node> seq = n.kind == Node.Kind.CONCAT ? n.subs : List.of(n);
        RegexShape s = anyLike(seq);
        if (s != null) {
            return s;
        }
        // literal + .*, .* + literal, .* + literal + .*
        int first = anyRunEnd(seq, 0);
        int last = anyRunStart(seq, seq.size());
        String lit;
        if (first == 0 && last < seq.size() && (lit = exactLiteral(seq.subList(0, last))) != null && !lit.isEmpty()) {
            return new RegexShape(RegexShape.Kind.PREFIX, null, lit, "", "");
        }
        if (first > 0 && last == seq.size() && (lit = exactLiteral(seq.subList(first, seq.size()))) != null && !lit.isEmpty()) {
            return new RegexShape(RegexShape.Kind.SUFFIX, null, "", lit, "");
        }
        if (first > 0 && last < seq.size() && first < last && (lit = exactLiteral(seq.subList(first, last))) != null && !lit.isEmpty()) {
            return new RegexShape(RegexShape.Kind.CONTAINS, null, "", "", lit);
        }
        return new RegexShape(RegexShape.Kind.GENERAL, null, prefix(n).text, suffix(n).text, "");
    }

    // ---- normalisation

    /** Drops captures (they do not change what matches), flattens concatenations, drops empties. */
    private static Node simplify(Node n) {
        switch (n.kind) {
            case CAPTURE:
                return simplify(n.subs.get(0));
            case CONCAT: {
                List<Node> out = new ArrayList<>();
                for (Node s : n.subs) {
                    Node t = simplify(s);
                    if (t.kind == Node.Kind.CONCAT) {
                        out.addAll(t.subs);
                    } else if (t.kind != Node.Kind.EMPTY) {
                        out.add(t);
                    }
                }
                return concatOf(out);
            }
            case ALTERNATE: {
                List<Node> out = new ArrayList<>();
                for (Node s : n.subs) {
                    out.add(simplify(s));
                }
                return new Node(Node.Kind.ALTERNATE, out);
            }
            case REPEAT: {
                Node r = new Node(Node.Kind.REPEAT, List.of(simplify(n.subs.get(0))));
                r.op = n.op;
                r.min = n.min;
                r.max = n.max;
                r.greedy = n.greedy;
                return r;
            }
            default:
                return n;
        }
    }

    private static Node concatOf(List<Node> items) {
        if (items.isEmpty()) {
            return new Node(Node.Kind.EMPTY);
        }
        return items.size() == 1 ? items.get(0) : new Node(Node.Kind.CONCAT, items);
    }

    /**
     * Removes begin anchors where the match starts and end anchors where it ends: in a fully
     * anchored match they always hold there ({@code ^foo$} is {@code foo}).
     */
    private static Node stripEdgeAnchors(Node n) {
        return strip(strip(n, true), false);
    }

    private static Node strip(Node n, boolean atStart) {
        if (isEdgeAnchor(n, atStart)) {
            return new Node(Node.Kind.EMPTY);
        }
        if (n.kind == Node.Kind.ALTERNATE) {
            List<Node> out = new ArrayList<>();
            for (Node s : n.subs) {
                out.add(strip(s, atStart));
            }
            return new Node(Node.Kind.ALTERNATE, out);
        }
        if (n.kind != Node.Kind.CONCAT) {
            return n;
        }
        List<Node> items = new ArrayList<>(n.subs);
        if (atStart) {
            while (!items.isEmpty() && isEdgeAnchor(items.get(0), true)) {
                items.remove(0);
            }
            if (!items.isEmpty()) {
                items.set(0, strip(items.get(0), true));
            }
        } else {
            while (!items.isEmpty() && isEdgeAnchor(items.get(items.size() - 1), false)) {
                items.remove(items.size() - 1);
            }
            if (!items.isEmpty()) {
                items.set(items.size() - 1, strip(items.get(items.size() - 1), false));
            }
        }
        List<Node> flat = new ArrayList<>();
        for (Node s : items) {
            if (s.kind == Node.Kind.CONCAT) {
                flat.addAll(s.subs);
            } else if (s.kind != Node.Kind.EMPTY) {
                flat.add(s);
            }
        }
        return concatOf(flat);
    }

    private static boolean isEdgeAnchor(Node n, boolean atStart) {
        return atStart
                ? n.kind == Node.Kind.BEGIN_TEXT || n.kind == Node.Kind.BEGIN_LINE
                : n.kind == Node.Kind.END_TEXT || n.kind == Node.Kind.END_LINE;
    }

    // ---- literal sets

    /** All strings {@code n} matches, when they are few and none needs case folding; else null. */
    private static TreeSet<String> literals(Node n) {
        switch (n.kind) {
            case EMPTY: {
                TreeSet<String> s = new TreeSet<>();
                s.add("");
                return s;
            }
            case LITERAL: {
                if (n.fold) {
                    return null;
                }
                TreeSet<String> s = new TreeSet<>();
                s.add(new String(Character.toChars(n.rune)));
                return s;
            }
            case CLASS: {
                CharClass exact = n.cls.exact();
                if (n.cls.folded() || exact == null || exact.size() > MAX_SET) {
                    return null;
                }
                TreeSet<String> s = new TreeSet<>();
                for (int r = 0; r < exact.rangeCount(); r++) {
                    for (int c = exact.lo(r); c <= exact.hi(r); c++) {
                        s.add(new String(Character.toChars(c)));
                    }
                }
                return s;
            }
            case CONCAT: {
                TreeSet<String> acc = literals(n.subs.get(0));
                for (int i = 1; i < n.subs.size() && acc != null; i++) {
                    acc = product(acc, literals(n.subs.get(i)));
                }
                return acc;
            }
            case ALTERNATE: {
                TreeSet<String> acc = new TreeSet<>();
                for (Node s : n.subs) {
                    TreeSet<String> sub = literals(s);
                    if (sub == null) {
                        return null;
                    }
                    acc.addAll(sub);
                    if (acc.size() > MAX_SET) {
                        return null;
                    }
                }
                return acc;
            }
            case REPEAT: {
                if (n.max < 0 || n.max > MAX_SET) {
                    return null;
                }
                TreeSet<String> sub = literals(n.subs.get(0));
                if (sub == null) {
                    return null;
                }
                TreeSet<String> acc = new TreeSet<>();
                TreeSet<String> power = new TreeSet<>();
                power.add("");
                for (int k = 0; k <= n.max; k++) {
                    if (k >= n.min) {
                        acc.addAll(power);
                        if (acc.size() > MAX_SET) {
                            return null;
                        }
                    }
                    if (k < n.max) {
                        power = product(power, sub);
                        if (power == null) {
                            return null;
                        }
                    }
                }
                return acc;
            }
            default:
                return null; // assertions inside the expression, unbounded repeats
        }
    }

    private static TreeSet<String> product(TreeSet<String> a, TreeSet<String> b) {
        if (b == null || (long) a.size() * b.size() > MAX_SET) {
            return null;
        }
        TreeSet<String> out = new TreeSet<>();
        for (String x : a) {
            for (String y : b) {
                out.add(x + y);
            }
        }
        return out;
    }

    // ---- .* and .+ forms

    /** A repetition of "any code point" (including newline) with its minimum count, or null. */
    private static int[] anyRun(Node n) {
        if (n.kind == Node.Kind.CLASS && isAnyChar(n)) {
            return new int[] {1, 1};
        }
        if (n.kind == Node.Kind.REPEAT && isAnyChar(n.subs.get(0))) {
            return new int[] {n.min, n.max};
        }
        return null;
    }

    private static boolean isAnyChar(Node n) {
        if (n.kind != Node.Kind.CLASS) {
            return false;
        }
        CharClass exact = n.cls.exact();
        return exact != null && exact.isFull();
    }

    private static boolean isUnboundedAny(Node n) {
        int[] r = anyRun(n);
        return r != null && r[0] == 0 && r[1] < 0;
    }

    /** ANY or NON_EMPTY when the whole sequence is runs of any code point, else null. */
    private static RegexShape anyLike(List<Node> seq) {
        long min = 0;
        boolean unbounded = false;
        for (Node n : seq) {
            int[] r = anyRun(n);
            if (r == null) {
                return null;
            }
            min += r[0];
            unbounded |= r[1] < 0;
        }
        if (!unbounded || min > 1) {
            return null;
        }
        return new RegexShape(min == 0 ? RegexShape.Kind.ANY : RegexShape.Kind.NON_EMPTY, null, "", "", "");
    }

    /** The end of the run of {@code .*} starting at {@code from}. */
    private static int anyRunEnd(List<Node> seq, int from) {
        int i = from;
        while (i < seq.size() && isUnboundedAny(seq.get(i))) {
            i++;
        }
        return i;
    }

    /** The start of the run of {@code .*} ending at {@code to}. */
    private static int anyRunStart(List<Node> seq, int to) {
        int i = to;
        while (i > 0 && isUnboundedAny(seq.get(i - 1))) {
            i--;
        }
        return i;
    }

    /**
     * The one string the nodes match in sequence, or null when they may match others or, having
     * assertions, may not match at all.
     */
    private static String exactLiteral(List<Node> nodes) {
        StringBuilder sb = new StringBuilder();
        for (Node n : nodes) {
            if (hasAssertion(n)) {
                return null;
            }
            Affix a = prefix(n);
            if (!a.exact) {
                return null;
            }
            sb.append(a.text);
        }
        return sb.toString();
    }

    private static boolean hasAssertion(Node n) {
        if (n.isAssertion()) {
            return true;
        }
        for (Node s : n.subs) {
            if (hasAssertion(s)) {
                return true;
            }
        }
        return false;
    }

    // ---- required prefix and suffix

    /** A string every match of a node starts (or ends) with; exact when it is the only match. */
    private record Affix(String text, boolean exact) {
        static final Affix NONE = new Affix("", false);
        static final Affix EMPTY = new Affix("", true);
    }

    private static Affix prefix(Node n) {
        return affix(n, true);
    }

    private static Affix suffix(Node n) {
        return affix(n, false);
    }

    private static Affix affix(Node n, boolean front) {
        switch (n.kind) {
            case EMPTY:
                return Affix.EMPTY;
            case BEGIN_LINE: case END_LINE: case BEGIN_TEXT: case END_TEXT: case WORD_BOUNDARY: case NO_WORD_BOUNDARY:
                return Affix.EMPTY; // zero-width: contributes no text
            case LITERAL:
                return n.fold ? Affix.NONE : new Affix(new String(Character.toChars(n.rune)), true);
            case CLASS: {
                CharClass exact = n.cls.exact();
                if (!n.cls.folded() && exact != null && exact.size() == 1) {
                    return new Affix(new String(Character.toChars(exact.lo(0))), true);
                }
                return Affix.NONE;
            }
            case CAPTURE:
                return affix(n.subs.get(0), front);
            case CONCAT: {
                StringBuilder sb = new StringBuilder();
                int size = n.subs.size();
                for (int i = 0; i < size; i++) {
                    Affix a = affix(n.subs.get(front ? i : size - 1 - i), front);
                    if (front) {
                        sb.append(a.text);
                    } else {
                        sb.insert(0, a.text);
                    }
                    if (!a.exact) {
                        return new Affix(sb.toString(), false);
                    }
                }
                return new Affix(sb.toString(), true);
            }
            case ALTERNATE: {
                String common = null;
                boolean allExact = true;
                for (Node s : n.subs) {
                    Affix a = affix(s, front);
                    allExact &= a.exact;
                    if (common == null) {
                        common = a.text;
                    } else {
                        allExact &= common.equals(a.text);
                        common = front ? commonPrefix(common, a.text) : commonSuffix(common, a.text);
                    }
                }
                return new Affix(common, allExact);
            }
            case REPEAT: {
                if (n.max == 0) {
                    return Affix.EMPTY;
                }
                if (n.min == 0) {
                    return Affix.NONE;
                }
                Affix a = affix(n.subs.get(0), front);
                if (a.exact && n.min == n.max) {
                    return new Affix(a.text.repeat(n.min), true);
                }
                return new Affix(a.text, false);
            }
            default:
                return Affix.NONE;
        }
    }

    private static String commonPrefix(List<String> strings) {
        if (strings.isEmpty()) {
            return "";
        }
        String p = strings.get(0);
        for (String s : strings) {
            p = commonPrefix(p, s);
        }
        return p;
    }

    private static String commonSuffix(List<String> strings) {
        if (strings.isEmpty()) {
            return "";
        }
        String p = strings.get(strings.size() - 1);
        for (String s : strings) {
            p = commonSuffix(p, s);
        }
        return p;
    }

    /** The longest common prefix that does not end inside a surrogate pair. */
    static String commonPrefix(String a, String b) {
        int n = Math.min(a.length(), b.length());
        int i = 0;
        while (i < n && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        if (i > 0 && i < a.length() && Character.isHighSurrogate(a.charAt(i - 1))) {
            i--;
        }
        return a.substring(0, i);
    }

    /** The longest common suffix that does not start inside a surrogate pair. */
    static String commonSuffix(String a, String b) {
        int n = Math.min(a.length(), b.length());
        int i = 0;
        while (i < n && a.charAt(a.length() - 1 - i) == b.charAt(b.length() - 1 - i)) {
            i++;
        }
        if (i > 0 && i < a.length() && Character.isLowSurrogate(a.charAt(a.length() - i))) {
            i--;
        }
        return a.substring(a.length() - i);
    }
}
