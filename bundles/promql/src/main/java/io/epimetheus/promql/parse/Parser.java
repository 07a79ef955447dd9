package io.epimetheus.promql.parse;

import io.epimetheus.api.config.PromDuration;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.MatchType;
import io.epimetheus.api.model.Matcher;
import io.epimetheus.api.regex.RegexSyntaxException;
import io.epimetheus.promql.ast.AggregateExpr;
import io.epimetheus.promql.ast.AggregateOp;
import io.epimetheus.promql.ast.AtAnchor;
import io.epimetheus.promql.ast.BinaryExpr;
import io.epimetheus.promql.ast.BinaryOp;
import io.epimetheus.promql.ast.Call;
import io.epimetheus.promql.ast.DurationExpr;
import io.epimetheus.promql.ast.DurationOp;
import io.epimetheus.promql.ast.Expr;
import io.epimetheus.promql.ast.FunctionDef;
import io.epimetheus.promql.ast.Functions;
import io.epimetheus.promql.ast.GoQuote;
import io.epimetheus.promql.ast.MatrixSelector;
import io.epimetheus.promql.ast.NumberLiteral;
import io.epimetheus.promql.ast.ParenExpr;
import io.epimetheus.promql.ast.PosRange;
import io.epimetheus.promql.ast.StringLiteral;
import io.epimetheus.promql.ast.SubqueryExpr;
import io.epimetheus.promql.ast.UnaryExpr;
import io.epimetheus.promql.ast.VectorMatching;
import io.epimetheus.promql.ast.VectorSelector;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A recursive-descent parser for PromQL that accepts what Prometheus's grammar accepts, with the
 * same operator precedence, the same tree and the same error messages where feasible. The first
 * error ends parsing; type checking runs only on a syntactically valid tree, as in Prometheus.
 */
public final class Parser {

    private static final double MAX_DURATION_SECONDS = 9.223372036854775807e9; // 2^63 ns

    private final String input;
    private final ParserOptions options;
    private final List<Token> tokens;
    private int p;
    /** The error context of the duration expression being parsed: offset, range or subquery step. */
    private String durationContext = "";
    private String durationExpected = "";

    private Parser(String input, ParserOptions options) {
        this.input = input;
        this.options = options;
        List<Token> all = Lexer.lex(input);
        this.tokens = new ArrayList<>(all.size());
        for (Token t : all) {
            if (t.type() != TokenType.COMMENT) {
                tokens.add(t);
            }
        }
    }

    /**
     * Parses and type-checks an expression.
     *
     * @throws ParseException with Prometheus's message and position
     */
    public static Expr parseExpr(String input, ParserOptions options) {
        Parser parser = new Parser(input, options);
        Expr e = parser.parseStart();
        new TypeChecker(input).check(e);
        return e;
    }

    /**
     * Parses a series selector such as {@code up{job="x"}} (as used by the API's {@code match[]}).
     *
     * @throws ParseException if it is not a vector selector
     */
    public static List<Matcher> parseMetricSelector(String input) {
        Parser parser = new Parser(input, ParserOptions.DEFAULTS);
        Token t = parser.peek();
        VectorSelector vs;
        if (t.type() == TokenType.LEFT_BRACE || isMetricIdentifier(t.type())) {
            vs = parser.parseVectorSelector();
        } else {
            throw parser.unexpected("", "");
        }
        if (parser.peek().type() != TokenType.EOF) {
            throw parser.unexpected("", "");
        }
        new TypeChecker(input).check(vs);
        return vs.matchers;
    }

    // ---- token access

    private Token peek() {
        return tokens.get(p);
    }

    private Token peekAt(int ahead) {
        return tokens.get(Math.min(p + ahead, tokens.size() - 1));
    }

    private Token next() {
        Token t = tokens.get(p);
        if (t.type() == TokenType.ERROR) {
            throw lexError(t);
        }
        if (p < tokens.size() - 1) {
            p++;
        }
        return t;
    }

    private ParseException lexError(Token t) {
        return new ParseException(new PosRange(t.pos(), input.length()), t.val(), input);
    }

    private ParseException error(PosRange range, String message) {
        return new ParseException(range, message, input);
    }

    /** "unexpected X[ in context][, expected Y]" about the current token, or the lexer's own error. */
    private ParseException unexpected(String context, String expected) {
        Token t = peek();
        if (t.type() == TokenType.ERROR) {
            return lexError(t);
        }
        StringBuilder sb = new StringBuilder("unexpected ").append(t.desc());
        if (!context.isEmpty()) {
            sb.append(" in ").append(context);
        }
        if (!expected.isEmpty()) {
            sb.append(", expected ").append(expected);
        }
        return error(t.posRange(), sb.toString());
    }

