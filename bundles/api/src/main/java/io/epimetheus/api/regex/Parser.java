package io.epimetheus.api.regex;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses the RE2 syntax Go accepts with its Perl flags ({@code regexp.Compile}), rejecting
 * everything else with Go's error text. The scan is left to right like Go's, so when an
 * expression has several problems the same one is reported. Groups are kept on an explicit stack:
 * deep nesting cannot overflow the Java stack while parsing.
 */
final class Parser {

    // Go's limits: repeat counts, tree height, and compiled size (128 MB of 40-byte instructions).
    static final int MAX_REPEAT = 1000;
    static final int MAX_HEIGHT = 1000;
    static final long MAX_SIZE = (128L << 20) / 40;

    private static final String ERR_INVALID_CHAR_RANGE = "invalid character class range";
    private static final String ERR_INVALID_ESCAPE = "invalid escape sequence";
    private static final String ERR_INVALID_NAMED_CAPTURE = "invalid named capture";
    private static final String ERR_INVALID_PERL_OP = "invalid or unsupported Perl syntax";
    private static final String ERR_INVALID_REPEAT_OP = "invalid nested repetition operator";
    private static final String ERR_INVALID_REPEAT_SIZE = "invalid repeat count";
    private static final String ERR_INVALID_UTF8 = "invalid UTF-8";
    private static final String ERR_MISSING_BRACKET = "missing closing ]";
    private static final String ERR_MISSING_PAREN = "missing closing )";
    private static final String ERR_MISSING_REPEAT_ARGUMENT = "missing argument to repetition operator";
    private static final String ERR_TRAILING_BACKSLASH = "trailing backslash at end of expression";
    private static final String ERR_UNEXPECTED_PAREN = "unexpected )";
    private static final String ERR_NESTING_DEPTH = "expression nests too deeply";
    private static final String ERR_LARGE = "expression too large";

    /** Flag bits of the parser state. */
    private static final int FOLD_CASE = 1;
    private static final int DOT_NL = 2;
    private static final int ONE_LINE = 4; // ^ and $ match only at the text edges (no m flag)
    private static final int NON_GREEDY = 8;

    private final String re;
    private int flags;
    private int captures;
    private final List<Frame> stack = new ArrayList<>();
    // Go measures the compiled size only once the node count times the product of all counted
    // repetitions could exceed the limit; the same gate keeps literal-heavy expressions valid.
    private long nodeCount;
    private long repeatProduct = 1;
    private boolean trackSize;

    /** A group being parsed: finished alternatives plus the concatenation in progress. */
    private static final class Frame {
        final List<Node> alternatives = new ArrayList<>();
        List<Node> items = new ArrayList<>();
        final int savedFlags;
        final int cap; // 0: not capturing
        final String name;

        Frame(int savedFlags, int cap, String name) {
            this.savedFlags = savedFlags;
            this.cap = cap;
            this.name = name;
        }
    }

    private Parser(String re, boolean dotNL) {
        this.re = re;
        this.flags = ONE_LINE | (dotNL ? DOT_NL : 0);
    }

    /**
     * Parses {@code re}.
     *
     * @param dotNL whether {@code .} matches {@code \n} unless the expression says otherwise
     * @throws RegexSyntaxException with Go's message
     */
    static Node parse(String re, boolean dotNL) {
        return new Parser(re, dotNL).run();
    }

