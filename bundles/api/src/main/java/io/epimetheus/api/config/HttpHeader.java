package io.epimetheus.api.config;

import java.util.List;

/**
 * One entry of {@code http_headers}: values added to every request under one header name.
 *
 * @param values plain values
 * @param secrets secret values
 * @param files files whose trimmed content is added (absolute paths)
 */
public record HttpHeader(List<String> values, List<Secret> secrets, List<String> files) {
    public HttpHeader {
        values = List.copyOf(values);
        secrets = List.copyOf(secrets);
        files = List.copyOf(files);
    }
}