    private Token expect(TokenType type, String context, String expected) {
        if (peek().type() != type) {
            throw unexpected(context, expected);
        }
        return next();
    }

    // ---- expressions

    private Expr parseStart() {
        if (peek().type() == TokenType.EOF) {
            throw error(new PosRange(0, 0), "no expression found in input");
        }
        Expr e = parseExpr(0);
        if (peek().type() != TokenType.EOF) {
            throw unexpected("", "");
        }
        return e;
    }

    private Expr parseExpr(int minPrecedence) {
        Expr lhs = parseUnary();
        while (true) {
            BinaryOp op = binaryOp(peek().type());
            if (op == null || op.precedence() < minPrecedence) {
                return lhs;
            }
            next();
            BinaryModifiers mods = parseBinaryModifiers();
            Expr rhs = parseExpr(op.rightAssociative() ? op.precedence() : op.precedence() + 1);
            lhs = newBinaryExpression(lhs, op, mods, rhs);
        }
    }

    private static BinaryOp binaryOp(TokenType t) {
        return switch (t) {
            case ADD -> BinaryOp.ADD;
            case SUB -> BinaryOp.SUB;
            case MUL -> BinaryOp.MUL;
            case DIV -> BinaryOp.DIV;
            case MOD -> BinaryOp.MOD;
            case POW -> BinaryOp.POW;
            case ATAN2 -> BinaryOp.ATAN2;
            case EQLC -> BinaryOp.EQLC;
            case NEQ -> BinaryOp.NEQ;
            case GTR -> BinaryOp.GTR;
            case LSS -> BinaryOp.LSS;
            case GTE -> BinaryOp.GTE;
            case LTE -> BinaryOp.LTE;
            case TRIM_UPPER -> BinaryOp.TRIM_UPPER;
            case TRIM_LOWER -> BinaryOp.TRIM_LOWER;
            case LAND -> BinaryOp.LAND;
            case LOR -> BinaryOp.LOR;
            case LUNLESS -> BinaryOp.LUNLESS;
            default -> null;
        };
    }

    /** The modifiers after a binary operator: bool, on/ignoring, group_left/group_right, fill. */
    private record BinaryModifiers(boolean returnBool, VectorMatching matching) {
    }

    private BinaryModifiers parseBinaryModifiers() {
        boolean returnBool = false;
        VectorMatching vm = new VectorMatching();
        if (peek().type() == TokenType.BOOL) {
            next();
            returnBool = true;
        }
        TokenType t = peek().type();
        if (t == TokenType.ON || t == TokenType.IGNORING) {
            next();
            vm.on = t == TokenType.ON;
            vm.matchingLabels = parseGroupingLabels();
            TokenType g = peek().type();
            if (g == TokenType.GROUP_LEFT || g == TokenType.GROUP_RIGHT) {
                next();
                vm.card = g == TokenType.GROUP_LEFT ? VectorMatching.Card.MANY_TO_ONE : VectorMatching.Card.ONE_TO_MANY;
                if (peek().type() == TokenType.LEFT_PAREN) {
                    vm.include = parseGroupingLabels();
                }
            }
        }
        t = peek().type();
        if (t == TokenType.FILL) {
            next();
            double v = parseFillValue();
            vm.fillLhs = v;
            vm.fillRhs = v;
        } else if (t == TokenType.FILL_LEFT || t == TokenType.FILL_RIGHT) {
            next();
            double v = parseFillValue();
            TokenType other = t == TokenType.FILL_LEFT ? TokenType.FILL_RIGHT : TokenType.FILL_LEFT;
            Double v2 = null;
            if (peek().type() == other) {
                next();
                v2 = parseFillValue();
            }
            if (t == TokenType.FILL_LEFT) {
                vm.fillLhs = v;
                vm.fillRhs = v2;
            } else {
                vm.fillRhs = v;
                vm.fillLhs = v2;
            }
        }
        return new BinaryModifiers(returnBool, vm);
    }

    private double parseFillValue() {
        expect(TokenType.LEFT_PAREN, "", "");
        boolean negative = false;
        if (peek().type() == TokenType.ADD || peek().type() == TokenType.SUB) {
            negative = next().type() == TokenType.SUB;
        }
        NumberLiteral n = parseNumberDurationLiteral();
        expect(TokenType.RIGHT_PAREN, "", "");
        return negative ? -n.val : n.val;
    }