    private Node run() {
        stack.add(new Frame(flags, 0, null));
        int pos = 0;
        int lastRepeat = -1; // start of the previous token when it was a repetition operator
        int n = re.length();
        while (pos < n) {
            int repeat = -1;
            char c = re.charAt(pos);
            switch (c) {
                case '(' -> {
                    nodeCount++;
                    if (pos + 1 < n && re.charAt(pos + 1) == '?') {
                        pos = perlFlags(pos);
                    } else {
                        stack.add(new Frame(flags, ++captures, null));
                        pos++;
                    }
                }
                case '|' -> {
                    nodeCount++;
                    Frame f = top();
                    f.alternatives.add(concat(f.items));
                    f.items = new ArrayList<>();
                    pos++;
                }
                case ')' -> {
                    closeGroup();
                    pos++;
                }
                case '^' -> {
                    push(new Node((flags & ONE_LINE) != 0 ? Node.Kind.BEGIN_TEXT : Node.Kind.BEGIN_LINE));
                    pos++;
                }
                case '$' -> {
                    push(new Node((flags & ONE_LINE) != 0 ? Node.Kind.END_TEXT : Node.Kind.END_LINE));
                    pos++;
                }
                case '.' -> {
                    CharClass any = (flags & DOT_NL) != 0
                            ? CharClass.of(0, CharClass.MAX_CODE_POINT)
                            : CharClass.of(0, '\n' - 1).add('\n' + 1, CharClass.MAX_CODE_POINT);
                    push(Node.charClass(ClassSpec.of(any)));
                    pos++;
                }
                case '[' -> pos = parseClass(pos);
                case '*', '+', '?' -> {
                    int min = c == '+' ? 1 : 0;
                    int max = c == '?' ? 1 : -1;
                    int after = repeat(c, min, max, pos, pos + 1, lastRepeat);
                    repeat = pos;
                    pos = after;
                }
                case '{' -> {
                    int[] counts = parseRepeat(pos);
                    if (counts == null) {
                        push(Node.literal('{', (flags & FOLD_CASE) != 0));
                        pos++;
                    } else {
                        int min = counts[0];
                        int max = counts[1];
                        int after = counts[2];
                        if (min < 0 || min > MAX_REPEAT || max > MAX_REPEAT || (max >= 0 && min > max)) {
                            throw error(ERR_INVALID_REPEAT_SIZE, re.substring(pos, after));
                        }
                        int end = repeat('{', min, max, pos, after, lastRepeat);
                        repeat = pos;
                        pos = end;
                    }
                }
                case '\\' -> pos = escape(pos);
                default -> {
                    int cp = codePoint(pos, n);
                    push(Node.literal(cp, (flags & FOLD_CASE) != 0));
                    pos += Character.charCount(cp);
                }
            }
            lastRepeat = repeat;
        }
        if (stack.size() != 1) {
            throw error(ERR_MISSING_PAREN, re);
        }
        Frame root = stack.get(0);
        Node tree = alternate(root);
        checkLimits(tree);
        return tree;
    }

    private Frame top() {
        return stack.get(stack.size() - 1);
    }

    private void push(Node node) {
        List<Node> items = top().items;
        boolean extendsLiteral = node.kind == Node.Kind.LITERAL && !items.isEmpty()
                && items.get(items.size() - 1).kind == Node.Kind.LITERAL && items.get(items.size() - 1).fold == node.fold;
        if (!extendsLiteral) {
            nodeCount++; // Go merges a run of literals into one node
        }
        items.add(node);
    }

    // ---- groups and flags

