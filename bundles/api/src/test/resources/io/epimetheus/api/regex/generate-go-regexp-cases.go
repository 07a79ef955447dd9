// Records Go's regexp behaviour as test data for io.epimetheus.api.regex (Re2CorpusTest).
// Run with any Go toolchain, next to this file:
//
//	go run generate-go-regexp-cases.go > go-regexp-cases.txt
//
// The matching semantics and syntax of Go 1.19 and later agree with the grafana/regexp fork Prometheus
// uses, except that (?<name>re) is valid only from Go 1.22 on; cases relying on that are written by
// hand in Re2Test.
package main

import (
	"bufio"
	"fmt"
	"math/rand"
	"os"
	"regexp"
	"runtime"
	"regexp/syntax"
	"strconv"
	"strings"
	"unicode/utf16"
)

var curated = []string{
	// literals and escapes
	``, `a`, `abc`, `foo\.bar`, `\.`, `\*`, `\\`, `\_`, `\-`, `\x41`, `\x{41}`, `\x{1F600}`, `\x{10FFFF}`, `\101`, `\0`, `\07`, `\08`,
	`\12`, `\123`, `\1234`, `\400`, `\a\f\t\n\r\v`, `\Qa.b*c\E`, `\Qa.b`, `x\Q\E*`, `\Q\E`, `\Qab\E+`, `a\Q|\Eb`,
	// errors
	`(a`, `a)`, `)`, `(a))`, `((a)`, `(?=a)`, `(?!a)`, `(?>a)`, `a++`, `a*+`, `a?+`, `a**`, `a*?*`, `a{2}{3}`, `a{2}*`,
	`*`, `+a`, `?`, `{1}`, `a|*`, `(*)`, `(?i)*`, `a{1001}`, `a{1000}`, `a{2,1}`, `a{0,1001}`, `a{1000000000}`, `a{1001,}`, `(a{500}){3}`, `(a{10}){100}`, `((a{10}){10}){10}`, `((a{10}){10}){11}`,
	`\1`, `\8`, `\9`, `\C`, `\Z`, `\G`, `\e`, `\cA`, `\u0041`, `\k<a>`, `\K`, `\R`, `\X`, `\h`, `\N{x}`, `\é`, `\`, `a\`, `\x`, `\xZ1`, `\x4`, `\x4g`, `\x{}`, `\x{110000}`, `\x{12`, `\x{zz}`,
	`[a`, `[]`, `[^]`, `[]a]`, `[^]a]`, `[a-`, `[z-a]`, `[a-\d]`, `[\d-z]`, `[[:foo:]]`, `[[:alpha:]`, `[[:alpha:`, `\p{Foo}`, `\pX`, `\p`, `\p{`, `\p{L`, `[\p{Foo}]`, `\P{Latin`, `[\b]`, `[\Q]`, `[a-\x{10FFFF}]`,
	`(?P<name>a)`, `(?P<n1_>a)(?P<_x>b)`, `(?P<>a)`, `(?P<a!>b)`, `(?P<a`, `(?P=a)`, `(?P>a)`, `(?P`, `(?'n'a)`, `(?#c)`, `(?x)a`, `(?i`, `(?`, `(?i-)`, `(?--i)`, `(?-)`, `(?i-i)a`, `(?)`, `(?:)`, `(?i)`, `(?P<n>a)(?P<n>b)`,
	`^*`, `$+`, `\b*`, `\A?`, `\z{2}`, `(?:)*`, `()`, `()*`, `a|`, `|a`, `|`, `a||b`, `(|a)`, `(a|)`,
	// dot and newlines
	`.`, `.*`, `.+`, `(?s).`, `(?-s).`, `(?-s:.*)`, `a.c`, `a.*c`, `[^a]`, `[^\n]`, `(?s:.)*`,
	// anchors
	`^a`, `a$`, `^a$`, `(?m)^a$`, `(?m)^`, `(?m)$`, `(?m)^$`, `\Aa\z`, `a\z`, `a$\n`, `(?m)a$\n^b`, `^$`, `$^`, `a^b`, `(?m)a\n^b`,
	// classes
	`\d`, `\D`, `\s`, `\S`, `\w`, `\W`, `[\d]`, `[^\d]`, `[\D]`, `[^\D]`, `[\s\S]`, `[[:alpha:]]`, `[[:^alpha:]]`, `[^[:alpha:]]`, `[[:word:]]`, `[[:space:]]`, `[[:punct:]]`, `[[:xdigit:]]`, `[[:cntrl:]]`, `[[:print:]]`, `[[:graph:]]`, `[[:blank:]]`, `[[:ascii:]]`, `[[:^ascii:]]`, `[:alpha:]`,
	`[a-z]`, `[a-zA-Z0-9_]`, `[-a]`, `[a-]`, `[a-b-c]`, `[]-a]`, `[\]]`, `[\[]`, `[\\]`, `[\-]`, `[\^]`, `[a^]`, `[\x00-\x{10FFFF}]`, `[^\x00-\x{10FFFF}]`, `[\x{1F600}-\x{1F64F}]`,
	`\pL`, `\pN`, `\p{L}`, `\p{Lu}`, `\p{Ll}`, `\p{Greek}`, `\p{Latin}`, `\p{Han}`, `\PL`, `\P{L}`, `\p{^Greek}`, `\P{^Greek}`, `[\pL\d]`, `[^\pL]`, `[\PL]`, `[^\PL]`, `\p{Any}`, `\pC`, `\p{Cc}`, `\p{Zs}`, `\pZl`, `\p{Common}`, `\p{Inherited}`, `\p{Old_Italic}`,
	// case folding
	`(?i)a`, `(?i)k`, `(?i)s`, `(?i)σ`, `(?i)ß`, `(?i)i`, `(?i)ı`, `(?i)İ`, `(?i)µ`, `(?i)ǅ`, `(?i)[a-z]`, `(?i)[k]`, `(?i)[^k]`, `(?i)\w`, `(?i)\W`, `(?i)[[:upper:]]`, `(?i)\p{Lu}`, `(?i)\P{Lu}`, `(?i)\p{Greek}`, `(?i)foo`, `(?i)FOO`, `(?i:a)b`, `a(?i)b`, `(?i)a(?-i)b`, `((?i)a)b`, `(?i)a|b`, `a(?i)b|c`, `(?i)[^a]`, `(?i)\x{212A}`, `(?i)ſ`, `(?i)[ſ]`, `(?i)ǆ`, `(?i)Ω`,
	// greediness
	`a*`, `a*?`, `a+?`, `a??`, `(a*)(a*)`, `(a*?)(a*)`, `(a+)(a+)`, `(a??)(a?)`, `(?U)(a*)(a*)`, `(?U)(a*?)(a*)`, `(?U)a+`, `(?U:a*)a*`, `(a{2,3})(a*)`, `(a{2,3}?)(a*)`, `(a{2,})(a*)`, `(?U)(a{2,})(a*)`, `(a{0})`, `a{0,0}`, `(a){2}`,
	// groups and alternation
	`(a)(b)`, `(a|ab)(c|bcd)(d*)`, `(a|b)*`, `(a|b)+c`, `((a)|b)+`, `(a)|(b)`, `(?:a|(b))c`, `(?P<x>a)|(?P<x>b)`, `(a*)*`, `(a*)+`, `(a|)+`, `(|a)*`, `(a?)*`, `(a*)*b`, `(?:a*)*`, `(a|b|)+`,
	// shapes used by Prometheus matchers
	`foo|bar`, `(foo|bar)`, `(?:foo|bar)`, `foo.*`, `.*foo`, `.*foo.*`, `foo.+`, `.+foo`, `.*.*`, `.+.*`, `.*?`, `(.*)`, `foo|foo`, `fo(o|b)ar`, `f[oa]o`, `[a-c]x`, `(a|b)(c|d)`, `a?b?c?`, `(?:^foo$)`, `^(?:foo|bar)$`, `(?i)foo.*`, `foo(?i).*`, `.*(?i)foo`, `foo\b.*`, `(?s:.*)foo`, `(?-s).*foo`, `a.*b.*c`, `api_.*_total`, `node_(cpu|memory)_.*`, `[0-9]+`, `\d{3}`, `(prod|staging)-[a-z]+-\d+`,
	// groups in loops, where Java's optimised loops keep stale group positions
	`(?:(a)+b)+`, `(?:(a)){2}x|a+y`, `(?:(a)+|c)+`, `(?:(a)+){2}`, `(?:(.)+){2}`, `((a))*?x|.+`, `(?:a(b)){2}x|.+`, `(?:(a){2})+`, `(?:(\d+)\.){3}(\d+)`, `(?:([a-z]+)-)+x`,
	// word boundaries
	`\b`, `\B`, `\ba\b`, `\Ba\B`, `a\b`, `é\b`, `\bé`, `a\B`, `\b\w+\b`,
}

var inputs = []string{"", "a", "A", "b", "ab", "aa", "aaa", "abc", "\n", "a\n", "\na", "a\nb", "\r\n", "k", "K", "\u212a", "s", "S", "\u017f",
	"i", "I", "\u0131", "\u0130", "\u03c3", "\u03c2", "\u03a3", "\u00b5", "\u03bc", "\u00df", "\u1e9e", "\u01c4", "\u01c5", "\u01c6",
	"\u00e9", "\u00c9", "\U0001F600", "a\U0001F600b", "\u0085", "\u2028", "\v", "\f", "\t", " ", "_", "-", "1", "123", "\x00", "\u00a0",
	"foo", "FOO", "Foo", "bar", "foobar", "barfoo", "xfoox", "foo\n", "\nfoo", "foo.bar", "fooxbar", "a.b*c", "aab", "abab", "abcd", "acd", "abcbcd",
	"aabaab", "aacaa", "aay", "aaaa", "b.b", "10.0.0.1", "ab-cd-x", "{", "x{", "a{,5}", "[", "]", "^", "$", "\\", "*", "api_http_total", "node_cpu_seconds", "prod-eu-12", "\u0391\u03b2", "\u4e2d", "\u10ffff"}

func q(s string) string { return strconv.QuoteToASCII(s) }

func u16(s string, byteIdx int) int { return len(utf16.Encode([]rune(s[:byteIdx]))) }

func groups(s string, m []int) string {
	if m == nil {
		return "-"
	}
	parts := make([]string, 0, len(m)/2)
	for i := 0; i < len(m); i += 2 {
		if m[i] < 0 {
			parts = append(parts, "-1,-1")
		} else {
			parts = append(parts, fmt.Sprintf("%d,%d", u16(s, m[i]), u16(s, m[i+1])))
		}
	}
	return strings.Join(parts, ";")
}

func emit(w *bufio.Writer, re string, ins []string) {
	parsed, err := syntax.Parse(re, syntax.Perl|syntax.DotNL)
	if err != nil {
		fmt.Fprintf(w, "R\t%s\tERR\t%s\n", q(re), q(err.Error()))
		return
	}
	// As Prometheus's label matchers: the parsed expression, anchored.
	anchored := regexp.MustCompile("^(?s:" + parsed.String() + ")$")
	plain := regexp.MustCompile(re)
	fmt.Fprintf(w, "R\t%s\tOK\n", q(re))
	for _, in := range ins {
		fmt.Fprintf(w, "M\t%s\t%s\t%s\n", q(in), groups(in, anchored.FindStringSubmatchIndex(in)), groups(in, plain.FindStringSubmatchIndex(in)))
	}
}

// ---- random expressions

var atoms = []string{"a", "b", "c", "A", "k", "s", "\u017f", "\u00e9", "\U0001F600", "\\n", ".", "\\.", "\\d", "\\w", "\\s", "\\W", "\\D",
	"[ab]", "[^a]", "[a-c]", "[^\\n]", "[[:alpha:]]", "[\\d_]", "\\pL", "\\p{Greek}", "\\PL", "^", "$", "\\b", "\\B", "\\A", "\\z", "\\x41", "\\x{e9}", "\\Qa.\\E", "()"}
var quants = []string{"*", "+", "?", "*?", "+?", "??", "{2}", "{0,2}", "{1,}", "{2,3}?", "{0}"}
var flags = []string{"(?i)", "(?s)", "(?m)", "(?U)", "(?-s)", "(?i-s)"}
var broken = []string{"(", ")", "*", "[", "\\", "{2}", "**", "\\1", "(?=", "[z-a]", "\\p{Nope}", "(?P<>", "\\x{zz}", "a{1001}"}

func randRe(r *rand.Rand, depth int) string {
	var b strings.Builder
	n := 1 + r.Intn(4)
	for i := 0; i < n; i++ {
		quantifiable := true
		switch k := r.Intn(20); {
		case k < 9 || depth > 2:
			b.WriteString(atoms[r.Intn(len(atoms))])
		case k < 12:
			b.WriteString("(" + randRe(r, depth+1) + ")")
		case k < 14:
			b.WriteString("(?:" + randRe(r, depth+1) + "|" + randRe(r, depth+1) + ")")
		case k < 15:
			b.WriteString(flags[r.Intn(len(flags))])
			quantifiable = false
		case k < 16:
			f := flags[r.Intn(len(flags))]
			b.WriteString(f[:len(f)-1] + ":" + randRe(r, depth+1) + ")")
		case k < 17:
			b.WriteString("(?P<g" + strconv.Itoa(r.Intn(3)) + ">" + randRe(r, depth+1) + ")")
		default:
			b.WriteString(randRe(r, depth+1) + "|")
			quantifiable = false
		}
		if quantifiable && r.Intn(3) == 0 {
			b.WriteString(quants[r.Intn(len(quants))])
		}
	}
	s := b.String()
	if depth == 0 && r.Intn(12) == 0 {
		p := r.Intn(len(s) + 1)
		for p > 0 && p < len(s) && !utf8Start(s[p]) {
			p--
		}
		s = s[:p] + broken[r.Intn(len(broken))] + s[p:]
	}
	return s
}

func utf8Start(c byte) bool { return c&0xC0 != 0x80 }

var alphabet = []string{"a", "b", "c", "A", "k", "K", "\u212a", "s", "\u017f", "\u00e9", "\U0001F600", "\n", ".", "1", "_", " ", "\u03c3"}

func randInput(r *rand.Rand) string {
	var b strings.Builder
	n := r.Intn(7)
	for i := 0; i < n; i++ {
		b.WriteString(alphabet[r.Intn(len(alphabet))])
	}
	return b.String()
}

func runtimeVersion() string { return runtime.Version() }

func main() {
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	fmt.Fprintln(w, "# Go "+strings.TrimPrefix(runtimeVersion(), "go")+" regexp results, recorded by generate.go next to this file.")
	fmt.Fprintln(w, "# R <regexp> OK|ERR <message>; M <input> <anchored ^(?s:re)$ groups> <unanchored leftmost-first groups>")
	fmt.Fprintln(w, "# Groups are start,end in UTF-16 units separated by ';' (-1,-1: did not participate); '-' is no match.")
	for _, re := range curated {
		emit(w, re, inputs)
	}
	r := rand.New(rand.NewSource(20240601))
	for i := 0; i < 700; i++ {
		re := randRe(r, 0)
		ins := make([]string, 0, 10)
		for j := 0; j < 10; j++ {
			ins = append(ins, randInput(r))
		}
		emit(w, re, ins)
	}
}
