package io.epimetheus.api.regex;

import java.util.HashMap;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * A Unicode class usable as {@code \p{Name}}: a general category ({@code L}, {@code Lu}, ...), a
 * script ({@code Greek}, {@code Old_Italic}) or {@code Any}. Names are exact and case-sensitive,
 * as in the regexp package Prometheus 3 uses (Go 1.24's syntax).
 *
 * <p>Membership comes from the running JDK's Unicode data ({@link Character#getType},
 * {@link Character.UnicodeScript}); on the same Unicode version the sets equal Go's tables. Go's
 * {@code C} holds Cc, Cf, Co and Cs but not the unassigned code points that Java's {@code \p{C}}
 * includes, so it is spelled out.
 *
 * @param javaText the members as the body of a Java character class (e.g. {@code \p{Lu}}), or null
 *     when {@code ranges} says it
 * @param ranges the members as explicit ranges, or null
 * @param members the membership test
 */
record UnicodeProperty(String javaText, CharClass ranges, IntPredicate members) {

    /** The property called {@code name} in a Go regexp, or null when Go has none of that name. */
    static UnicodeProperty lookup(String name) {
        if (name.equals("Any")) {
            return new UnicodeProperty(null, CharClass.of(0, CharClass.MAX_CODE_POINT), c -> true);
        }
        Integer mask = Names.CATEGORIES.get(name);
        if (mask != null) {
            return category(name, mask);
        }
        Character.UnicodeScript script = Names.SCRIPTS.get(name);
        if (script != null) {
            return new UnicodeProperty("\\p{sc=" + script.name() + "}", null, c -> Character.UnicodeScript.of(c) == script);
        }
        return null;
    }

    private static UnicodeProperty category(String name, int mask) {
        String text;
        if (name.equals("C")) {
            text = "\\p{Cc}\\p{Cf}\\p{Co}\\p{Cs}"; // Java's \p{C} would add the unassigned Cn
        } else {
            text = "\\p{" + name + "}";
        }
        return new UnicodeProperty(text, null, c -> (mask & (1 << Character.getType(c))) != 0);
    }

    /** Name tables, built on first use. */
    private static final class Names {
        /** Go's category names with the {@link Character#getType} values they cover, as a bit mask. */
        static final Map<String, Integer> CATEGORIES = new HashMap<>();
        /** Go's script names (Unicode's long names, e.g. {@code Old_Italic}). */
        static final Map<String, Character.UnicodeScript> SCRIPTS = new HashMap<>();

        static {
            category("Lu", Character.UPPERCASE_LETTER);
            category("Ll", Character.LOWERCASE_LETTER);
            category("Lt", Character.TITLECASE_LETTER);
            category("Lm", Character.MODIFIER_LETTER);
            category("Lo", Character.OTHER_LETTER);
            category("Mn", Character.NON_SPACING_MARK);
            category("Me", Character.ENCLOSING_MARK);
            category("Mc", Character.COMBINING_SPACING_MARK);
            category("Nd", Character.DECIMAL_DIGIT_NUMBER);
            category("Nl", Character.LETTER_NUMBER);
            category("No", Character.OTHER_NUMBER);
            category("Zs", Character.SPACE_SEPARATOR);
            category("Zl", Character.LINE_SEPARATOR);
            category("Zp", Character.PARAGRAPH_SEPARATOR);
            category("Cc", Character.CONTROL);
            category("Cf", Character.FORMAT);
            category("Co", Character.PRIVATE_USE);
            category("Cs", Character.SURROGATE);
            category("Pd", Character.DASH_PUNCTUATION);
            category("Ps", Character.START_PUNCTUATION);
            category("Pe", Character.END_PUNCTUATION);
            category("Pc", Character.CONNECTOR_PUNCTUATION);
            category("Po", Character.OTHER_PUNCTUATION);
            category("Sm", Character.MATH_SYMBOL);
            category("Sc", Character.CURRENCY_SYMBOL);
            category("Sk", Character.MODIFIER_SYMBOL);
            category("So", Character.OTHER_SYMBOL);
            category("Pi", Character.INITIAL_QUOTE_PUNCTUATION);
            category("Pf", Character.FINAL_QUOTE_PUNCTUATION);
            for (String major : new String[] {"C", "L", "M", "N", "P", "S", "Z"}) {
                int mask = 0;
                for (Map.Entry<String, Integer> e : Map.copyOf(CATEGORIES).entrySet()) {
                    if (e.getKey().length() == 2 && e.getKey().charAt(0) == major.charAt(0)) {
                        mask |= e.getValue();
                    }
                }
                CATEGORIES.put(major, mask);
            }
            for (Character.UnicodeScript s : Character.UnicodeScript.values()) {
                if (s != Character.UnicodeScript.UNKNOWN) {
                    SCRIPTS.put(goScriptName(s), s);
                }
            }
        }

        private static void category(String name, int type) {
            CATEGORIES.put(name, 1 << type);
        }

        /** Java's OLD_ITALIC is Unicode's (and Go's) Old_Italic; SignWriting is the one oddity. */
        private static String goScriptName(Character.UnicodeScript s) {
            if (s.name().equals("SIGNWRITING")) {
                return "SignWriting";
            }
            StringBuilder sb = new StringBuilder(s.name().length());
            boolean wordStart = true;
            for (char c : s.name().toCharArray()) {
                sb.append(wordStart ? c : Character.toLowerCase(c));
                wordStart = c == '_';
            }
            return sb.toString();
        }
    }
}