    /** Parses {@code (?...} at {@code start}: flags, a non-capturing group or a named capture. */
    private int perlFlags(int start) {
        int n = re.length();
        boolean named = (n - start > 4 && re.startsWith("P<", start + 2)) || (n - start > 3 && re.charAt(start + 2) == '<');
        if (named) {
            int exprStart = start + (re.charAt(start + 2) == 'P' ? 4 : 3);
            int end = re.indexOf('>', start);
            if (end < 0) {
                checkUtf8(start, n);
                throw error(ERR_INVALID_NAMED_CAPTURE, re.substring(start));
            }
            checkUtf8(exprStart, end);
            String name = re.substring(exprStart, end);
            if (!isValidCaptureName(name)) {
                throw error(ERR_INVALID_NAMED_CAPTURE, re.substring(start, end + 1));
            }
            stack.add(new Frame(flags, ++captures, name));
            return end + 1;
        }

        int newFlags = flags;
        boolean negate = false;
        boolean sawFlag = false;
        int i = start + 2;
        while (i < n) {
            int c = codePoint(i, n);
            i += Character.charCount(c);
            int bit;
            switch (c) {
                case 'i' -> bit = FOLD_CASE;
                case 'm' -> bit = ONE_LINE; // m turns ONE_LINE off, -m on
                case 's' -> bit = DOT_NL;
                case 'U' -> bit = NON_GREEDY;
                case '-' -> {
                    if (negate) {
                        throw error(ERR_INVALID_PERL_OP, re.substring(start, i));
                    }
                    negate = true;
                    sawFlag = false;
                    continue;
                }
                case ':', ')' -> {
                    if (negate && !sawFlag) {
                        throw error(ERR_INVALID_PERL_OP, re.substring(start, i));
                    }
                    if (c == ':') {
                        stack.add(new Frame(flags, 0, null));
                    }
                    flags = newFlags;
                    return i;
                }
                default -> throw error(ERR_INVALID_PERL_OP, re.substring(start, i));
            }
            boolean set = (bit == ONE_LINE) == negate;
            newFlags = set ? newFlags | bit : newFlags & ~bit;
            sawFlag = true;
        }
        throw error(ERR_INVALID_PERL_OP, re.substring(start, i));
    }