    private Expr newBinaryExpression(Expr lhs, BinaryOp op, BinaryModifiers mods, Expr rhs) {
        BinaryExpr b = new BinaryExpr(op, lhs, rhs, mods.matching(), mods.returnBool());
        if (!options.binopFillModifiers() && (b.matching.fillLhs != null || b.matching.fillRhs != null)) {
            throw error(b.posRange(), "binop fill modifiers are experimental and not enabled");
        }
        return b;
    }

    private Expr parseUnary() {
        Token t = peek();
        if (t.type() == TokenType.ADD || t.type() == TokenType.SUB) {
            next();
            // Unary operators bind like multiplication: -a^b is -(a^b), -a*b is (-a)*b.
            Expr operand = parseExpr(BinaryOp.POW.precedence());
            BinaryOp op = t.type() == TokenType.SUB ? BinaryOp.SUB : BinaryOp.ADD;
            if (operand instanceof NumberLiteral n) {
                if (op == BinaryOp.SUB) {
                    n.val = -n.val;
                }
                n.posRange = new PosRange(t.pos(), n.posRange.end());
                return n;
            }
            return new UnaryExpr(op, operand, t.pos());
        }
        return parsePostfix(parsePrimary());
    }

    private Expr parsePrimary() {
        Token t = peek();
        switch (t.type()) {
            case NUMBER, DURATION -> {
                return parseNumberDurationLiteral();
            }
            case STRING -> {
                next();
                return new StringLiteral(unquote(t), t.posRange());
            }
            case LEFT_PAREN -> {
                next();
                Expr inner = parseExpr(0);
                if (peek().type() != TokenType.RIGHT_PAREN) {
                    throw unexpected("", "");
                }
                Token close = next();
                return new ParenExpr(inner, new PosRange(t.pos(), close.end()));
            }
            case LEFT_BRACE, METRIC_IDENTIFIER -> {
                return parseVectorSelector();
            }
            case IDENTIFIER -> {
                if (peekAt(1).type() == TokenType.LEFT_PAREN) {
                    return parseFunctionCall();
                }
                return parseVectorSelector();
            }
            case START, END, STEP, RANGE, MAX_OF, MIN_OF -> {
                if (peekAt(1).type() == TokenType.LEFT_PAREN) {
                    return parseFunctionCall();
                }
                return parseVectorSelector();
            }
            case BY, FILL, FILL_LEFT, FILL_RIGHT, LAND, LOR, LUNLESS, OFFSET, WITHOUT, ANCHORED, SMOOTHED -> {
                return parseVectorSelector();
            }
            default -> {
                if (t.type().kind == TokenType.Kind.AGGREGATOR) {
                    TokenType after = peekAt(1).type();
                    if (after == TokenType.LEFT_PAREN || after == TokenType.BY || after == TokenType.WITHOUT) {
                        return parseAggregate();
                    }
                    if (canFollowMetricName(after)) {
                        return parseVectorSelector();
                    }
                    next();
                    throw unexpected("", "");
                }
                throw unexpected("", "");
            }
        }
    }

    /** Tokens after which a reserved word like {@code sum} is a metric name rather than an aggregation. */
    private static boolean canFollowMetricName(TokenType t) {
        return t == TokenType.LEFT_BRACE || t == TokenType.EOF || t == TokenType.RIGHT_PAREN || t == TokenType.COMMA
                || t == TokenType.LEFT_BRACKET || t == TokenType.RIGHT_BRACKET || t == TokenType.OFFSET
                || t == TokenType.AT || t == TokenType.ANCHORED || t == TokenType.SMOOTHED || binaryOp(t) != null;
    }

    private static boolean isMetricIdentifier(TokenType t) {
        return switch (t) {
            case IDENTIFIER, METRIC_IDENTIFIER, BY, FILL, FILL_LEFT, FILL_RIGHT, LAND, LOR, LUNLESS, OFFSET, WITHOUT,
                    START, END, STEP, RANGE, ANCHORED, SMOOTHED, MAX_OF, MIN_OF -> true;
            default -> t.kind == TokenType.Kind.AGGREGATOR;
        };
    }

    private NumberLiteral parseNumberDurationLiteral() {
        Token t = next();
        if (t.type() == TokenType.NUMBER) {
            return new NumberLiteral(number(t), false, t.posRange());
        }
        if (t.type() == TokenType.DURATION) {
            return new NumberLiteral(durationSeconds(t), true, t.posRange());
        }
        p--;
        throw unexpected("", "");
    }

    private double number(Token t) {
        try {
            return GoNumbers.parse(t.val());
        } catch (NumberFormatException e) {
            throw error(t.posRange(), "error parsing number: " + e.getMessage());
        }
    }

