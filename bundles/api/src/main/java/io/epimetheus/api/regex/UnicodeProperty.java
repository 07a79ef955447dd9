package io.epimetheus.api.regex;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * A Unicode class usable as {@code \p{Name}}: a general category, an alias of one, a script, or
 * one of RE2's specials ({@code Any}, {@code ASCII}, {@code Assigned}). Names are looked up as
 * current Go does: ignoring case, spaces, underscores and hyphens.
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
        String key = canonical(name);
        switch (key) {
            case "Any":
                return explicit(CharClass.of(0, CharClass.MAX_CODE_POINT));
            case "Ascii":
                return explicit(CharClass.of(0, 0x7F));
            case "Assigned":
                return new UnicodeProperty("\\P{Cn}", null, c -> Character.getType(c) != Character.UNASSIGNED);
            default:
                break;
        }
        String category = Names.CATEGORY_ALIASES.getOrDefault(key, key);
        UnicodeProperty p = category(category);
        if (p != null) {
            return p;
        }
        Character.UnicodeScript script = Names.SCRIPTS.get(key);
        if (script != null) {
            return new UnicodeProperty("\\p{sc=" + script.name() + "}", null, c -> Character.UnicodeScript.of(c) == script);
        }
        return null;
    }

    private static UnicodeProperty explicit(CharClass ranges) {
        return new UnicodeProperty(null, ranges, ranges::contains);
    }

    private static UnicodeProperty category(String key) {
        if (key.length() == 1) {
            String majors = switch (key) {
                case "C" -> "Cc Cf Co Cs"; // not Cn: Go's C is the assigned "other" code points
                case "L", "M", "N", "P", "S", "Z" -> null;
                default -> "";
            };
            if (majors == null) {
                int mask = 0;
                for (int t = 0; t < Names.TYPE_NAMES.length; t++) {
                    if (Names.TYPE_NAMES[t] != null && Names.TYPE_NAMES[t].charAt(0) == key.charAt(0)) {
                        mask |= 1 << t;
                    }
                }
                int m = mask;
                return new UnicodeProperty("\\p{" + key + "}", null, c -> (m & (1 << Character.getType(c))) != 0);
            }
            if (majors.isEmpty()) {
                return null;
            }
            return union(majors.split(" "));
        }
        if (key.equals("Lc")) {
            return union("Lu", "Ll", "Lt");
        }
        for (int t = 0; t < Names.TYPE_NAMES.length; t++) {
            if (key.equals(Names.TYPE_NAMES[t])) {
                int type = t;
                return new UnicodeProperty("\\p{" + key + "}", null, c -> Character.getType(c) == type);
            }
        }
        return null;
    }

    private static UnicodeProperty union(String... categories) {
        StringBuilder text = new StringBuilder();
        int mask = 0;
        for (String cat : categories) {
            text.append("\\p{").append(cat).append('}');
            for (int t = 0; t < Names.TYPE_NAMES.length; t++) {
                if (cat.equals(Names.TYPE_NAMES[t])) {
                    mask |= 1 << t;
                }
            }
        }
        int m = mask;
        return new UnicodeProperty(text.toString(), null, c -> (m & (1 << Character.getType(c))) != 0);
    }

    /**
     * Go's canonical spelling of a class name: separators ({@code _ - space}) dropped, first letter
     * upper case, the rest lower case.
     */
    static String canonical(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        boolean first = true;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '_' || c == '-' || c == ' ') {
                continue;
            }
            if (first) {
                sb.append(c >= 'a' && c <= 'z' ? (char) (c - 32) : c);
                first = false;
            } else {
                sb.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
            }
        }
        return sb.toString();
    }

    /** Name tables, built on first use. */
    private static final class Names {
        /** Two-letter category name per {@link Character#getType} value (null where unused). */
        static final String[] TYPE_NAMES = new String[32];
        static final Map<String, String> CATEGORY_ALIASES = new HashMap<>();
        static final Map<String, Character.UnicodeScript> SCRIPTS = new HashMap<>();

        static {
            type(Character.UNASSIGNED, "Cn");
            type(Character.UPPERCASE_LETTER, "Lu");
            type(Character.LOWERCASE_LETTER, "Ll");
            type(Character.TITLECASE_LETTER, "Lt");
            type(Character.MODIFIER_LETTER, "Lm");
            type(Character.OTHER_LETTER, "Lo");
            type(Character.NON_SPACING_MARK, "Mn");
            type(Character.ENCLOSING_MARK, "Me");
            type(Character.COMBINING_SPACING_MARK, "Mc");
            type(Character.DECIMAL_DIGIT_NUMBER, "Nd");
            type(Character.LETTER_NUMBER, "Nl");
            type(Character.OTHER_NUMBER, "No");
            type(Character.SPACE_SEPARATOR, "Zs");
            type(Character.LINE_SEPARATOR, "Zl");
            type(Character.PARAGRAPH_SEPARATOR, "Zp");
            type(Character.CONTROL, "Cc");
            type(Character.FORMAT, "Cf");
            type(Character.PRIVATE_USE, "Co");
            type(Character.SURROGATE, "Cs");
            type(Character.DASH_PUNCTUATION, "Pd");
            type(Character.START_PUNCTUATION, "Ps");
            type(Character.END_PUNCTUATION, "Pe");
            type(Character.CONNECTOR_PUNCTUATION, "Pc");
            type(Character.OTHER_PUNCTUATION, "Po");
            type(Character.MATH_SYMBOL, "Sm");
            type(Character.CURRENCY_SYMBOL, "Sc");
            type(Character.MODIFIER_SYMBOL, "Sk");
            type(Character.OTHER_SYMBOL, "So");
            type(Character.INITIAL_QUOTE_PUNCTUATION, "Pi");
            type(Character.FINAL_QUOTE_PUNCTUATION, "Pf");

            // The long names and short aliases of general categories (Unicode PropertyValueAliases).
            String[] aliases = {
                "Other", "C", "Control", "Cc", "cntrl", "Cc", "Format", "Cf", "Unassigned", "Cn",
                "Private_Use", "Co", "Surrogate", "Cs", "Letter", "L", "Cased_Letter", "Lc",
                "Lowercase_Letter", "Ll", "Modifier_Letter", "Lm", "Other_Letter", "Lo",
                "Titlecase_Letter", "Lt", "Uppercase_Letter", "Lu", "Mark", "M", "Combining_Mark", "M",
                "Spacing_Mark", "Mc", "Enclosing_Mark", "Me", "Nonspacing_Mark", "Mn", "Number", "N",
                "Decimal_Number", "Nd", "digit", "Nd", "Letter_Number", "Nl", "Other_Number", "No",
                "Punctuation", "P", "punct", "P", "Connector_Punctuation", "Pc", "Dash_Punctuation", "Pd",
                "Close_Punctuation", "Pe", "Final_Punctuation", "Pf", "Initial_Punctuation", "Pi",
                "Other_Punctuation", "Po", "Open_Punctuation", "Ps", "Symbol", "S", "Currency_Symbol", "Sc",
                "Modifier_Symbol", "Sk", "Math_Symbol", "Sm", "Other_Symbol", "So", "Separator", "Z",
                "Line_Separator", "Zl", "Paragraph_Separator", "Zp", "Space_Separator", "Zs",
            };
            for (int i = 0; i < aliases.length; i += 2) {
                CATEGORY_ALIASES.put(canonical(aliases[i]), aliases[i + 1]);
            }
            for (Character.UnicodeScript s : Character.UnicodeScript.values()) {
                if (s != Character.UnicodeScript.UNKNOWN) {
                    SCRIPTS.put(canonical(s.name().toLowerCase(Locale.ROOT)), s);
                }
            }
        }

        private static void type(int type, String name) {
            TYPE_NAMES[type] = name;
        }
    }
}
