package io.epimetheus.http.security;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads a {@code web.config.yml} in the exporter-toolkit format and validates it as Prometheus does
 * at start: unknown fields, header names and values, bcrypt hashes, certificate and key files,
 * client authentication, TLS versions and cipher suites. Relative paths are resolved against the
 * file's directory. Errors are worded as exporter-toolkit words them, prefixed with the file.
 *
 * <p>{@code rate_limit} ({@code burst}, and {@code interval} as a Go duration) and {@code
 * tls_server_config.client_allowed_sans} are loaded here and enforced by {@link WebSecurityFilter}.
 * Settings exporter-toolkit has but the Jetty listener cannot honour are refused with an error
 * saying so, rather than silently ignored: {@code curve_preferences} (Java 17 cannot choose the
 * curves of one listener) and the {@code client_auth_type} values that accept unverified
 * certificates ({@code RequestClientCert}, {@code RequireAnyClientCert}, {@code RequireClientCert}).
 */
public final class WebConfigLoader {

    private static final Set<String> TOP = Set.of("tls_server_config", "http_server_config", "rate_limit", "basic_auth_users");
    private static final Set<String> TLS = Set.of("cert", "key", "client_ca", "cert_file", "key_file", "client_auth_type",
            "client_ca_file", "cipher_suites", "curve_preferences", "min_version", "max_version",
            "prefer_server_cipher_suites", "client_allowed_sans");
    private static final Set<String> HTTP = Set.of("http2", "headers");
    private static final Set<String> RATE = Set.of("burst", "interval");

    /** The headers exporter-toolkit lets a web config set, with their allowed values (empty: any). */
    private static final Map<String, List<String>> HEADERS = Map.of(
            "Strict-Transport-Security", List.of(),
            "X-Content-Type-Options", List.of("nosniff"),
            "X-Frame-Options", List.of("deny", "sameorigin"),
            "X-XSS-Protection", List.of(),
            "Content-Security-Policy", List.of());

    private static final String[] VERSIONS = {"TLS10", "TLS11", "TLS12", "TLS13"};
    private static final String[] JSSE_VERSIONS = {"TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"};

    private WebConfigLoader() {
    }

