package io.epimetheus.promql.parse;

import io.epimetheus.promql.ast.GoQuote;
import io.epimetheus.promql.ast.PosRange;

/**
 * A lexed token.
 *
 * @param type the kind of token
 * @param pos the position of its first character
 * @param val its text as written (for {@link TokenType#ERROR}, the error message)
 */
record Token(TokenType type, int pos, String val) {

    PosRange posRange() {
        return new PosRange(pos, pos + val.length());
    }

    int end() {
        return pos + val.length();
    }

    /** How Prometheus names the token in "unexpected ..." messages. */
    String desc() {
        if (type.text != null) {
            return display();
        }
        return switch (type) {
            case EOF -> "end of input";
            case ERROR -> "error " + display();
            case COMMENT -> "comment " + display();
            case IDENTIFIER -> "identifier " + display();
            case METRIC_IDENTIFIER -> "metric identifier " + display();
            case STRING -> "string " + display();
            case NUMBER -> "number " + display();
            case DURATION -> "duration " + display();
            default -> display();
        };
    }

    private String display() {
        if (type == TokenType.EOF) {
            return "EOF";
        }
        if (type == TokenType.ERROR) {
            return val;
        }
        if (type == TokenType.IDENTIFIER || type == TokenType.METRIC_IDENTIFIER) {
            return GoQuote.quote(val);
        }
        switch (type.kind) {
            case KEYWORD -> {
                return "<" + val + ">";
            }
            case OPERATOR -> {
                return "<op:" + val + ">";
            }
            case AGGREGATOR -> {
                return "<aggr:" + val + ">";
            }
            default -> {
                if (val.codePointCount(0, val.length()) > 10) {
                    return GoQuote.quote(val.substring(0, val.offsetByCodePoints(0, 10))) + "...";
                }
                return GoQuote.quote(val);
            }
        }
    }
}
