package io.epimetheus.relabel;

import io.epimetheus.api.config.NameValidationScheme;
import io.epimetheus.api.config.RelabelAction;
import io.epimetheus.api.config.RelabelConfig;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.Matcher;
import io.epimetheus.api.regex.Re2;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One compiled relabeling rule with Prometheus's semantics: the source value is the source labels'
 * values (absent = "") joined with the separator; the regex is fully anchored with RE2 syntax;
 * {@code replacement} and a {@code target_label} containing {@code $} are expanded like Go's
 * {@code Regexp.Expand}.
 */
final class RelabelRule {

    private static final String ANY = "__relabel__";

    private final RelabelAction action;
    private final String[] sources;
    private final String separator;
    private final Pattern pattern;
    private final Matcher matcher; // the regex with fast paths for literal, prefix, ... forms
    private final String targetLabel;
    private final String replacement;
    private final boolean targetHasVar;
    private final boolean replacementHasVar;
    private final boolean defaultRegex;
    private final long modulus;
    private final NameValidationScheme scheme;

    RelabelRule(RelabelConfig c) {
        this.action = c.action();
        this.sources = c.sourceLabels().toArray(new String[0]);
        this.separator = c.separator();
        this.pattern = Re2.compileAnchored(c.regex());
        this.matcher = Matcher.regex(ANY, c.regex());
        this.targetLabel = c.targetLabel();
        this.replacement = c.replacement();
        this.targetHasVar = targetLabel.indexOf('$') >= 0;
        this.replacementHasVar = replacement.indexOf('$') >= 0;
        this.defaultRegex = RelabelConfig.DEFAULT_REGEX.equals(c.regex());
        this.modulus = c.modulus();
        this.scheme = c.nameValidation();
    }

    /** Applies the rule; false when it drops the label set. */
    boolean apply(LabelSetState s) {
        switch (action) {
            case DROP -> {
                return !matcher.matches(sourceValue(s));
            }
            case KEEP -> {
                return matcher.matches(sourceValue(s));
            }
            case DROPEQUAL -> {
                return !s.get(targetLabel).equals(sourceValue(s));
            }
            case KEEPEQUAL -> {
                return s.get(targetLabel).equals(sourceValue(s));
            }
            case REPLACE -> replace(s, sourceValue(s));
            case LOWERCASE -> s.set(targetLabel, sourceValue(s).toLowerCase(Locale.ROOT));
            case UPPERCASE -> s.set(targetLabel, sourceValue(s).toUpperCase(Locale.ROOT));
            case HASHMOD -> s.set(targetLabel, Long.toUnsignedString(Long.remainderUnsigned(md5Tail(sourceValue(s)), modulus)));
            case LABELMAP -> labelMap(s);
            case LABELDROP -> {
                Labels current = s.snapshot();
                for (int i = 0; i < current.size(); i++) {
                    if (matcher.matches(current.name(i))) {
                        s.delete(current.name(i));
                    }
                }
            }
            case LABELKEEP -> {
                Labels current = s.snapshot();
                for (int i = 0; i < current.size(); i++) {
                    if (!matcher.matches(current.name(i))) {
                        s.delete(current.name(i));
                    }
                }
            }
        }
        return true;
    }

    private void replace(LabelSetState s, String value) {
        if (value.isEmpty() && defaultRegex && !targetHasVar && !replacementHasVar) {
            s.set(targetLabel, replacement);
            return;
        }
        java.util.regex.Matcher m = pattern.matcher(value);
        if (!m.matches()) {
            return;
        }
        String target = targetHasVar ? Re2.expand(targetLabel, m) : targetLabel;
        if (!scheme.isValidLabelName(target)) {
            return;
        }
        String result = replacementHasVar ? Re2.expand(replacement, m) : replacement;
        if (result.isEmpty()) {
            s.delete(target);
        } else {
            s.set(target, result);
        }
    }

    private void labelMap(LabelSetState s) {
        Labels current = s.snapshot();
        for (int i = 0; i < current.size(); i++) {
            String name = current.name(i);
            java.util.regex.Matcher m = pattern.matcher(name);
            if (m.matches()) {
                String mapped = replacementHasVar ? Re2.expand(replacement, m) : replacement;
                if (!mapped.isEmpty()) {
                    s.set(mapped, current.value(i));
                }
            }
        }
    }

    private String sourceValue(LabelSetState s) {
        if (sources.length == 1) {
            return s.get(sources[0]);
        }
        if (sources.length == 0) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < sources.length; i++) {
            if (i > 0) {
                sb.append(separator);
            }
            sb.append(s.get(sources[i]));
        }
        return sb.toString();
    }

    /** The last 8 bytes of the MD5 of {@code value}, big-endian, as Prometheus's hashmod uses. */
    private static long md5Tail(String value) {
        MessageDigest md5;
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is a required JDK algorithm", e);
        }
        byte[] h = md5.digest(value.getBytes(StandardCharsets.UTF_8));
        long v = 0;
        for (int i = 8; i < 16; i++) {
            v = (v << 8) | (h[i] & 0xFF);
        }
        return v;
    }
}
