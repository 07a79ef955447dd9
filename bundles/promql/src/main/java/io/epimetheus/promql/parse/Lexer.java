package io.epimetheus.promql.parse;

import io.epimetheus.promql.ast.GoQuote;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits a PromQL expression into tokens. The lexer is contextual like Prometheus's: inside
 * braces every word is an identifier, inside brackets it reads duration expressions. A lexing
 * error ends the token list with an {@link TokenType#ERROR} token whose position is where the
 * offending token started; the parser reports it only if it gets that far.
 */
final class Lexer {

    private final String input;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;
    private int start;
    private int parenDepth;
    private boolean braceOpen;
    private boolean bracketOpen;
    private boolean gotColon;
    private boolean gotDuration;
    private boolean done;

    private Lexer(String input) {
        this.input = input;
    }

    /** All tokens of {@code input}, ending with EOF or ERROR; comments included. */
    static List<Token> lex(String input) {
        Lexer l = new Lexer(input);
        l.run();
        return l.tokens;
    }

    private void run() {
        while (!done) {
            if (input.startsWith("#", pos)) {
                lexComment();
            } else if (braceOpen) {
                lexInsideBraces();
            } else {
                lexStatement();
            }
        }
    }

    // ---- character helpers

    private int next() {
        if (pos >= input.length()) {
            pos = input.length() + 1; // so that backup() returns to the end
            return -1;
        }
        return input.charAt(pos++);
    }

    private void backup() {
        pos--;
    }

    private int peek() {
        return pos < input.length() ? input.charAt(pos) : -1;
    }

    private boolean accept(String valid) {
        int c = next();
        if (c >= 0 && valid.indexOf(c) >= 0) {
            return true;
        }
        backup();
        return false;
    }

    private boolean is(String valid) {
        int c = peek();
        return c >= 0 && valid.indexOf(c) >= 0;
    }

    private void acceptRun(String valid) {
        while (accept(valid)) {
            // consume
        }
    }

    private void emit(TokenType t) {
        tokens.add(new Token(t, start, input.substring(start, pos)));
        start = pos;
    }

    private void error(String message) {
        tokens.add(new Token(TokenType.ERROR, start, message));
        done = true;
    }

    /** Like Prometheus, some errors replace the token just emitted; the error is positioned after it. */
    private void replaceLastWithError(String message) {
        tokens.remove(tokens.size() - 1);
        error(message);
    }

    private void skipSpaces() {
        while (isSpace(peek())) {
            pos++;
        }
        start = pos;
    }

    static boolean isSpace(int c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    static boolean isAlpha(int c) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    static boolean isAlphaNumeric(int c) {
        return isAlpha(c) || isDigit(c);
    }

    // ---- states

    private void lexStatement() {
        int r = next();
        if (r < 0) {
            pos = input.length();
            if (parenDepth != 0) {
                error("unclosed left parenthesis");
            } else if (bracketOpen) {
                error("unclosed left bracket");
            } else {
                emit(TokenType.EOF);
                done = true;
            }
            return;
        }
        switch (r) {
            case ',' -> emit(TokenType.COMMA);
            case '*' -> emit(TokenType.MUL);
            case '/' -> emit(TokenType.DIV);
            case '%' -> emit(TokenType.MOD);
            case '+' -> emit(TokenType.ADD);
            case '-' -> emit(TokenType.SUB);
            case '^' -> emit(TokenType.POW);
            case '@' -> emit(TokenType.AT);
            case '=' -> {
                int t = peek();
                if (t == '=') {
                    next();
                    emit(TokenType.EQLC);
                } else if (t == '~') {
                    error("unexpected character after '=': " + GoRunes.quoteRune(t));
                } else {
                    emit(TokenType.EQL);
                }
            }
            case '!' -> {
                int t = next();
                if (t != '=') {
                    error("unexpected character after '!': " + GoRunes.quoteRune(t));
                } else {
                    emit(TokenType.NEQ);
                }
            }
            case '<' -> lexComparison(TokenType.LSS, TokenType.LTE, TokenType.TRIM_UPPER);
            case '>' -> lexComparison(TokenType.GTR, TokenType.GTE, TokenType.TRIM_LOWER);
            case '"', '\'' -> lexString((char) r);
            case '`' -> lexRawString();
            case '(' -> lexLeftParen();
            case ')' -> lexRightParen();
            case '{' -> {
                emit(TokenType.LEFT_BRACE);
                braceOpen = true;
            }
            case '[' -> {
                if (bracketOpen) {
                    error("unexpected left bracket " + GoRunes.quoteRune(r));
                    return;
                }
                gotColon = false;
                emit(TokenType.LEFT_BRACKET);
                skipSpaces();
                bracketOpen = true;
                lexDurationExpr();
            }
            case ']' -> {
                if (!bracketOpen) {
                    error("unexpected right bracket " + GoRunes.quoteRune(r));
                    return;
                }
                emit(TokenType.RIGHT_BRACKET);
                bracketOpen = false;
            }
            default -> {
                if (isSpace(r)) {
                    skipSpaces();
                } else if (isDigit(r) || (r == '.' && isDigit(peek()))) {
                    backup();
                    lexNumberOrDuration();
                } else if (isAlpha(r) || r == ':') {
                    lexWordInStatement(r);
                } else {
                    error("unexpected character: " + GoRunes.quoteRune(r));
                }
            }
        }
    }

    /** After {@code <} or {@code >}: with {@code =} the inclusive comparison, with {@code /} the trim operator. */
    private void lexComparison(TokenType strict, TokenType inclusive, TokenType trim) {
        if (peek() == '=') {
            next();
            emit(inclusive);
        } else if (peek() == '/') {
            next();
            emit(trim);
        } else {
            emit(strict);
        }
    }

    private void lexLeftParen() {
        emit(TokenType.LEFT_PAREN);
        parenDepth++;
    }

    private void lexRightParen() {
        emit(TokenType.RIGHT_PAREN);
        parenDepth--;
        if (parenDepth < 0) {
            replaceLastWithError("unexpected right parenthesis " + GoRunes.quoteRune(')'));
        }
    }

    private void lexWordInStatement(int r) {
        if (!bracketOpen) {
            backup();
            lexKeywordOrIdentifier();
            return;
        }
        if (r == ':') {
            if (gotColon) {
                error("unexpected colon " + GoRunes.quoteRune(r));
                return;
            }
            emit(TokenType.COLON);
            gotColon = true;
            return;
        }
        if (isDurationKeywordStart(r) && scanDurationKeyword()) {
            return;
        }
        error("unexpected character: " + GoRunes.quoteRune(r) + ", expected ':'");
    }

    private void lexComment() {
        pos++;
        while (pos < input.length() && input.charAt(pos) != '\n' && input.charAt(pos) != '\r') {
            pos++;
        }
        emit(TokenType.COMMENT);
    }

    /** Inside brackets: a duration expression up to the closing bracket. */
    private void lexDurationExpr() {
        while (!done) {
            int r = next();
            switch (r) {
                case -1 -> {
                    pos = input.length();
                    error("unexpected end of input in duration expression");
                    return;
                }
                case ']' -> {
                    emit(TokenType.RIGHT_BRACKET);
                    bracketOpen = false;
                    gotColon = false;
                    return;
                }
                case ':' -> {
                    emit(TokenType.COLON);
                    if (!gotDuration) {
                        replaceLastWithError("unexpected colon before duration in duration expression");
                    } else if (gotColon) {
                        replaceLastWithError("unexpected repeated colon in duration expression");
                    }
                    gotColon = true;
                }
                case '(' -> lexLeftParen();
                case ')' -> lexRightParen();
                case '+' -> emit(TokenType.ADD);
                case '-' -> emit(TokenType.SUB);
                case '*' -> emit(TokenType.MUL);
                case '/' -> emit(TokenType.DIV);
                case '%' -> emit(TokenType.MOD);
                case '^' -> emit(TokenType.POW);
                case ',' -> emit(TokenType.COMMA);
                default -> {
                    if (isSpace(r)) {
                        skipSpaces();
                    } else if (isDurationKeywordStart(r)) {
                        if (!scanDurationKeyword()) {
                            error("unexpected character in duration expression: " + GoRunes.quoteRune(r));
                        }
                    } else if (isDigit(r) || (r == '.' && isDigit(peek()))) {
                        backup();
                        gotDuration = true;
                        // Like Prometheus, the rest of the bracket is lexed in statement mode.
                        lexNumberOrDuration();
                        return;
                    } else {
                        error("unexpected character in duration expression: " + GoRunes.quoteRune(r));
                    }
                }
            }
        }
    }

    private static boolean isDurationKeywordStart(int r) {
        int c = Character.toLowerCase(r);
        return c == 's' || c == 'r' || c == 'm';
    }

    private boolean scanDurationKeyword() {
        while (isAlpha(peek())) {
            pos++;
        }
        TokenType t = switch (input.substring(start, pos).toLowerCase(Locale.ROOT)) {
            case "step" -> TokenType.STEP;
            case "range" -> TokenType.RANGE;
            case "max_of" -> TokenType.MAX_OF;
            case "min_of" -> TokenType.MIN_OF;
            default -> null;
        };
        if (t == null) {
            return false;
        }
        emit(t);
        return true;
    }

    private void lexInsideBraces() {
        int r = next();
        if (r < 0) {
            pos = input.length();
            error("unexpected end of input inside braces");
            return;
        }
        if (isSpace(r)) {
            skipSpaces();
        } else if (isAlpha(r)) {
            while (isAlphaNumeric(peek())) {
                pos++;
            }
            emit(TokenType.IDENTIFIER);
        } else {
            switch (r) {
                case ',' -> emit(TokenType.COMMA);
                case '"', '\'' -> lexString((char) r);
                case '`' -> lexRawString();
                case '=' -> {
                    if (peek() == '~') {
                        next();
                        emit(TokenType.EQL_REGEX);
                    } else {
                        emit(TokenType.EQL);
                    }
                }
                case '!' -> {
                    int nr = next();
                    if (nr == '~') {
                        emit(TokenType.NEQ_REGEX);
                    } else if (nr == '=') {
                        emit(TokenType.NEQ);
                    } else {
                        error("unexpected character after '!' inside braces: " + GoRunes.quoteRune(nr));
                    }
                }
                case '{' -> error("unexpected left brace " + GoRunes.quoteRune(r));
                case '}' -> {
                    emit(TokenType.RIGHT_BRACE);
                    braceOpen = false;
                }
                default -> error("unexpected character inside braces: " + GoRunes.quoteRune(r));
            }
        }
    }

    private void lexString(char quote) {
        while (true) {
            int c = next();
            if (c == '\\') {
                String err = lexEscape(quote);
                if (err != null) {
                    error(err);
                    return;
                }
            } else if (c < 0 || c == '\n') {
                if (c < 0) {
                    pos = input.length();
                }
                error("unterminated quoted string");
                return;
            } else if (c == quote) {
                emit(TokenType.STRING);
                return;
            }
        }
    }

    /** Validates one escape sequence (the backslash already read); returns an error message or null. */
    private String lexEscape(char quote) {
        int ch = next();
        int n;
        int base;
        int max;
        switch (ch) {
            case 'a', 'b', 'f', 'n', 'r', 't', 'v', '\\' -> {
                return null;
            }
            case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                n = 3;
                base = 8;
                max = 255;
            }
            case 'x' -> {
                ch = next();
                n = 2;
                base = 16;
                max = 255;
            }
            case 'u' -> {
                ch = next();
                n = 4;
                base = 16;
                max = Character.MAX_CODE_POINT;
            }
            case 'U' -> {
                ch = next();
                n = 8;
                base = 16;
                max = Character.MAX_CODE_POINT;
            }
            case -1 -> {
                return "escape sequence not terminated";
            }
            default -> {
                if (ch == quote) {
                    return null;
                }
                return "unknown escape sequence " + GoRunes.formatU(ch);
            }
        }
        long x = 0;
        while (n > 0) {
            int d = Character.digit(ch, 16);
            if (d < 0 || d >= base) {
                if (ch < 0) {
                    return "escape sequence not terminated";
                }
                return "illegal character " + GoRunes.formatU(ch) + " in escape sequence";
            }
            x = x * base + d;
            n--;
            if (n > 0) {
                ch = next();
            }
        }
        if (x > max || (x >= 0xD800 && x < 0xE000)) {
            return "escape sequence is an invalid Unicode code point";
        }
        return null;
    }

    private void lexRawString() {
        while (true) {
            int c = next();
            if (c < 0) {
                pos = input.length();
                error("unterminated raw string");
                return;
            }
            if (c == '`') {
                emit(TokenType.STRING);
                return;
            }
        }
    }

    private void lexNumberOrDuration() {
        if (scanNumber()) {
            emit(TokenType.NUMBER);
            return;
        }
        if (acceptRemainingDuration()) {
            backup();
            emit(TokenType.DURATION);
            return;
        }
        error("bad number or duration syntax: " + GoQuote.quote(input.substring(start, Math.min(pos, input.length()))));
    }

    private boolean acceptRemainingDuration() {
        if (!accept("smhdwy")) {
            return false;
        }
        accept("s");
        while (accept("0123456789")) {
            acceptRun("0123456789");
            if (!accept("smhdw")) {
                return false;
            }
            accept("s");
        }
        return !isAlphaNumeric(next());
    }

    /** Scans a number; the result is not necessarily a valid number, the parser checks that. */
    private boolean scanNumber() {
        int initial = pos;
        String digits = "0123456789";
        if (accept("0") && accept("xX")) {
            accept("_");
            digits = "0123456789abcdefABCDEF";
        }
        accept(".");
        accept(digits);
        boolean dot = false;
        boolean exponent = false;
        while (is(digits + "._eE")) {
            if (is(".") && dot) {
                accept(".");
                return false;
            }
            if (is("eE") && exponent) {
                accept("eE");
                return false;
            }
            if (accept(".")) {
                dot = true;
                if (accept("_.")) {
                    return false;
                }
                if (digits.length() > 10) {
                    return false; // no fractional hexadecimal literals
                }
                continue;
            }
            if (accept("eE")) {
                exponent = true;
                accept("+-");
                if (accept("._eE") || peek() < 0) {
                    return false;
                }
                continue;
            }
            if (accept("_")) {
                if (accept("._eE") || peek() < 0) {
                    return false;
                }
                continue;
            }
            acceptRun(digits);
        }
        if (pos == initial) {
            return false;
        }
        return !isAlphaNumeric(peek());
    }

    private void lexKeywordOrIdentifier() {
        while (isAlphaNumeric(peek()) || peek() == ':') {
            pos++;
        }
        String word = input.substring(start, pos);
        TokenType kw = TokenType.reserved(word.toLowerCase(Locale.ROOT));
        if (kw != null) {
            // fill, fill_left and fill_right are modifiers only before "(", so they stay usable as metric names.
            if ((kw == TokenType.FILL || kw == TokenType.FILL_LEFT || kw == TokenType.FILL_RIGHT)
                    && !followedByLeftParen()) {
                emit(TokenType.IDENTIFIER);
            } else {
                emit(kw);
            }
        } else if (word.indexOf(':') < 0) {
            emit(TokenType.IDENTIFIER);
        } else {
            emit(TokenType.METRIC_IDENTIFIER);
        }
    }

    private boolean followedByLeftParen() {
        for (int i = pos; i < input.length(); i++) {
            char c = input.charAt(i);
            if (!isSpace(c)) {
                return c == '(';
            }
        }
        return false;
    }
}