    private static boolean isValidCaptureName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c != '_' && !isAlnum(c)) {
                return false;
            }
        }
        return true;
    }

    private void closeGroup() {
        if (stack.size() < 2) {
            throw error(ERR_UNEXPECTED_PAREN, re);
        }
        Frame f = stack.remove(stack.size() - 1);
        Node body = alternate(f);
        flags = f.savedFlags;
        Node node = body;
        if (f.cap > 0) {
            node = new Node(Node.Kind.CAPTURE, List.of(body));
            node.cap = f.cap;
            node.name = f.name;
            measure(node);
        }
        checkLimits(node);
        push(node);
    }

    private static Node alternate(Frame f) {
        List<Node> alts = f.alternatives;
        alts.add(concat(f.items));
        if (alts.size() == 1) {
            return alts.get(0);
        }
        List<Node> flat = new ArrayList<>();
        for (Node a : alts) {
            if (a.kind == Node.Kind.ALTERNATE) {
                flat.addAll(a.subs);
            } else {
                flat.add(a);
            }
        }
        List<Node> merged = mergeSingleCharacters(flat);
        return merged.size() == 1 ? merged.get(0) : measure(new Node(Node.Kind.ALTERNATE, List.copyOf(merged)));
    }

    /**
     * Turns each run of adjacent alternatives that match one code point each into one class, as Go
     * does ({@code a|b|[cd]} is {@code [a-d]}). The language and preferences are unchanged, and
     * Java then runs a loop over it iteratively instead of recursing per character.
     */
    private static List<Node> mergeSingleCharacters(List<Node> alts) {
        List<Node> out = new ArrayList<>(alts.size());
        int i = 0;
        while (i < alts.size()) {
            int j = i;
            while (j < alts.size() && singleCharacter(alts.get(j)) != null) {
                j++;
            }
            if (j - i < 2) {
                out.add(alts.get(i));
                i = Math.max(j, i + 1);
                continue;
            }
            CharClass union = new CharClass();
            boolean folded = false;
            for (int k = i; k < j; k++) {
                union.addAll(singleCharacter(alts.get(k)));
                Node a = alts.get(k);
                folded |= a.kind == Node.Kind.LITERAL ? a.fold : a.cls.folded();
            }
            out.add(Node.charClass(ClassSpec.of(union.normalize(), folded)));
            i = j;
        }
        return out;
    }

    /** The code points of a node that matches exactly one of them, or null for other nodes. */
    private static CharClass singleCharacter(Node n) {
        if (n.kind == Node.Kind.CLASS) {
            return n.cls.exact();
        }
        if (n.kind != Node.Kind.LITERAL) {
            return null;
        }
        CharClass c = CharClass.of(n.rune, n.rune);
        if (n.fold) {
            for (int m : CaseFolding.orbit(n.rune)) {
                c.add(m, m);
            }
        }
        return c.normalize();
    }

    private static Node concat(List<Node> items) {
        if (items.isEmpty()) {
            return new Node(Node.Kind.EMPTY);
        }
        if (items.size() == 1) {
            return items.get(0);
        }
        List<Node> flat = new ArrayList<>();
        for (Node item : items) {
            if (item.kind == Node.Kind.CONCAT) {
                flat.addAll(item.subs);
            } else {
                flat.add(item);
            }
        }
        return measure(new Node(Node.Kind.CONCAT, List.copyOf(flat)));
    }

    // ---- repetition

    /**
     * Applies a repetition operator spanning {@code before..after} (exclusive) to the last item.
     * Returns the position after the operator and its optional non-greedy {@code ?}.
     */
    private int repeat(char op, int min, int max, int before, int after, int lastRepeat) {
        int opFlags = flags;
        if (after < re.length() && re.charAt(after) == '?') {
            after++;
            opFlags ^= NON_GREEDY;
        }
        if (lastRepeat >= 0) {
            // Perl does not allow stacked operators: a** is an error, a++ means something else.
            throw error(ERR_INVALID_REPEAT_OP, re.substring(lastRepeat, after));
        }
        List<Node> items = top().items;
        if (items.isEmpty()) {
            throw error(ERR_MISSING_REPEAT_ARGUMENT, re.substring(before, after));
        }
        Node sub = items.remove(items.size() - 1);
        nodeCount++;
        if (op == '{') {
            long count = Math.max(1, max < 0 ? min : max);
            repeatProduct = count > MAX_SIZE / repeatProduct ? MAX_SIZE : repeatProduct * count;
        }
        Node node = new Node(Node.Kind.REPEAT, List.of(sub));
        node.op = op;
        node.min = min;
        node.max = max;
        node.greedy = (opFlags & NON_GREEDY) == 0;
        measure(node);
        items.add(node);
        checkLimits(node);
        if (op == '{' && (min >= 2 || max >= 2) && !repeatIsValid(node, MAX_REPEAT)) {
            throw error(ERR_INVALID_REPEAT_SIZE, re.substring(before, after));
        }
        return after;
    }

    /** Whether nested counted repetitions multiply to at most {@code n} copies of the innermost. */
    private static boolean repeatIsValid(Node node, int n) {
        if (node.kind == Node.Kind.REPEAT && node.op == '{') {
            int m = node.max;
            if (m == 0) {
                return true;
            }
            if (m < 0) {
                m = node.min;
            }
            if (m > n) {
                return false;
            }
            if (m > 0) {
                n /= m;
            }
        }
        for (Node s : node.subs) {
            if (!repeatIsValid(s, n)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Parses {@code {min}}, {@code {min,}} or {@code {min,max}} at {@code pos}: returns
     * {min, max (-1: none), end}, min -1 for numbers too big, or null when it is not a repetition
     * (then {@code {} is a literal).
     */
    private int[] parseRepeat(int pos) {
        int n = re.length();
        int i = pos + 1;
        int[] num = parseInt(i);
        if (num == null) {
            return null;
        }
        int min = num[0];
        i = num[1];
        if (i >= n) {
            return null;
        }
        int max;
        if (re.charAt(i) != ',') {
            max = min;
        } else {
            i++;
            if (i >= n) {
                return null;
            }
            if (re.charAt(i) == '}') {
                max = -1;
            } else {
                num = parseInt(i);
                if (num == null) {
                    return null;
                }
                max = num[0];
                i = num[1];
                if (max < 0) {
                    min = -1;
                }
            }
        }
        if (i >= n || re.charAt(i) != '}') {
            return null;
        }
        return new int[] {min, max, i + 1};
    }

    /** A decimal number without leading zeros at {@code i}: {value (-1 if too big), end}, or null. */
    private int[] parseInt(int i) {
        int n = re.length();
        if (i >= n || !isDigit(re.charAt(i))) {
            return null;
        }
        if (i + 1 < n && re.charAt(i) == '0' && isDigit(re.charAt(i + 1))) {
            return null;
        }
        int start = i;
        while (i < n && isDigit(re.charAt(i))) {
            i++;
        }
        int value = 0;
        for (int k = start; k < i; k++) {
            if (value >= 100_000_000) {
                value = -1;
                break;
            }
            value = value * 10 + re.charAt(k) - '0';
        }
        return new int[] {value, i};
    }

    // ---- escapes

    /** Parses a backslash sequence outside a class at {@code pos}. */
    private int escape(int pos) {
        int n = re.length();
        boolean fold = (flags & FOLD_CASE) != 0;
        if (pos + 1 < n) {
            switch (re.charAt(pos + 1)) {
                case 'A' -> {
                    push(new Node(Node.Kind.BEGIN_TEXT));
                    return pos + 2;
                }
                case 'b' -> {
                    push(new Node(Node.Kind.WORD_BOUNDARY));
                    return pos + 2;
                }
                case 'B' -> {
                    push(new Node(Node.Kind.NO_WORD_BOUNDARY));
                    return pos + 2;
                }
                case 'C' -> throw error(ERR_INVALID_ESCAPE, re.substring(pos, pos + 2)); // any byte
                case 'Q' -> {
                    int end = re.indexOf("\\E", pos + 2);
                    int litEnd = end < 0 ? n : end;
                    for (int i = pos + 2; i < litEnd; ) {
                        int cp = codePoint(i, litEnd);
                        push(Node.literal(cp, fold));
                        i += Character.charCount(cp);
                    }
                    return end < 0 ? n : end + 2;
                }
                case 'z' -> {
                    push(new Node(Node.Kind.END_TEXT));
                    return pos + 2;
                }
                case 'p', 'P' -> {
                    ClassSpec.Builder b = new ClassSpec.Builder(fold);
                    int end = unicodeClass(pos, b);
                    push(Node.charClass(b.build(false)));
                    return end;
                }
                case 'd', 'D', 's', 'S', 'w', 'W' -> {
                    ClassSpec.Builder b = new ClassSpec.Builder(fold);
                    perlClass(re.charAt(pos + 1), b);
                    push(Node.charClass(b.build(false)));
                    return pos + 2;
                }
                default -> {
                }
            }
        }
        long r = singleEscape(pos);
        push(Node.literal((int) r, fold));
        return (int) (r >>> 32);
    }

    /**
     * Parses a backslash sequence for one code point at {@code pos}; returns end << 32 | code point.
     */
    private long singleEscape(int pos) {
        int n = re.length();
        int t = pos + 1;
        if (t >= n) {
            throw error(ERR_TRAILING_BACKSLASH, "");
        }
        int c = codePoint(t, n);
        t += Character.charCount(c);
        switch (c) {
            case '1', '2', '3', '4', '5', '6', '7', '0' -> {
                // \1..\7 alone would be a backreference, which RE2 does not support.
                if (c != '0' && (t >= n || !isOctal(re.charAt(t)))) {
                    break;
                }
                int r = c - '0';
                for (int k = 1; k < 3 && t < n && isOctal(re.charAt(t)); k++) {
                    r = r * 8 + re.charAt(t++) - '0';
                }
                return ((long) t << 32) | r;
            }
            case 'x' -> {
                if (t >= n) {
                    break;
                }
                int d = codePoint(t, n);
                t += Character.charCount(d);
                if (d == '{') {
                    int r = 0;
                    int digits = 0;
                    while (true) {
                        if (t >= n) {
                            throw error(ERR_INVALID_ESCAPE, re.substring(pos, t));
                        }
                        int h = codePoint(t, n);
                        t += Character.charCount(h);
                        if (h == '}') {
                            break;
                        }
                        int v = unhex(h);
                        if (v < 0) {
                            throw error(ERR_INVALID_ESCAPE, re.substring(pos, t));
                        }
                        r = r * 16 + v;
                        if (r > Character.MAX_CODE_POINT) {
                            throw error(ERR_INVALID_ESCAPE, re.substring(pos, t));
                        }
                        digits++;
                    }
                    if (digits == 0) {
                        break;
                    }
                    return ((long) t << 32) | r;
                }
                int x = unhex(d);
                int y = -1;
                if (t < n) {
                    int e = codePoint(t, n);
                    t += Character.charCount(e);
                    y = unhex(e);
                }
                if (x < 0 || y < 0) {
                    break;
                }
                return ((long) t << 32) | (x * 16 + y);
            }
            case 'a' -> {
                return ((long) t << 32) | 7;
            }
            case 'f' -> {
                return ((long) t << 32) | '\f';
            }
            case 'n' -> {
                return ((long) t << 32) | '\n';
            }
            case 'r' -> {
                return ((long) t << 32) | '\r';
            }
            case 't' -> {
                return ((long) t << 32) | '\t';
            }
            case 'v' -> {
                return ((long) t << 32) | 0x0B;
            }
            default -> {
                // Escaped punctuation is itself; escaped letters and digits must be known escapes.
                if (c < 0x80 && !isAlnum(c)) {
                    return ((long) t << 32) | c;
                }
            }
        }
        throw error(ERR_INVALID_ESCAPE, re.substring(pos, t));
    }

    // ---- classes

    /** Parses {@code [...]} at {@code start}. */
    private int parseClass(int start) {
        int n = re.length();
        ClassSpec.Builder b = new ClassSpec.Builder((flags & FOLD_CASE) != 0);
        int t = start + 1;
        boolean negated = false;
        if (t < n && re.charAt(t) == '^') {
            negated = true;
            t++;
        }
        boolean first = true; // ] is a member when it comes first
        while (t >= n || re.charAt(t) != ']' || first) {
            first = false;
            if (n - t > 2 && re.charAt(t) == '[' && re.charAt(t + 1) == ':') {
                int close = re.indexOf(":]", t + 2);
                if (close >= 0) {
                    String name = re.substring(t, close + 2);
                    CharClass posix = PerlGroups.posix(name);
                    if (posix == null) {
                        throw error(ERR_INVALID_CHAR_RANGE, name);
                    }
                    b.group(posix, name.charAt(2) == '^');
                    t = close + 2;
                    continue;
                }
            }
            if (t + 1 < n && re.charAt(t) == '\\') {
                char e = re.charAt(t + 1);
                if (e == 'p' || e == 'P') {
                    t = unicodeClass(t, b);
                    continue;
                }
                if (PerlGroups.perl(e) != null) {
                    perlClass(e, b);
                    t += 2;
                    continue;
                }
            }
            int rangeStart = t;
            long lo = classChar(t, start);
            t = (int) (lo >>> 32);
            int hi = (int) lo;
            if (n - t >= 2 && re.charAt(t) == '-' && re.charAt(t + 1) != ']') {
                long h = classChar(t + 1, start);
                t = (int) (h >>> 32);
                hi = (int) h;
                if (hi < (int) lo) {
                    throw error(ERR_INVALID_CHAR_RANGE, re.substring(rangeStart, t));
                }
            }
            b.range((int) lo, hi);
        }
        push(Node.charClass(b.build(negated)));
        return t + 1;
    }

    /** One class member at {@code t}: end << 32 | code point. */
    private long classChar(int t, int classStart) {
        int n = re.length();
        if (t >= n) {
            throw error(ERR_MISSING_BRACKET, re.substring(classStart));
        }
        if (re.charAt(t) == '\\') {
            return singleEscape(t);
        }
        int c = codePoint(t, n);
        return ((long) (t + Character.charCount(c)) << 32) | c;
    }

    private static void perlClass(char letter, ClassSpec.Builder b) {
        b.group(PerlGroups.perl(letter), Character.isUpperCase(letter));
    }

    /** Parses {@code \pX}, {@code \p{Name}}, {@code \PX}, {@code \P{Name}} at {@code t} into {@code b}. */
    private int unicodeClass(int t, ClassSpec.Builder b) {
        int n = re.length();
        boolean negative = re.charAt(t + 1) == 'P';
        int u = t + 2;
        String seq;
        String name;
        int end;
        if (u >= n) {
            seq = re.substring(t, u);
            name = "";
            end = u;
        } else {
            int c = codePoint(u, n);
            if (c != '{') {
                end = u + Character.charCount(c);
                seq = re.substring(t, end);
                name = seq.substring(2);
            } else {
                int close = re.indexOf('}', t);
                if (close < 0) {
                    checkUtf8(t, n);
                    throw error(ERR_INVALID_CHAR_RANGE, re.substring(t));
                }
                end = close + 1;
                seq = re.substring(t, end);
                checkUtf8(t + 3, close);
                name = re.substring(t + 3, close);
            }
        }
        if (!name.isEmpty() && name.charAt(0) == '^') {
            negative = !negative;
            name = name.substring(1);
        }
        UnicodeProperty p = UnicodeProperty.lookup(name);
        if (p == null) {
            throw error(ERR_INVALID_CHAR_RANGE, seq);
        }
        b.property(p, negative);
        return end;
    }

    // ---- limits

    /** Computes height and Go's size estimate of a new node from its children. */
    private static Node measure(Node node) {
        int h = 0;
        for (Node s : node.subs) {
            h = Math.max(h, s.height);
        }
        // Go merges a run of literals into one node.
        boolean literalRun = node.kind == Node.Kind.CONCAT && node.subs.stream().allMatch(s -> s.kind == Node.Kind.LITERAL);
        node.height = literalRun ? 1 : h + 1;

        long size = 0;
        switch (node.kind) {
            case CAPTURE -> size = 2 + node.subs.get(0).size;
            case CONCAT -> {
                for (Node s : node.subs) {
                    size += s.size;
                }
            }
            case ALTERNATE -> {
                for (Node s : node.subs) {
                    size += s.size;
                }
                size += node.subs.size() - 1;
            }
            case REPEAT -> {
                long sub = node.subs.get(0).size;
                if (node.op == '*') {
                    size = 2 + sub;
                } else if (node.op == '+' || node.op == '?') {
                    size = 1 + sub;
                } else if (node.max < 0) {
                    size = node.min == 0 ? 2 + sub : 1 + node.min * sub;
                } else {
                    size = node.max * sub + (node.max - node.min);
                }
            }
            default -> size = 1;
        }
        node.size = Math.max(1, size);
        return node;
    }

    private void checkLimits(Node node) {
        trackSize |= nodeCount >= MAX_SIZE / repeatProduct;
        if (trackSize && node.size > MAX_SIZE) {
            throw error(ERR_LARGE, re);
        }
        if (node.height > MAX_HEIGHT) {
            throw error(ERR_NESTING_DEPTH, re);
        }
    }

    // ---- characters

    /** The code point at {@code i}; an unpaired surrogate is Go's invalid UTF-8. */
    private int codePoint(int i, int limit) {
        char c = re.charAt(i);
        if (!Character.isSurrogate(c)) {
            return c;
        }
        if (Character.isHighSurrogate(c) && i + 1 < limit && Character.isLowSurrogate(re.charAt(i + 1))) {
            return Character.toCodePoint(c, re.charAt(i + 1));
        }
        throw error(ERR_INVALID_UTF8, re.substring(i, limit));
    }

    private void checkUtf8(int from, int to) {
        for (int i = from; i < to; ) {
            i += Character.charCount(codePoint(i, to));
        }
    }

    private static boolean isAlnum(int c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isOctal(char c) {
        return c >= '0' && c <= '7';
    }

    private static int unhex(int c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private RegexSyntaxException error(String code, String expr) {
        return new RegexSyntaxException(code, expr, re);
    }
}
