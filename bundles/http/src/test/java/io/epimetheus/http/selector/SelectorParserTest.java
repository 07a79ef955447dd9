package io.epimetheus.http.selector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.epimetheus.api.model.Matcher;
import java.util.List;
import org.junit.jupiter.api.Test;

class SelectorParserTest {

    private static String parse(String s) throws SelectorException {
        List<Matcher> ms = SelectorParser.parse(s);
        StringBuilder sb = new StringBuilder();
        for (Matcher m : ms) {
            sb.append(m.name()).append(m.type().operator()).append('[').append(m.value()).append(']').append(' ');
        }
        return sb.toString().trim();
    }

    private static String error(String s) {
        return assertThrows(SelectorException.class, () -> SelectorParser.parse(s)).getMessage();
    }

    @Test
    void selectors() throws Exception {
        assertEquals("__name__=[up]", parse("up"));
        assertEquals("job=[api] __name__=[up]", parse("up{job=\"api\"}"));
        assertEquals("job=~[a|b] env!=[] x!~[.*] __name__=[node:cpu:rate5m]",
                parse("node:cpu:rate5m{job=~'a|b', env!=\"\",x!~`.*`,}"));
        assertEquals("__name__=[my.metric] le=[0.5]", parse("{\"my.metric\", le=\"0.5\"}"));
        assertEquals("my.label=[x]", parse("{\"my.label\"=\"x\"}"));
        assertEquals("a=[tab\tq\"nl\n\u00e9\u00e9]", parse("{a=\"tab\\tq\\\"nl\\n\\u00e9\\xc3\"}".replace("\\xc3", "\\u00e9")));
        assertEquals("__name__=[sum]", parse(" sum "));
        assertEquals("a=[b]", parse("{a=\"b\"} # comment"));
        // As in Prometheus, a selector parse does not check the name twice: it simply matches nothing.
        assertEquals("__name__=[down] __name__=[up]", parse("up{__name__=\"down\"}"));
    }

    /** Expected texts recorded from Prometheus 2.42's /api/v1/series for the same selectors. */
    @Test
    void errorsAreWordedAsPromQl() {
        assertEquals("1:4: parse error: unexpected end of input inside braces", error("up{"));
        assertEquals("1:3: parse error: unexpected character after '!' inside braces: 'x'", error("{a!x\"b\"}"));
        assertEquals("1:3: parse error: unexpected \"}\" in label matching, expected label matching operator", error("{a}"));
        assertEquals("1:4: parse error: unterminated quoted string", error("{a=\"b}"));
        assertEquals("1:4: parse error: unknown escape sequence U+0071 'q'", error("{a=\"x\\q\"}"));
        assertEquals("1:1: parse error: unexpected end of input", error(""));
        assertEquals("1:3: parse error: unexpected <op:->", error("up-1"));
        assertEquals("1:8: parse error: unexpected \",\" in label matching, expected identifier or \"}\"", error("{a=\"b\",,}"));
        assertEquals("1:8: parse error: unexpected identifier \"c\" in label matching, expected \",\" or \"}\"",
                error("{a=\"b\" c=\"d\"}"));
        assertEquals("1:2: parse error: unexpected \"=\" in label matching, expected identifier or \"}\"", error("{=}"));
        assertEquals("1:3: parse error: unexpected character: '}'", error("up}"));
        assertEquals("1:1: parse error: unexpected string \"\\\"up\\\"\"", error("\"up\""));
        assertEquals("1:4: parse error: unexpected identifier \"b\" in label matching, expected string", error("{a=b}"));
        assertTrue(error("{a=~\"(\"}").startsWith("1:2: parse error: "));
    }
}
