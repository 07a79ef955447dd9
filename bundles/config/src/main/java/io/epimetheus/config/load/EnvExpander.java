package io.epimetheus.config.load;

import java.util.function.UnaryOperator;

/**
 * Expands {@code $VAR} and {@code ${VAR}} in external label values as Prometheus does (Go's
 * {@code os.Expand}); {@code $$} stays a literal {@code $}, unset variables expand to "".
 */
final class EnvExpander {

    private EnvExpander() {
    }

    static String expand(String s, UnaryOperator<String> env) {
        if (s.indexOf('$') < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != '$' || i + 1 >= s.length()) {
                sb.append(c);
                i++;
                continue;
            }
            char next = s.charAt(i + 1);
            if (next == '{') {
                int close = s.indexOf('}', i + 2);
                if (close < 0 || close == i + 2) {
                    // Go drops a malformed "${" reference.
                    i = close < 0 ? s.length() : close + 1;
                    continue;
                }
                sb.append(value(s.substring(i + 2, close), env));
                i = close + 1;
            } else if (isShellSpecial(next)) {
                sb.append(value(String.valueOf(next), env));
                i += 2;
            } else if (isNameChar(next)) {
                int end = i + 1;
                while (end < s.length() && isNameChar(s.charAt(end))) {
                    end++;
                }
                sb.append(value(s.substring(i + 1, end), env));
                i = end;
            } else {
                sb.append(c);
                i++;
            }
        }
        return sb.toString();
    }

    private static String value(String name, UnaryOperator<String> env) {
        if (name.equals("$")) {
            return "$";
        }
        String v = env.apply(name);
        return v == null ? "" : v;
    }

    private static boolean isShellSpecial(char c) {
        return "*#$@!?-".indexOf(c) >= 0 || (c >= '0' && c <= '9');
    }

    private static boolean isNameChar(char c) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
}
