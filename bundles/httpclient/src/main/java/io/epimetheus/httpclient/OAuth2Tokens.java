package io.epimetheus.httpclient;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.epimetheus.api.config.HttpClientConfig;
import io.epimetheus.api.config.OAuth2;
import io.epimetheus.api.model.Labels;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * OAuth 2.0 tokens for {@code oauth2}, as Prometheus gets them through Go's {@code oauth2}
 * package: the client-credentials grant (client id and secret in a basic authentication header
 * first and, when the server refuses that, in the form; the style that worked is kept) or the JWT
 * bearer grant (a signed assertion). Requests go to {@code token_url} with the {@code oauth2}
 * section's own {@code tls_config} and proxy. A token is reused until ten seconds before it
 * expires. The client secret or signing key file is read on each request and a changed one
 * discards the token. Thread-safe; token requests run on the caller's thread.
 */
final class OAuth2Tokens {

    private static final JsonFactory JSON = new JsonFactory();
    private static final long EXPIRY_DELTA_MILLIS = 10_000;
    private static final int MAX_RESPONSE = 1 << 20;
    private static final String FORM = "application/x-www-form-urlencoded";

    private final OAuth2 config;
    private final boolean jwt;
    private final HttpClient tokenClient;
    private String lastCredential;
    private String header;
    private long expiresAtMillis;
    /** Whether the client credentials go in a header ({@code null}: not known yet). */
    private Boolean credentialsInHeader;

    /** A token and when it expires ({@code 0}: never). */
    private record Token(String header, long expiresAtMillis) {
    }

    OAuth2Tokens(OAuth2 config) {
        this.config = config;
        this.jwt = OAuth2.GRANT_TYPE_JWT_BEARER.equals(config.grantType());
        this.tokenClient = new HttpClient(new HttpClientConfig(null, null, null, config.tls(), true, false,
                config.proxy(), Map.of()));
    }

    /**
     * The {@code Authorization} header value with a valid token, fetching one if needed.
     *
     * @param userAgent the {@code User-Agent} of the request the token is for, or {@code null}
     * @param timeoutNanos how long fetching a token may take
     */
    synchronized String authorization(String userAgent, long timeoutNanos) throws HttpException {
        String credential = credential();
        if (!credential.equals(lastCredential)) {
            header = null;
            credentialsInHeader = null;
            lastCredential = credential;
        }
        long now = System.currentTimeMillis();
        if (header == null || (expiresAtMillis != 0 && now >= expiresAtMillis - EXPIRY_DELTA_MILLIS)) {
            Token t = jwt ? fetchJwt(credential, userAgent, timeoutNanos, now)
                    : fetchClientCredentials(credential, userAgent, timeoutNanos);
            header = t.header();
            expiresAtMillis = t.expiresAtMillis();
        }
        return header;
    }

    /** The client secret, or the JWT signing key, from the file when one is configured. */
    private String credential() throws HttpException {
        String file = jwt ? config.clientCertificateKeyFile() : config.clientSecretFile();
        if (file.isEmpty()) {
            return jwt ? config.clientCertificateKey().value() : config.clientSecret().value();
        }
        try {
            return SecretFiles.read(file);
        } catch (HttpException e) {
            throw new HttpException((jwt ? "unable to read oauth2 client certificate key: "
                    : "unable to read oauth2 client secret: ") + e.getMessage());
        }
    }

    private Token fetchClientCredentials(String secret, String userAgent, long timeoutNanos) throws HttpException {
        Map<String, String> form = new TreeMap<>();
        form.put("grant_type", "client_credentials");
        if (!config.scopes().isEmpty()) {
            form.put("scope", String.join(" ", config.scopes()));
        }
        addEndpointParams(form);
        long deadline = System.nanoTime() + timeoutNanos;
        if (!Boolean.FALSE.equals(credentialsInHeader)) {
            String basic = "Basic " + Base64.getEncoder().encodeToString((queryEscape(config.clientId()) + ":"
                    + queryEscape(secret)).getBytes(StandardCharsets.UTF_8));
            try {
                Token t = retrieve(form, basic, userAgent, deadline, true);
                credentialsInHeader = true;
                return t;
            } catch (HttpException e) {
                if (credentialsInHeader != null) {
                    throw e;
                }
            }
        }
        Map<String, String> inParams = new TreeMap<>(form);
        inParams.put("client_id", config.clientId());
        if (!secret.isEmpty()) {
            inParams.put("client_secret", secret);
        }
        Token t = retrieve(inParams, null, userAgent, deadline, true);
        credentialsInHeader = false;
        return t;
    }

    private Token fetchJwt(String key, String userAgent, long timeoutNanos, long nowMillis) throws HttpException {
        Map<String, String> form = new TreeMap<>();
        form.put("grant_type", OAuth2.GRANT_TYPE_JWT_BEARER);
        form.put("assertion", JwtAssertion.sign(config, key, nowMillis / 1000));
        if (!config.scopes().isEmpty()) {
            form.put("scope", String.join(" ", config.scopes()));
        }
        addEndpointParams(form);
        return retrieve(form, null, userAgent, System.nanoTime() + timeoutNanos, false);
    }