    private double durationSeconds(Token t) {
        try {
            return PromDuration.parse(t.val()) / 1000.0;
        } catch (IllegalArgumentException e) {
            throw error(t.posRange(), e.getMessage());
        }
    }

    private String unquote(Token t) {
        try {
            return GoStrings.unquote(t.val());
        } catch (IllegalArgumentException e) {
            throw error(t.posRange(), "error unquoting string " + GoQuote.quote(t.val()) + ": " + e.getMessage());
        }
    }

    // ---- function calls and aggregations

    private Expr parseFunctionCall() {
        Token name = next();
        List<Expr> args = parseCallBody();
        int end = tokens.get(p - 1).end();
        FunctionDef fn = Functions.get(name.val());
        if (fn == null) {
            throw error(name.posRange(), "unknown function with name " + GoQuote.quote(name.val()));
        }
        if (fn.experimental() && !options.experimentalFunctions()) {
            throw error(name.posRange(), "function " + GoQuote.quote(name.val()) + " is not enabled");
        }
        return new Call(fn, args, new PosRange(name.pos(), end));
    }

    private List<Expr> parseCallBody() {
        expect(TokenType.LEFT_PAREN, "", "");
        List<Expr> args = new ArrayList<>();
        if (peek().type() == TokenType.RIGHT_PAREN) {
            next();
            return args;
        }
        while (true) {
            args.add(parseExpr(0));
            Token t = peek();
            if (t.type() == TokenType.COMMA) {
                next();
                if (peek().type() == TokenType.RIGHT_PAREN) {
                    throw error(t.posRange(), "trailing commas not allowed in function call args");
                }
                continue;
            }
            if (t.type() == TokenType.RIGHT_PAREN) {
                next();
                return args;
            }
            throw unexpected("", "");
        }
    }

    private Expr parseAggregate() {
        Token opTok = next();
        AggregateOp op = AggregateOp.valueOf(opTok.type().name());
        List<String> grouping = List.of();
        boolean without = false;
        List<Expr> args;
        TokenType t = peek().type();
        if (t == TokenType.BY || t == TokenType.WITHOUT) {
            next();
            without = t == TokenType.WITHOUT;
            grouping = parseGroupingLabels();
            args = parseCallBody();
        } else {
            args = parseCallBody();
            t = peek().type();
            if (t == TokenType.BY || t == TokenType.WITHOUT) {
                next();
                without = t == TokenType.WITHOUT;
                grouping = parseGroupingLabels();
            }
        }
        PosRange range = new PosRange(opTok.pos(), tokens.get(p - 1).end());
        if (args.isEmpty()) {
            throw error(range, "no arguments for aggregate expression provided");
        }
        int desired = 1;
        Expr param = null;
        if (op.hasParam()) {
            if (op.experimental() && !options.experimentalFunctions()) {
                throw error(range, op.text()
                        + "() is experimental and must be enabled with --enable-feature=promql-experimental-functions");
            }
            desired = 2;
            param = args.get(0);
        }
        if (args.size() != desired) {
            throw error(range, "wrong number of arguments for aggregate expression provided, expected " + desired
                    + ", got " + args.size());
        }
        return new AggregateExpr(op, args.get(desired - 1), param, grouping, without, range);
    }

    private List<String> parseGroupingLabels() {
        if (peek().type() != TokenType.LEFT_PAREN) {
            throw unexpected("grouping opts", "\"(\"");
        }
        next();
        List<String> labels = new ArrayList<>();
        if (peek().type() == TokenType.RIGHT_PAREN) {
            next();
            return labels;
        }
        while (true) {
            Token t = peek();
            String name;
            if (t.type() == TokenType.STRING) {
                next();
                name = unquote(t);
                if (!Labels.isValidLabelName(name)) {
                    throw error(new PosRange(t.pos() + 1, t.end()), "invalid label name for grouping: "
                            + GoQuote.quote(name));
                }
            } else if (isMaybeLabel(t.type())) {
                next();
                name = t.val();
                if (!Labels.isValidLabelName(name)) {
                    throw error(t.posRange(), "invalid label name for grouping: " + GoQuote.quote(name));
                }
            } else {
                throw unexpected("grouping opts", "label");
            }
            labels.add(name);
            if (peek().type() == TokenType.COMMA) {
                next();
                if (peek().type() == TokenType.RIGHT_PAREN) {
                    next();
                    return labels;
                }
            } else if (peek().type() == TokenType.RIGHT_PAREN) {
                next();
                return labels;
            } else {
                throw unexpected("grouping opts", "\",\" or \")\"");
            }
        }
    }