    /**
     * Loads and validates {@code file}.
     *
     * @throws WebConfigException naming the file and the problem
     */
    public static WebConfig load(Path file) throws WebConfigException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new WebConfigException("web config file " + file + ": cannot read it: " + e);
        }
        try {
            return parse(text, file.toAbsolutePath().getParent(), file.toString());
        } catch (WebConfigException e) {
            throw new WebConfigException("web config file " + file + ": " + e.getMessage(), e.getCause());
        }
    }

    static WebConfig parse(String text, Path dir, String name) throws WebConfigException {
        Object doc;
        try (Reader r = new StringReader(text)) {
            doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
        } catch (YAMLException | IOException e) {
            throw new WebConfigException("yaml: " + e.getMessage());
        }
        if (doc == null) {
            return new WebConfig(name, null, Map.of(), Map.of(), null);
        }
        Map<String, Object> top = map(doc, "web.Config", TOP);
        Map<String, String> headers = new LinkedHashMap<>();
        Object http = top.get("http_server_config");
        if (http != null) {
            Map<String, Object> h = map(http, "web.HTTPConfig", HTTP);
            Object hs = h.get("headers");
            if (hs != null) {
                for (Map.Entry<String, Object> e : stringMap(hs, "headers").entrySet()) {
                    headers.put(e.getKey(), String.valueOf(e.getValue()));
                }
            }
            Object h2 = h.get("http2");
            if (h2 != null && !(h2 instanceof Boolean)) {
                throw new WebConfigException("http_server_config.http2 must be true or false");
            }
        }
        validateHeaders(headers);
        WebConfig.RateLimit rateLimit = null;
        Object rate = top.get("rate_limit");
        if (rate != null) {
            Map<String, Object> rl = map(rate, "web.RateLimiterConfig", RATE);
            long burst = goInt(rl.get("burst"), "int", false);
            long interval = goInt(rl.get("interval"), "time.Duration", true);
            // rate.Every of a zero or negative interval is an unlimited rate: exporter-toolkit limits nothing.
            if (interval > 0) {
                rateLimit = new WebConfig.RateLimit(burst, interval);
            }
        }
        Map<String, String> users = new LinkedHashMap<>();
        Object u = top.get("basic_auth_users");
        if (u != null) {
            for (Map.Entry<String, Object> e : stringMap(u, "basic_auth_users").entrySet()) {
                String hash = e.getValue() == null ? "" : String.valueOf(e.getValue());
                String problem = Bcrypt.hashProblem(hash);
                if (problem != null) {
                    throw new WebConfigException("basic_auth_users: user " + e.getKey() + ": " + problem);
                }
                users.put(e.getKey(), hash);
            }
        }
        TlsServerConfig tls = null;
        Object t = top.get("tls_server_config");
        if (t != null) {
            tls = tls(map(t, "web.TLSConfig", TLS), dir);
        }
        return new WebConfig(name, tls, users, headers, rateLimit);
    }

    private static void validateHeaders(Map<String, String> headers) throws WebConfigException {
        for (Map.Entry<String, String> e : headers.entrySet()) {
            List<String> allowed = HEADERS.get(e.getKey());
            if (allowed == null) {
                throw new WebConfigException("HTTP header \"" + e.getKey() + "\" can not be configured");
            }
            if (!allowed.isEmpty() && !allowed.contains(e.getValue())) {
                StringBuilder values = new StringBuilder("[");
                for (int i = 0; i < allowed.size(); i++) {
                    values.append(i > 0 ? " " : "").append('"').append(allowed.get(i)).append('"');
                }
                values.append(']');
                throw new WebConfigException("invalid value for " + e.getKey() + ". Expected one of: " + values
                        + ", but got: \"" + e.getValue() + "\"");
            }
        }
    }

    private static TlsServerConfig tls(Map<String, Object> c, Path dir) throws WebConfigException {
        String cert = str(c, "cert");
        String key = str(c, "key");
        String certFile = str(c, "cert_file");
        String keyFile = str(c, "key_file");
        String clientCa = str(c, "client_ca");
        String clientCaFile = str(c, "client_ca_file");
        String clientAuthType = str(c, "client_auth_type");
        boolean enabled = !cert.isEmpty() || !key.isEmpty() || !certFile.isEmpty() || !keyFile.isEmpty()
                || !clientCa.isEmpty() || !clientCaFile.isEmpty() || !clientAuthType.isEmpty();
        if (!enabled) {
            return null;
        }
        if (!list(c, "curve_preferences").isEmpty()) {
            throw new WebConfigException("tls_server_config.curve_preferences is not supported by Epimetheus "
                    + "(the JVM chooses the curves); remove it");
        }
        if (certFile.isEmpty() && cert.isEmpty()) {
            throw new WebConfigException("missing one of cert or cert_file");
        }
        if (keyFile.isEmpty() && key.isEmpty()) {
            throw new WebConfigException("missing one of key or key_file");
        }
        String certPem = certFile.isEmpty() ? cert : read(dir.resolve(certFile), "cert_file");
        String keyPem = keyFile.isEmpty() ? key : read(dir.resolve(keyFile), "key_file");
        List<X509Certificate> chain;
        PrivateKey privateKey;
        try {
            chain = Pem.certificates(certPem);
            privateKey = Pem.privateKey(keyPem);
            if (chain.isEmpty()) {
                throw new WebConfigException("failed to load X509KeyPair: tls: failed to find any PEM data in certificate input");
            }
            if (!matches(privateKey, chain.get(0).getPublicKey())) {
                throw new WebConfigException("failed to load X509KeyPair: tls: private key does not match public key");
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new WebConfigException("failed to load X509KeyPair: " + e.getMessage(), e);
        }
        TlsServerConfig.ClientAuth auth = switch (clientAuthType) {
            case "", "NoClientCert" -> TlsServerConfig.ClientAuth.NONE;
            case "VerifyClientCertIfGiven" -> TlsServerConfig.ClientAuth.VERIFY_IF_GIVEN;
            case "RequireAndVerifyClientCert" -> TlsServerConfig.ClientAuth.REQUIRE_AND_VERIFY;
            case "RequestClientCert", "RequireAnyClientCert", "RequireClientCert" -> throw new WebConfigException(
                    "client_auth_type " + clientAuthType + " (accepting unverified client certificates) is not "
                            + "supported by Epimetheus; use VerifyClientCertIfGiven or RequireAndVerifyClientCert");
            default -> throw new WebConfigException("invalid ClientAuth: " + clientAuthType);
        };
        List<X509Certificate> cas = new ArrayList<>();
        try {
            if (!clientCaFile.isEmpty()) {
                cas.addAll(Pem.certificates(read(dir.resolve(clientCaFile), "client_ca_file")));
            } else if (!clientCa.isEmpty()) {
                cas.addAll(Pem.certificates(clientCa));
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new WebConfigException("cannot load the client CAs: " + e.getMessage(), e);
        }
        if ((!clientCaFile.isEmpty() || !clientCa.isEmpty()) && auth == TlsServerConfig.ClientAuth.NONE) {
            throw new WebConfigException("client CA's have been configured without a Client Auth Policy");
        }
        int min = version(c, "min_version", 2);
        int max = version(c, "max_version", 3);
        if (min > max) {
            throw new WebConfigException("min_version " + VERSIONS[min] + " is greater than max_version " + VERSIONS[max]);
        }
        List<String> protocols = new ArrayList<>();
        for (int v = min; v <= max; v++) {
            protocols.add(JSSE_VERSIONS[v]);
        }
        List<String> ciphers = new ArrayList<>();
        Set<String> supported = supportedCipherSuites();
        for (Object o : list(c, "cipher_suites")) {
            String s = String.valueOf(o);
            if (!supported.contains(s)) {
                throw new WebConfigException("unknown cipher: " + s);
            }
            ciphers.add(s);
        }
        List<String> sans = new ArrayList<>();
        for (Object o : list(c, "client_allowed_sans")) {
            sans.add(String.valueOf(o));
        }
        return new TlsServerConfig(chain, privateKey, auth, cas, protocols, ciphers, sans);
    }

    private static int version(Map<String, Object> c, String field, int dflt) throws WebConfigException {
        String v = str(c, field);
        if (v.isEmpty()) {
            return dflt;
        }
        for (int i = 0; i < VERSIONS.length; i++) {
            if (VERSIONS[i].equals(v)) {
                return i;
            }
        }
        throw new WebConfigException("unknown TLS version: " + v);
    }

    private static Set<String> supportedCipherSuites() throws WebConfigException {
        try {
            return Set.of(SSLContext.getDefault().getSupportedSSLParameters().getCipherSuites());
        } catch (GeneralSecurityException e) {
            throw new WebConfigException("the JVM has no TLS support: " + e, e);
        }
    }

    // Proves possession: a signature made with the key verifies with the certificate's public key.
    private static boolean matches(PrivateKey key, PublicKey pub) throws GeneralSecurityException {
        String alg = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> throw new GeneralSecurityException("tls: unknown private key type " + key.getAlgorithm());
        };
        byte[] probe = new byte[32];
        new SecureRandom().nextBytes(probe);
        Signature s = Signature.getInstance(alg);
        s.initSign(key);
        s.update(probe);
        byte[] sig = s.sign();
        Signature v = Signature.getInstance(alg);
        try {
            v.initVerify(pub);
        } catch (GeneralSecurityException e) {
            return false;
        }
        v.update(probe);
        return v.verify(sig);
    }

    private static String read(Path p, String field) throws WebConfigException {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new WebConfigException("failed to read " + field + " (" + p + "): " + e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o, String type, Set<String> known) throws WebConfigException {
        if (!(o instanceof Map)) {
            throw new WebConfigException("yaml: unmarshal errors: cannot unmarshal " + o.getClass().getSimpleName()
                    + " into " + type);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        for (Map.Entry<Object, Object> e : ((Map<Object, Object>) o).entrySet()) {
            String k = String.valueOf(e.getKey());
            if (!known.contains(k)) {
                throw new WebConfigException("yaml: unmarshal errors: field " + k + " not found in type " + type);
            }
            m.put(k, e.getValue());
        }
        return m;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> stringMap(Object o, String field) throws WebConfigException {
        if (!(o instanceof Map)) {
            throw new WebConfigException(field + " must be a map");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        for (Map.Entry<Object, Object> e : ((Map<Object, Object>) o).entrySet()) {
            m.put(String.valueOf(e.getKey()), e.getValue());
        }
        return m;
    }

    /**
     * A YAML scalar decoded into a Go integer field as exporter-toolkit's YAML library does it:
     * integers, floats truncated toward zero, null as 0, and for a {@code time.Duration} a string
     * in {@code time.ParseDuration} syntax.
     */
    private static long goInt(Object v, String goType, boolean duration) throws WebConfigException {
        if (v == null) {
            return 0;
        }
        if (v instanceof Integer || v instanceof Long) {
            return ((Number) v).longValue();
        }
        if (v instanceof Double d && d >= Long.MIN_VALUE && d < 0x1p63) {
            return d.longValue();
        }
        if (v instanceof String text && duration) {
            try {
                return GoDuration.parse(text);
            } catch (IllegalArgumentException e) {
                throw new WebConfigException(cannotUnmarshal(v, goType) + ": " + e.getMessage());
            }
        }
        throw new WebConfigException(cannotUnmarshal(v, goType));
    }

    private static String cannotUnmarshal(Object v, String goType) {
        String tag = v instanceof String ? "!!str" : v instanceof Boolean ? "!!bool" : v instanceof Number
                ? (v instanceof Double ? "!!float" : "!!int") : v instanceof List ? "!!seq" : v instanceof Map ? "!!map" : "!!str";
        String value = "";
        if (!(v instanceof List) && !(v instanceof Map)) {
            String raw = String.valueOf(v);
            value = raw.length() > 10 ? " `" + raw.substring(0, 7) + "...`" : " `" + raw + "`";
        }
        return "yaml: unmarshal errors: cannot unmarshal " + tag + value + " into " + goType;
    }

    private static String str(Map<String, Object> c, String field) {
        Object v = c.get(field);
        return v == null ? "" : String.valueOf(v);
    }

    private static List<?> list(Map<String, Object> c, String field) throws WebConfigException {
        Object v = c.get(field);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> l)) {
            throw new WebConfigException(field + " must be a list");
        }
        return l;
    }

    /** PEM decoding of certificates and of PKCS#1, PKCS#8 and SEC 1 private keys. */
    static final class Pem {

        private Pem() {
        }

        static List<X509Certificate> certificates(String pem) throws IOException, GeneralSecurityException {
            List<X509Certificate> out = new ArrayList<>();
            JcaX509CertificateConverter conv = new JcaX509CertificateConverter();
            try (PEMParser p = new PEMParser(new StringReader(pem))) {
                for (Object o = p.readObject(); o != null; o = p.readObject()) {
                    if (o instanceof X509CertificateHolder h) {
                        out.add(conv.getCertificate(h));
                    }
                }
            }
            return out;
        }

        static PrivateKey privateKey(String pem) throws IOException, GeneralSecurityException {
            JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
            try (PEMParser p = new PEMParser(new StringReader(pem))) {
                for (Object o = p.readObject(); o != null; o = p.readObject()) {
                    if (o instanceof PEMKeyPair kp) {
                        return conv.getKeyPair(kp).getPrivate();
                    }
                    if (o instanceof PrivateKeyInfo pki) {
                        return conv.getPrivateKey(pki);
                    }
                }
            }
            throw new GeneralSecurityException("tls: failed to find any PEM data in key input");
        }
    }
}
