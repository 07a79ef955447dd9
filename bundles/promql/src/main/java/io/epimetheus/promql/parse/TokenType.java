package io.epimetheus.promql.parse;

import java.util.HashMap;
import java.util.Map;

/** The kinds of tokens of the PromQL lexer. */
enum TokenType {
    EOF(Kind.OTHER, null),
    ERROR(Kind.OTHER, null),
    COMMENT(Kind.OTHER, null),
    IDENTIFIER(Kind.OTHER, null),
    METRIC_IDENTIFIER(Kind.OTHER, null),
    STRING(Kind.OTHER, null),
    NUMBER(Kind.OTHER, null),
    DURATION(Kind.OTHER, null),
    LEFT_PAREN(Kind.OTHER, "("),
    RIGHT_PAREN(Kind.OTHER, ")"),
    LEFT_BRACE(Kind.OTHER, "{"),
    RIGHT_BRACE(Kind.OTHER, "}"),
    LEFT_BRACKET(Kind.OTHER, "["),
    RIGHT_BRACKET(Kind.OTHER, "]"),
    COMMA(Kind.OTHER, ","),
    EQL(Kind.OTHER, "="),
    COLON(Kind.OTHER, ":"),

    ADD(Kind.OPERATOR, "+"),
    DIV(Kind.OPERATOR, "/"),
    EQLC(Kind.OPERATOR, "=="),
    EQL_REGEX(Kind.OPERATOR, "=~"),
    GTE(Kind.OPERATOR, ">="),
    GTR(Kind.OPERATOR, ">"),
    TRIM_UPPER(Kind.OPERATOR, "</"),
    TRIM_LOWER(Kind.OPERATOR, ">/"),
    LAND(Kind.OPERATOR, "and"),
    LOR(Kind.OPERATOR, "or"),
    LSS(Kind.OPERATOR, "<"),
    LTE(Kind.OPERATOR, "<="),
    LUNLESS(Kind.OPERATOR, "unless"),
    MOD(Kind.OPERATOR, "%"),
    MUL(Kind.OPERATOR, "*"),
    NEQ(Kind.OPERATOR, "!="),
    NEQ_REGEX(Kind.OPERATOR, "!~"),
    POW(Kind.OPERATOR, "^"),
    SUB(Kind.OPERATOR, "-"),
    AT(Kind.OPERATOR, "@"),
    ATAN2(Kind.OPERATOR, "atan2"),

    AVG(Kind.AGGREGATOR, "avg"),
    BOTTOMK(Kind.AGGREGATOR, "bottomk"),
    COUNT(Kind.AGGREGATOR, "count"),
    COUNT_VALUES(Kind.AGGREGATOR, "count_values"),
    GROUP(Kind.AGGREGATOR, "group"),
    MAX(Kind.AGGREGATOR, "max"),
    MIN(Kind.AGGREGATOR, "min"),
    QUANTILE(Kind.AGGREGATOR, "quantile"),
    STDDEV(Kind.AGGREGATOR, "stddev"),
    STDVAR(Kind.AGGREGATOR, "stdvar"),
    SUM(Kind.AGGREGATOR, "sum"),
    TOPK(Kind.AGGREGATOR, "topk"),
    LIMITK(Kind.AGGREGATOR, "limitk"),
    LIMIT_RATIO(Kind.AGGREGATOR, "limit_ratio"),

    BOOL(Kind.KEYWORD, "bool"),
    BY(Kind.KEYWORD, "by"),
    GROUP_LEFT(Kind.KEYWORD, "group_left"),
    GROUP_RIGHT(Kind.KEYWORD, "group_right"),
    FILL(Kind.KEYWORD, "fill"),
    FILL_LEFT(Kind.KEYWORD, "fill_left"),
    FILL_RIGHT(Kind.KEYWORD, "fill_right"),
    IGNORING(Kind.KEYWORD, "ignoring"),
    OFFSET(Kind.KEYWORD, "offset"),
    SMOOTHED(Kind.KEYWORD, "smoothed"),
    ANCHORED(Kind.KEYWORD, "anchored"),
    ON(Kind.KEYWORD, "on"),
    WITHOUT(Kind.KEYWORD, "without"),

    START(Kind.PREPROCESSOR, "start"),
    END(Kind.PREPROCESSOR, "end"),
    STEP(Kind.PREPROCESSOR, "step"),
    RANGE(Kind.PREPROCESSOR, "range"),
    MAX_OF(Kind.PREPROCESSOR, "max_of"),
    MIN_OF(Kind.PREPROCESSOR, "min_of");

    /** How Prometheus describes a token of this type in error messages. */
    enum Kind { OTHER, OPERATOR, AGGREGATOR, KEYWORD, PREPROCESSOR }

    final Kind kind;
    /** The canonical text, or null for tokens without one (identifiers, literals). */
    final String text;

    TokenType(Kind kind, String text) {
        this.kind = kind;
        this.text = text;
    }

    private static final Map<String, TokenType> RESERVED = new HashMap<>();

    static {
        for (TokenType t : values()) {
            if (t.kind == Kind.AGGREGATOR || t.kind == Kind.KEYWORD || t.kind == Kind.PREPROCESSOR || t == LAND
                    || t == LOR || t == LUNLESS || t == ATAN2) {
                RESERVED.put(t.text, t);
            }
        }
        RESERVED.put("inf", NUMBER);
        RESERVED.put("nan", NUMBER);
    }

    /** The type of a reserved word (matched case-insensitively), or null. {@code inf} and {@code nan} are numbers. */
    static TokenType reserved(String lowerCaseWord) {
        return RESERVED.get(lowerCaseWord);
    }
}