    /** Words that may be label names in grouping lists although the lexer reads them as keywords. */
    private static boolean isMaybeLabel(TokenType t) {
        return switch (t) {
            case IDENTIFIER, METRIC_IDENTIFIER, BOOL, BY, GROUP_LEFT, GROUP_RIGHT, FILL, FILL_LEFT, FILL_RIGHT,
                    IGNORING, LAND, LOR, LUNLESS, OFFSET, ON, START, END, ATAN2, STEP, RANGE, ANCHORED, SMOOTHED, MAX_OF,
                    MIN_OF -> true;
            default -> t.kind == TokenType.Kind.AGGREGATOR;
        };
    }

    // ---- vector selectors

    private VectorSelector parseVectorSelector() {
        Token first = peek();
        String name = "";
        int start = first.pos();
        int end;
        List<Matcher> matchers = new ArrayList<>();
        if (first.type() != TokenType.LEFT_BRACE) {
            next();
            name = first.val();
            end = first.end();
        } else {
            end = first.end();
        }
        if (peek().type() == TokenType.LEFT_BRACE) {
            end = parseLabelMatchers(matchers);
        }
        if (!name.isEmpty()) {
            matchers.add(Matcher.equal(Labels.METRIC_NAME, name));
        }
        return new VectorSelector(name, matchers, new PosRange(start, end));
    }

    /** Parses {@code {...}} into {@code matchers}; returns the end position of the closing brace. */
    private int parseLabelMatchers(List<Matcher> matchers) {
        next();
        if (peek().type() == TokenType.RIGHT_BRACE) {
            return next().end();
        }
        while (true) {
            Token t = peek();
            if (t.type() == TokenType.IDENTIFIER) {
                next();
                matchers.add(parseMatcherRest(t, t.val()));
            } else if (t.type() == TokenType.STRING) {
                next();
                String name = unquote(t);
                if (matchType(peek().type()) != null) {
                    matchers.add(parseMatcherRest(t, name));
                } else {
                    matchers.add(newMatcher(MatchType.EQUAL, Labels.METRIC_NAME, name, t.posRange()));
                }
            } else {
                throw unexpected("label matching", "identifier or \"}\"");
            }
            Token sep = peek();
            if (sep.type() == TokenType.COMMA) {
                next();
                if (peek().type() == TokenType.RIGHT_BRACE) {
                    return next().end();
                }
            } else if (sep.type() == TokenType.RIGHT_BRACE) {
                return next().end();
            } else {
                throw unexpected("label matching", "\",\" or \"}\"");
            }
        }
    }

    private Matcher parseMatcherRest(Token nameTok, String name) {
        MatchType type = matchType(peek().type());
        if (type == null) {
            throw unexpected("label matching", "label matching operator");
        }
        next();
        if (peek().type() != TokenType.STRING) {
            throw unexpected("label matching", "string");
        }
        Token value = next();
        return newMatcher(type, name, unquote(value), new PosRange(nameTok.pos(), value.end()));
    }

    private Matcher newMatcher(MatchType type, String name, String value, PosRange range) {
        try {
            return Matcher.of(type, name, value);
        } catch (RegexSyntaxException e) {
            throw error(range, e.getMessage());
        }
    }

    private static MatchType matchType(TokenType t) {
        return switch (t) {
            case EQL -> MatchType.EQUAL;
            case NEQ -> MatchType.NOT_EQUAL;
            case EQL_REGEX -> MatchType.REGEX;
            case NEQ_REGEX -> MatchType.NOT_REGEX;
            default -> null;
        };
    }

    // ---- postfix modifiers: offset, @, [range], [range:step], anchored, smoothed

    private Expr parsePostfix(Expr e) {
        while (true) {
            switch (peek().type()) {
                case OFFSET -> {
                    next();
                    parseOffset(e);
                }
                case AT -> {
                    next();
                    parseAt(e);
                }
                case LEFT_BRACKET -> e = parseRangeOrSubquery(e);
                case ANCHORED -> {
                    next();
                    setExtendedRange(e, true);
                }
                case SMOOTHED -> {
                    next();
                    setExtendedRange(e, false);
                }
                default -> {
                    return e;
                }
            }
        }
    }

