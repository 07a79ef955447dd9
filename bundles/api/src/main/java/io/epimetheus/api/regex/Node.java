package io.epimetheus.api.regex;

import java.util.List;

/**
 * A node of a parsed RE2 expression. The tree keeps what matching needs (captures, greediness,
 * case folding) and nothing of the source spelling; {@link JavaEmitter} turns it into a
 * {@code java.util.regex} pattern and {@link ShapeAnalyzer} into a {@link RegexShape}.
 */
final class Node {

    enum Kind {
        /** Matches the empty string. */
        EMPTY,
        /** One code point ({@link #rune}); with {@link #fold}, any code point of its case orbit. */
        LITERAL,
        /** A set of code points ({@link #cls}). */
        CLASS,
        /** {@code ^} in multi-line mode: at the start or after {@code \n}. */
        BEGIN_LINE,
        /** {@code $} in multi-line mode: at the end or before {@code \n}. */
        END_LINE,
        /** {@code \A}, or {@code ^} outside multi-line mode. */
        BEGIN_TEXT,
        /** {@code \z}, or {@code $} outside multi-line mode. */
        END_TEXT,
        /** {@code \b}: between an ASCII word character and a non-word character or an edge. */
        WORD_BOUNDARY,
        /** {@code \B}. */
        NO_WORD_BOUNDARY,
        /** A numbered (possibly named) capturing group around {@code subs[0]}. */
        CAPTURE,
        /** {@code subs[0]} repeated {@link #min}..{@link #max} times ({@code max < 0}: unbounded). */
        REPEAT,
        /** The subs in sequence. */
        CONCAT,
        /** The first matching of the subs, in order of preference. */
        ALTERNATE
    }

    final Kind kind;
    final List<Node> subs;

    // LITERAL
    int rune;
    boolean fold;

    // CLASS
    ClassSpec cls;

    // REPEAT: op is the operator as written ('*', '+', '?' or '{'), for Go's size rules.
    char op;
    int min;
    int max;
    boolean greedy;

    // CAPTURE
    int cap;
    String name;

    /** Height of the tree below and including this node, counted as Go does for its limit. */
    int height = 1;
    /** Go's estimate of the compiled size, for its "expression too large" limit. */
    long size = 1;

    Node(Kind kind, List<Node> subs) {
        this.kind = kind;
        this.subs = subs;
    }

    Node(Kind kind) {
        this(kind, List.of());
    }

    static Node literal(int rune, boolean fold) {
        Node n = new Node(Kind.LITERAL);
        n.rune = rune;
        n.fold = fold && CaseFolding.orbit(rune) != null;
        return n;
    }

    static Node charClass(ClassSpec cls) {
        Node n = new Node(Kind.CLASS);
        n.cls = cls;
        return n;
    }

    /** Whether this is a zero-width assertion. */
    boolean isAssertion() {
        return switch (kind) {
            case BEGIN_LINE, END_LINE, BEGIN_TEXT, END_TEXT, WORD_BOUNDARY, NO_WORD_BOUNDARY -> true;
            default -> false;
        };
    }
}
