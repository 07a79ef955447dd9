package io.epimetheus.api.regex;

/** RE2's ASCII-only Perl ({@code \d \s \w}) and POSIX ({@code [:alpha:]}) classes. */
final class PerlGroups {

    private static final CharClass DIGIT = CharClass.of('0', '9');
    private static final CharClass SPACE = CharClass.of('\t', '\n').add('\f', '\r').add(' ', ' ').normalize();
    private static final CharClass WORD = CharClass.of('0', '9').add('A', 'Z').add('_', '_').add('a', 'z').normalize();

    private static final String[] POSIX_NAMES = {
        "alnum", "alpha", "ascii", "blank", "cntrl", "digit", "graph", "lower", "print", "punct",
        "space", "upper", "word", "xdigit",
    };
    private static final CharClass[] POSIX = {
        CharClass.of('0', '9').add('A', 'Z').add('a', 'z').normalize(),
        CharClass.of('A', 'Z').add('a', 'z').normalize(),
        CharClass.of(0, 0x7F),
        CharClass.of('\t', '\t').add(' ', ' ').normalize(),
        CharClass.of(0, 0x1F).add(0x7F, 0x7F).normalize(),
        DIGIT,
        CharClass.of('!', '~'),
        CharClass.of('a', 'z'),
        CharClass.of(' ', '~'),
        CharClass.of('!', '/').add(':', '@').add('[', '`').add('{', '~').normalize(),
        CharClass.of('\t', '\r').add(' ', ' ').normalize(), // includes \v, unlike \s
        CharClass.of('A', 'Z'),
        WORD,
        CharClass.of('0', '9').add('A', 'F').add('a', 'f').normalize(),
    };

    private PerlGroups() {
    }

    /** The class of {@code \d \s \w} for the letter, either case; null for other letters. */
    static CharClass perl(char letter) {
        return switch (letter) {
            case 'd', 'D' -> DIGIT;
            case 's', 'S' -> SPACE;
            case 'w', 'W' -> WORD;
            default -> null;
        };
    }

    /** The class named by {@code [:name:]} or {@code [:^name:]} (negation is the caller's), or null. */
    static CharClass posix(String bracketed) {
        String name = bracketed.substring(bracketed.charAt(2) == '^' ? 3 : 2, bracketed.length() - 2);
        for (int i = 0; i < POSIX_NAMES.length; i++) {
            if (POSIX_NAMES[i].equals(name)) {
                return POSIX[i];
            }
        }
        return null;
    }
}