    private void parseOffset(Expr e) {
        durationContext = "offset";
        durationExpected = "number, duration, step(), or range()";
        Token t = peek();
        Expr value;
        if (t.type() == TokenType.ADD || t.type() == TokenType.SUB) {
            next();
            boolean negative = t.type() == TokenType.SUB;
            Token v = peek();
            switch (v.type()) {
                case NUMBER, DURATION -> {
                    NumberLiteral n = parseNumberDurationLiteral();
                    if (negative) {
                        n.val = -n.val;
                    }
                    if (durationOutOfRange(n.val)) {
                        throw error(t.posRange(), "duration out of range");
                    }
                    n.posRange = new PosRange(t.pos(), n.posRange.end());
                    value = n;
                }
                case STEP, RANGE, MAX_OF, MIN_OF -> {
                    DurationExpr inner = parseDurationFunction();
                    value = experimental(new DurationExpr(negative ? DurationOp.SUB : DurationOp.ADD, null, inner, false,
                            t.pos(), 0));
                }
                case LEFT_PAREN -> {
                    next();
                    Expr inner = parseDurationExpr(0);
                    Token close = expectInDuration(TokenType.RIGHT_PAREN);
                    value = applyUnary(t, wrapParen(inner, v.pos(), close.end()));
                }
                default -> throw unexpected("offset", "number, duration, step(), or range()");
            }
        } else {
            value = switch (t.type()) {
                case NUMBER, DURATION -> {
                    NumberLiteral n = parseNumberDurationLiteral();
                    if (durationOutOfRange(n.val)) {
                        throw error(n.posRange, "duration out of range");
                    }
                    yield n;
                }
                case STEP, RANGE, MAX_OF, MIN_OF -> experimental(parseDurationFunction());
                case LEFT_PAREN -> parseDurationPrimary();
                default -> throw unexpected("offset", "number, duration, step(), or range()");
            };
        }
        if (value instanceof NumberLiteral n) {
            addOffset(e, (long) GoMath.round(n.val * 1e9), null);
        } else {
            addOffset(e, 0, (DurationExpr) value);
        }
    }

    private void addOffset(Expr e, long nanos, DurationExpr expr) {
        Expr target = modifierTarget(e, "offset");
        if (target instanceof VectorSelector vs) {
            checkOffsetUnset(e, vs.originalOffsetNanos, vs.originalOffsetExpr);
            vs.originalOffsetNanos = nanos;
            vs.originalOffsetExpr = expr;
        } else {
            SubqueryExpr sq = (SubqueryExpr) target;
            checkOffsetUnset(e, sq.originalOffsetNanos, sq.originalOffsetExpr);
            sq.originalOffsetNanos = nanos;
            sq.originalOffsetExpr = expr;
        }
        extendToModifier(e);
    }

    /**
     * The node that holds an offset or {@code @} modifier written after {@code e}: a selector, a range
     * selector's vector selector or a subquery.
     */
    private Expr modifierTarget(Expr e, String modifier) {
        if (e instanceof VectorSelector || e instanceof SubqueryExpr) {
            return e;
        }
        if (e instanceof MatrixSelector ms) {
            return ms.vectorSelector;
        }
        throw error(e.posRange(), modifier + " modifier must be preceded by an instant vector selector or range vector "
                + "selector or a subquery");
    }

    /** Extends the position of {@code e} to the end of the modifier just parsed. */
    private void extendToModifier(Expr e) {
        int end = tokens.get(p - 1).end();
        if (e instanceof VectorSelector vs) {
            vs.posRange = new PosRange(vs.posRange.start(), end);
        } else if (e instanceof MatrixSelector ms) {
            ms.endPos = end;
        } else {
            ((SubqueryExpr) e).endPos = end;
        }
    }

    private void checkOffsetUnset(Expr e, long nanos, DurationExpr expr) {
        if (nanos != 0 || expr != null) {
            throw error(e.posRange(), "offset may not be set multiple times");
        }
    }

    private void parseAt(Expr e) {
        Token t = peek();
        if (t.type() == TokenType.START || t.type() == TokenType.END) {
            next();
            expect(TokenType.LEFT_PAREN, "@", "timestamp");
            expect(TokenType.RIGHT_PAREN, "@", "timestamp");
            setAt(e, null, t.type() == TokenType.START ? AtAnchor.START : AtAnchor.END);
            return;
        }
        boolean negative = false;
        if (t.type() == TokenType.ADD || t.type() == TokenType.SUB) {
            next();
            negative = t.type() == TokenType.SUB;
        }
        Token v = peek();
        if (v.type() != TokenType.NUMBER && v.type() != TokenType.DURATION) {
            throw unexpected("@", "timestamp");
        }
        double ts = parseNumberDurationLiteral().val;
        if (negative) {
            ts = -ts;
        }
        if (Double.isInfinite(ts) || Double.isNaN(ts) || ts >= 9.223372036854775807e18 || ts <= -9.223372036854775808e18) {
            throw error(e.posRange(), "timestamp out of bounds for @ modifier: " + goFormatF6(ts));
        }
        setAt(e, (long) GoMath.round(ts * 1000), AtAnchor.NONE);
    }