    /** {@code endpoint_params}, which may replace {@code grant_type} but no other parameter. */
    private void addEndpointParams(Map<String, String> form) throws HttpException {
        for (Map.Entry<String, String> p : config.endpointParams().entrySet()) {
            if (form.containsKey(p.getKey()) && !p.getKey().equals("grant_type")) {
                throw new HttpException("oauth2: cannot overwrite parameter \"" + p.getKey() + "\"");
            }
            form.put(p.getKey(), p.getValue());
        }
    }

    /** Posts the token request and reads the token from the response. */
    private Token retrieve(Map<String, String> form, String basic, String userAgent, long deadline,
            boolean formResponses) throws HttpException {
        StringBuilder body = new StringBuilder();
        for (Map.Entry<String, String> p : form.entrySet()) {
            if (body.length() > 0) {
                body.append('&');
            }
            body.append(queryEscape(p.getKey())).append('=').append(queryEscape(p.getValue()));
        }
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        RequestHeaders headers = RequestHeaders.of("Content-Type", FORM);
        if (userAgent != null) {
            headers = headers.with("User-Agent", userAgent);
        }
        if (basic != null) {
            headers = headers.with("Authorization", basic);
        }
        int status;
        String reason;
        String contentType;
        byte[] response;
        try (HttpConnection c = tokenClient.newConnection()) {
            status = c.send("POST", config.tokenUrl(), headers, bytes, 0, bytes.length,
                    Math.max(1, deadline - System.nanoTime()));
            reason = c.reason();
            contentType = c.contentType();
            response = c.bodyStream().readNBytes(MAX_RESPONSE);
        } catch (HttpException e) {
            throw e;
        } catch (IOException e) {
            throw new HttpException("oauth2: cannot fetch token: " + e.getMessage(), e);
        }
        String text = new String(response, StandardCharsets.UTF_8);
        boolean formBody = formResponses && isForm(contentType);
        Map<String, String> fields = formBody ? parseForm(text) : parseJson(text, status / 100 == 2, formResponses);
        if (status / 100 != 2) {
            String code = fields.get("error");
            if (formResponses && code != null && !code.isEmpty()) {
                StringBuilder sb = new StringBuilder("oauth2: ");
                Labels.appendQuoted(sb, code);
                for (String k : List.of("error_description", "error_uri")) {
                    String v = fields.get(k);
                    if (v != null && !v.isEmpty()) {
                        Labels.appendQuoted(sb.append(' '), v);
                    }
                }
                throw new HttpException(sb.toString());
            }
            throw new HttpException("oauth2: cannot fetch token: " + status + (reason.isEmpty() ? "" : " " + reason)
                    + "\nResponse: " + text);
        }
        String token = fields.getOrDefault("access_token", "");
        if (token.isEmpty()) {
            throw new HttpException("oauth2: server response missing access_token");
        }
        long expiresIn = 0;
        try {
            expiresIn = Long.parseLong(fields.getOrDefault("expires_in", "0"));
        } catch (NumberFormatException e) {
            // Go ignores an unparsable expires_in: the token does not expire.
        }
        long expiresAt = expiresIn > 0 ? System.currentTimeMillis() + expiresIn * 1000 : 0;
        return new Token(tokenType(fields.getOrDefault("token_type", "")) + " " + token, expiresAt);
    }

    /** Go's {@code Token.Type}: the common schemes in their canonical case, Bearer when unset. */
    private static String tokenType(String t) {
        for (String canonical : new String[] {"Bearer", "MAC", "Basic"}) {
            if (t.equalsIgnoreCase(canonical)) {
                return canonical;
            }
        }
        return t.isEmpty() ? "Bearer" : t;
    }

    private static boolean isForm(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semi = contentType.indexOf(';');
        String media = (semi < 0 ? contentType : contentType.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
        return media.equals(FORM) || media.equals("text/plain");
    }

    private static Map<String, String> parseForm(String text) throws HttpException {
        Map<String, String> out = new HashMap<>();
        try {
            for (String pair : text.strip().split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                out.putIfAbsent(k, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        } catch (IllegalArgumentException e) {
            throw new HttpException("oauth2: cannot parse response: " + e.getMessage());
        }
        return out;
    }

    /**
     * The top-level string and number fields of a JSON object ({@code expires_in} may be either).
     * An error response that is not JSON has no fields; a success that is not JSON fails.
     */
    private static Map<String, String> parseJson(String text, boolean success, boolean clientCredentials)
            throws HttpException {
        Map<String, String> out = new HashMap<>();
        try (JsonParser p = JSON.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("expected a JSON object");
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (v == JsonToken.VALUE_STRING || v == JsonToken.VALUE_NUMBER_INT) {
                    out.put(name, p.getText());
                } else if (v == JsonToken.VALUE_NUMBER_FLOAT) {
                    out.put(name, Long.toString((long) p.getDoubleValue()));
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            if (success) {
                throw new HttpException((clientCredentials ? "oauth2: cannot parse json: " : "oauth2: cannot fetch token: ")
                        + e.getMessage());
            }
            out.clear();
        }
        return out;
    }

    /** Go's {@code url.QueryEscape}: unreserved characters stay, space becomes {@code +}, the rest %XX. */
    static String queryEscape(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(b.length + 8);
        for (byte x : b) {
            int c = x & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || c == '.' || c == '~') {
                out.append((char) c);
            } else if (c == ' ') {
                out.append('+');
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return out.toString();
    }
}
