package io.epimetheus.promql.functions;

import io.epimetheus.api.model.Labels;
import java.util.ArrayList;
import java.util.List;

/**
 * Natural string order as {@code sort_by_label} uses it (the facette/natsort semantics Prometheus
 * relies on): strings are split into runs of ASCII digits and runs of other characters; runs that
 * are both numbers compare numerically, other runs by byte order.
 */
final class NaturalOrder {

    private NaturalOrder() {
    }

    /** Whether {@code a} sorts before {@code b}. */
    static boolean less(String a, String b) {
        List<String> ca = chunks(a);
        List<String> cb = chunks(b);
        for (int i = 0; i < ca.size(); i++) {
            if (i >= cb.size()) {
                return false;
            }
            String x = ca.get(i);
            String y = cb.get(i);
            Long xi = parseInt(x);
            Long yi = parseInt(y);
            if (xi != null && yi != null) {
                if (!xi.equals(yi)) {
                    return xi < yi;
                }
            } else if (!x.equals(y)) {
                return Labels.compareStrings(x, y) < 0;
            }
            if (i == ca.size() - 1) {
                return true;
            } else if (i == cb.size() - 1) {
                return false;
            }
        }
        return false;
    }

    private static List<String> chunks(String s) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            boolean digit = isDigit(s.charAt(i));
            int j = i + 1;
            while (j < s.length() && isDigit(s.charAt(j)) == digit) {
                j++;
            }
            out.add(s.substring(i, j));
            i = j;
        }
        return out;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Go's {@code strconv.Atoi}: null unless a decimal number in the int64 range. */
    private static Long parseInt(String s) {
        if (s.isEmpty() || !isDigit(s.charAt(0))) {
            return null;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