    /** Go's {@code %f}: six decimals, infinities as {@code +Inf} and {@code -Inf}. */
    private static String goFormatF6(double v) {
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        return Double.isNaN(v) ? "NaN" : String.format(Locale.ROOT, "%f", v);
    }

    private void setAt(Expr e, Long timestamp, AtAnchor anchor) {
        Expr target = modifierTarget(e, "@");
        if (target instanceof VectorSelector vs) {
            checkAtUnset(e, vs.timestamp, vs.atAnchor);
            vs.timestamp = timestamp;
            vs.atAnchor = anchor;
        } else {
            SubqueryExpr sq = (SubqueryExpr) target;
            checkAtUnset(e, sq.timestamp, sq.atAnchor);
            sq.timestamp = timestamp;
            sq.atAnchor = anchor;
        }
        extendToModifier(e);
    }

    private void checkAtUnset(Expr e, Long timestamp, AtAnchor anchor) {
        if (timestamp != null || anchor != AtAnchor.NONE) {
            throw error(e.posRange(), "@ <timestamp> may not be set multiple times");
        }
    }

    private void setExtendedRange(Expr e, boolean anchored) {
        String name = anchored ? "anchored" : "smoothed";
        if (!options.extendedRangeSelectors()) {
            throw error(e.posRange(), name + " modifier is experimental and not enabled");
        }
        VectorSelector vs;
        if (e instanceof VectorSelector v) {
            vs = v;
        } else if (e instanceof MatrixSelector m) {
            vs = m.vectorSelector;
        } else if (e instanceof SubqueryExpr) {
            throw error(e.posRange(), name + " modifier is not supported for subqueries");
        } else {
            throw error(e.posRange(), name + " modifier not implemented");
        }
        if (anchored) {
            vs.anchored = true;
        } else {
            vs.smoothed = true;
        }
        if (vs.anchored && vs.smoothed) {
            throw error(e.posRange(), "anchored and smoothed modifiers cannot be used together");
        }
    }

    private Expr parseRangeOrSubquery(Expr e) {
        Token open = next();
        durationContext = "subquery or range selector";
        durationExpected = "number, duration, step(), or range()";
        if (!startsDurationExpr(peek().type())) {
            throw unexpected("subquery or range selector", "number, duration, step(), or range()");
        }
        Expr range = positive(parseDurationExpr(0));
        Token t = peek();
        if (t.type() == TokenType.RIGHT_BRACKET) {
            Token close = next();
            String problem = null;
            if (!(e instanceof VectorSelector vs)) {
                problem = "ranges only allowed for vector selectors";
            } else if (vs.originalOffsetNanos != 0 || vs.originalOffsetExpr != null) {
                problem = "no offset modifiers allowed before range";
            } else if (vs.timestamp != null || vs.atAnchor != AtAnchor.NONE) {
                problem = "no @ modifiers allowed before range";
            }
            if (problem != null) {
                throw error(new PosRange(open.pos(), close.end()), problem);
            }
            return new MatrixSelector((VectorSelector) e, rangeNanos(range), range instanceof DurationExpr d ? d : null,
                    close.end());
        }
        if (t.type() != TokenType.COLON) {
            throw unexpected("subquery or range", "\":\" or \"]\"");
        }
        next();
        durationContext = "subquery selector";
        durationExpected = "number, duration, step(), range(), or \"]\"";
        Expr step = null;
        if (peek().type() != TokenType.RIGHT_BRACKET) {
            if (!startsDurationExpr(peek().type())) {
                throw unexpected("subquery selector", "number, duration, step(), range(), or \"]\"");
            }
            step = positive(parseDurationExpr(0));
            if (peek().type() != TokenType.RIGHT_BRACKET) {
                throw unexpected("subquery selector", "\"]\"");
            }
        }
        Token close = next();
        return new SubqueryExpr(e, rangeNanos(range), range instanceof DurationExpr d ? d : null,
                step == null ? 0 : rangeNanos(step), step instanceof DurationExpr d ? d : null, close.end());
    }

    private static long rangeNanos(Expr e) {
        return e instanceof NumberLiteral n ? (long) GoMath.round(n.val * 1e9) : 0;
    }

    private Expr positive(Expr e) {
        if (e instanceof NumberLiteral n && n.val <= 0) {
            throw error(n.posRange, "duration must be greater than 0");
        }
        return e;
    }

    private static boolean startsDurationExpr(TokenType t) {
        return switch (t) {
            case NUMBER, DURATION, ADD, SUB, LEFT_PAREN, STEP, RANGE, MAX_OF, MIN_OF -> true;
            default -> false;
        };
    }

