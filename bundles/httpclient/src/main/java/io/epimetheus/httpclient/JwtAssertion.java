package io.epimetheus.httpclient;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.epimetheus.api.config.OAuth2;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The signed JWT of the OAuth 2.0 JWT bearer grant (RFC 7523) as Prometheus builds it: {@code iss}
 * (the configured issuer, else the client id), {@code sub} (the client id), {@code aud} (the
 * configured audience, else the token URL), {@code iat}, {@code exp} ten minutes later, a random
 * {@code jti}, {@code scope} and the configured claims, signed with RS256, RS384 or RS512.
 */
final class JwtAssertion {

    private static final JsonFactory JSON = new JsonFactory();
    private static final long LIFETIME_SECONDS = 600;
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private JwtAssertion() {
    }

    /** The compact serialization {@code header.claims.signature}. */
    static String sign(OAuth2 c, String keyPem, long nowSeconds) throws HttpException {
        String alg = c.signatureAlgorithm().isEmpty() ? "RS256" : c.signatureAlgorithm();
        PrivateKey key;
        try {
            key = Pem.privateKey(keyPem);
        } catch (GeneralSecurityException e) {
            throw new HttpException("oauth2: " + e.getMessage(), e);
        }
        if (!key.getAlgorithm().equals("RSA")) {
            throw new HttpException("oauth2: key is not a valid RSA private key");
        }
        Map<String, Object> header = new TreeMap<>();
        header.put("alg", alg);
        header.put("typ", "JWT");
        if (!c.clientCertificateKeyId().isEmpty()) {
            header.put("kid", c.clientCertificateKeyId());
        }
        Map<String, Object> claims = new TreeMap<>();
        claims.put("iss", c.iss().isEmpty() ? c.clientId() : c.iss());
        claims.put("sub", c.clientId());
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("aud", c.audience().isEmpty() ? c.tokenUrl() : c.audience());
        claims.put("iat", nowSeconds);
        claims.put("exp", nowSeconds + LIFETIME_SECONDS);
        if (!c.scopes().isEmpty()) {
            claims.put("scope", String.join(" ", c.scopes()));
        }
        claims.putAll(c.claims());
        String signingInput = B64URL.encodeToString(json(header)) + "." + B64URL.encodeToString(json(claims));
        try {
            Signature s = Signature.getInstance("SHA" + alg.substring(2) + "withRSA");
            s.initSign(key);
            s.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64URL.encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new HttpException("oauth2: cannot sign the JWT: " + e.getMessage(), e);
        }
    }

    /** JSON with object keys sorted, as Go's {@code encoding/json} writes maps. */
    private static byte[] json(Map<String, Object> object) throws HttpException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            write(g, object);
        } catch (IOException e) {
            throw new HttpException("oauth2: cannot encode the JWT: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    private static void write(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<String, Object> e : sorted(m).entrySet()) {
                g.writeFieldName(e.getKey());
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof List<?> l) {
            g.writeStartArray();
            for (Object o : l) {
                write(g, o);
            }
            g.writeEndArray();
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            g.writeNumber(((Number) v).longValue());
        } else if (v instanceof Number n) {
            g.writeNumber(n.doubleValue());
        } else {
            g.writeString(v.toString());
        }
    }

    private static Map<String, Object> sorted(Map<?, ?> m) {
        Map<String, Object> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }
}
