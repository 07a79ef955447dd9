package io.epimetheus.config.print;

import io.epimetheus.api.config.PromDuration;
import io.epimetheus.api.config.Secret;
import io.epimetheus.api.model.FloatFormat;
import io.epimetheus.config.load.ByteSize;
import io.epimetheus.config.yaml.YamlOut;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The fields of one Go struct as yaml.v2 writes them, in the order they are added: the {@code
 * keep} methods write a field that has no {@code omitempty}, the others leave out a zero value.
 * Durations are written as Prometheus prints them ({@code 1m30s}), sizes as {@code 10MiB}, floats as
 * Go's {@code %g}, and secrets as {@value #SECRET}.
 */
final class Fields {

    /** How Prometheus prints a secret that is set. */
    static final String SECRET = "<secret>";

    private final List<YamlOut.Entry> entries = new ArrayList<>();

    Fields put(String key, YamlOut value) {
        entries.add(new YamlOut.Entry(key, value));
        return this;
    }

    Fields keep(String key, String value) {
        return put(key, new YamlOut.Str(value));
    }

    Fields keep(String key, boolean value) {
        return put(key, new YamlOut.Token(Boolean.toString(value)));
    }

    Fields keep(String key, long value) {
        return put(key, new YamlOut.Token(Long.toString(value)));
    }

    Fields str(String key, String value) {
        return value.isEmpty() ? this : keep(key, value);
    }

    Fields bool(String key, boolean value) {
        return value ? keep(key, true) : this;
    }

    Fields num(String key, long value) {
        return value == 0 ? this : keep(key, value);
    }

    Fields num(String key, double value) {
        return value == 0 ? this : put(key, new YamlOut.Token(goFloat(value)));
    }

    Fields dur(String key, Duration value) {
        return value.isZero() ? this : keep(key, PromDuration.format(value.toMillis()));
    }

    Fields bytes(String key, long value) {
        return value == 0 ? this : keep(key, ByteSize.format(value));
    }

    Fields secret(String key, Secret value) {
        return value.isEmpty() ? this : keep(key, SECRET);
    }

    Fields seq(String key, List<YamlOut> items) {
        return items.isEmpty() ? this : put(key, new YamlOut.Sequence(items, false));
    }

    Fields mapIf(String key, YamlOut.Mapping value) {
        return value.entries().isEmpty() ? this : put(key, value);
    }

    YamlOut.Mapping build() {
        return new YamlOut.Mapping(entries);
    }

    /** A float as yaml.v2 writes it: Go's shortest {@code %g}, and {@code .inf}, {@code -.inf}, {@code .nan}. */
    static String goFloat(double v) {
        if (Double.isNaN(v)) {
            return ".nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? ".inf" : "-.inf";
        }
        return FloatFormat.formatG(v);
    }
}