    // ---- duration expressions

    private Expr parseDurationExpr(int minPrecedence) {
        Expr lhs;
        Token t = peek();
        if (t.type() == TokenType.ADD || t.type() == TokenType.SUB) {
            next();
            lhs = applyUnary(t, parseDurationExpr(3));
        } else {
            lhs = parseDurationPrimary();
        }
        while (true) {
            Token opTok = peek();
            DurationOp op = switch (opTok.type()) {
                case ADD -> DurationOp.ADD;
                case SUB -> DurationOp.SUB;
                case MUL -> DurationOp.MUL;
                case DIV -> DurationOp.DIV;
                case MOD -> DurationOp.MOD;
                case POW -> DurationOp.POW;
                default -> null;
            };
            if (op == null) {
                return lhs;
            }
            int prec = switch (op) {
                case ADD, SUB -> 1;
                case MUL, DIV, MOD -> 2;
                default -> 3;
            };
            if (prec < minPrecedence) {
                return lhs;
            }
            next();
            Expr rhs = parseDurationExpr(op == DurationOp.POW ? prec : prec + 1);
            experimental(lhs);
            if ((op == DurationOp.DIV || op == DurationOp.MOD) && rhs instanceof NumberLiteral n && n.val == 0) {
                throw error(opTok.posRange(), op == DurationOp.DIV ? "division by zero" : "modulo by zero");
            }
            lhs = new DurationExpr(op, lhs, rhs, false, 0, 0);
        }
    }

    private Expr parseDurationPrimary() {
        Token t = peek();
        switch (t.type()) {
            case NUMBER, DURATION -> {
                NumberLiteral n = parseNumberDurationLiteral();
                if (durationOutOfRange(n.val)) {
                    throw error(n.posRange, "duration out of range");
                }
                return n;
            }
            case STEP, RANGE, MAX_OF, MIN_OF -> {
                return experimental(parseDurationFunction());
            }
            case LEFT_PAREN -> {
                next();
                Expr inner = parseDurationExpr(0);
                Token close = expectInDuration(TokenType.RIGHT_PAREN);
                experimental(inner);
                return wrapParen(inner, t.pos(), close.end());
            }
            default -> throw unexpected(durationContext, durationExpected);
        }
    }

    private Token expectInDuration(TokenType type) {
        return expect(type, durationContext, durationExpected);
    }

    /** {@code step()}, {@code range()}, {@code min_of(a, b)} or {@code max_of(a, b)}. */
    private DurationExpr parseDurationFunction() {
        Token t = next();
        expectInDuration(TokenType.LEFT_PAREN);
        if (t.type() == TokenType.STEP || t.type() == TokenType.RANGE) {
            Token close = expectInDuration(TokenType.RIGHT_PAREN);
            return new DurationExpr(t.type() == TokenType.STEP ? DurationOp.STEP : DurationOp.RANGE, null, null, false,
                    t.pos(), close.end());
        }
        Expr a = parseDurationExpr(0);
        expectInDuration(TokenType.COMMA);
        Expr b = parseDurationExpr(0);
        Token close = expectInDuration(TokenType.RIGHT_PAREN);
        return new DurationExpr(t.type() == TokenType.MAX_OF ? DurationOp.MAX_OF : DurationOp.MIN_OF, a, b, false,
                t.pos(), close.end());
    }

    private <T extends Expr> T experimental(T e) {
        if (!options.durationExpressions()) {
            throw error(e.posRange(), "experimental duration expression is not enabled");
        }
        return e;
    }

    /** Marks a parenthesised duration expression; a bare number becomes a unary plus so it prints with parentheses. */
    private static Expr wrapParen(Expr e, int start, int end) {
        if (e instanceof DurationExpr d) {
            d.wrapped = true;
            return d;
        }
        return new DurationExpr(DurationOp.ADD, null, e, true, start, end);
    }

    private Expr applyUnary(Token op, Expr e) {
        if (e instanceof DurationExpr d) {
            if (op.type() == TokenType.SUB) {
                return new DurationExpr(DurationOp.SUB, null, d, false, op.pos(), 0);
            }
            return d;
        }
        NumberLiteral n = (NumberLiteral) e;
        if (op.type() == TokenType.SUB) {
            n.val = -n.val;
        }
        if (durationOutOfRange(n.val)) {
            throw error(op.posRange(), "duration out of range");
        }
        n.posRange = new PosRange(op.pos(), n.posRange.end());
        return n;
    }

    private static boolean durationOutOfRange(double seconds) {
        return seconds > MAX_DURATION_SECONDS || seconds < -MAX_DURATION_SECONDS;
    }
}
