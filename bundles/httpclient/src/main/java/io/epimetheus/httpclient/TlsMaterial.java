package io.epimetheus.httpclient;

import io.epimetheus.api.config.TlsConfig;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS side of a {@code tls_config}: an {@link SSLContext} from PEM (inline or files) and how
 * sockets use it — SNI and certificate verification against {@code server_name} or the host,
 * {@code insecure_skip_verify}, {@code min_version}/{@code max_version}. As Prometheus does, files
 * are watched: when the CA, certificate or key file changes, the next connection uses a context
 * built from the new content ({@link Loaded#generation} tells connections to reconnect). Thread-safe.
 */
final class TlsMaterial {

    /** A built context; a higher generation replaces it. */
    record Loaded(SSLSocketFactory factory, long generation) {
    }

    private static final char[] NO_PASSWORD = new char[0];
    private static final String[] FILE_KINDS = {"CA cert", "client cert", "client key"};

    private final TlsConfig config;
    private final String[] files;
    private final String[] protocols;
    private final String versionError;
    private Loaded loaded;
    private final FileStamp[] stamps = new FileStamp[3];
    private String[] contents;
    private long generation;

    /** When a file was last seen: its modification time and size, which change when it is rewritten. */
    private record FileStamp(long modifiedNanos, long size) {
    }

    TlsMaterial(TlsConfig config) {
        this.config = config;
        this.files = new String[] {config.caFile(), config.certFile(), config.keyFile()};
        int min = version(config.minVersion(), 2);
        int max = version(config.maxVersion(), 3);
        if (!config.minVersion().isEmpty() && !config.maxVersion().isEmpty() && max < min) {
            versionError = "tls_config.max_version must be greater than or equal to tls_config.min_version if both are specified";
            protocols = null;
        } else if (max < min) {
            versionError = "tls: no supported versions satisfy MinVersion and MaxVersion";
            protocols = null;
        } else {
            versionError = null;
            protocols = config.minVersion().isEmpty() && config.maxVersion().isEmpty() ? null : protocols(min, max);
        }
    }

    /** {@code TLS10}..{@code TLS13} as the minor version 0..3. */
    private static int version(String name, int unset) {
        if (name.isEmpty()) {
            return unset;
        }
        return switch (name) {
            case "TLS10" -> 0;
            case "TLS11" -> 1;
            case "TLS12" -> 2;
            case "TLS13" -> 3;
            default -> throw new IllegalArgumentException("unknown TLS version: " + name);
        };
    }

    private static String[] protocols(int min, int max) {
        List<String> out = new ArrayList<>();
        for (int v = min; v <= max; v++) {
            out.add(v == 0 ? "TLSv1" : "TLSv1." + v);
        }
        return out.toArray(new String[0]);
    }

    /**
     * The context to connect with: the last one while the files are unchanged, else one built from
     * their current content.
     *
     * @throws HttpException with Prometheus's wording when a file cannot be read or used
     */
    synchronized Loaded current() throws HttpException {
        if (versionError != null) {
            throw new HttpException(versionError);
        }
        if (loaded != null && !filesChanged()) {
            return loaded;
        }
        String[] now = readContents();
        if (loaded == null || !Arrays.equals(now, contents)) {
            SSLContext ctx = build(now);
            contents = now;
            loaded = new Loaded(ctx.getSocketFactory(), ++generation);
        }
        return loaded;
    }

    private boolean filesChanged() {
        for (int i = 0; i < files.length; i++) {
            if (!files[i].isEmpty() && !Objects.equals(stamps[i], stamp(files[i]))) {
                return true;
            }
        }
        return false;
    }

    private static FileStamp stamp(String file) {
        try {
            BasicFileAttributes a = Files.readAttributes(Path.of(file), BasicFileAttributes.class);
            return new FileStamp(a.lastModifiedTime().to(TimeUnit.NANOSECONDS), a.size());
        } catch (IOException e) {
            return null;
        }
    }

    private String[] readContents() throws HttpException {
        String[] inline = {config.ca(), config.cert(), config.key().value()};
        String[] out = new String[3];
        for (int i = 0; i < 3; i++) {
            if (!files[i].isEmpty()) {
                stamps[i] = stamp(files[i]);
                out[i] = SecretFiles.readRaw(files[i], "unable to read " + FILE_KINDS[i] + ": unable to read file "
                        + files[i] + ": ");
            } else {
                out[i] = inline[i];
            }
        }
        return out;
    }

    private SSLContext build(String[] pem) throws HttpException {
        try {
            TrustManager[] trust = null;
            if (!pem[0].isEmpty()) {
                List<X509Certificate> cas = Pem.caCertificates(pem[0]);
                if (cas.isEmpty()) {
                    throw new HttpException("unable to use specified CA cert " + describe(files[0]));
                }
                KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
                ks.load(null, null);
                for (int i = 0; i < cas.size(); i++) {
                    ks.setCertificateEntry("ca" + i, cas.get(i));
                }
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(ks);
                trust = tmf.getTrustManagers();
            }
            if (config.insecureSkipVerify()) {
                trust = new TrustManager[] {new TrustAll()};
            }
            KeyManager[] keys = null;
            if (!pem[1].isEmpty() || !pem[2].isEmpty()) {
                keys = keyManagers(pem[1], pem[2]);
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(keys, trust, null);
            return ctx;
        } catch (HttpException e) {
            throw e;
        } catch (IOException | GeneralSecurityException e) {
            throw new HttpException("unable to load TLS configuration: " + e.getMessage(), e);
        }
    }

    private KeyManager[] keyManagers(String certPem, String keyPem) throws HttpException {
        try {
            X509Certificate[] chain = Pem.certificateChain(certPem);
            PrivateKey key = Pem.privateKey(keyPem);
            Pem.checkPair(chain[0], key);
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("client", key, NO_PASSWORD, chain);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, NO_PASSWORD);
            return kmf.getKeyManagers();
        } catch (IOException | GeneralSecurityException e) {
            throw new HttpException("unable to use specified client cert (" + describe(files[1]) + ") & key ("
                    + describe(files[2]) + "): " + e.getMessage(), e);
        }
    }

    private static String describe(String file) {
        return file.isEmpty() ? "inline" : file;
    }

    /**
     * Runs the TLS handshake over {@code plain}: SNI and verification against {@code server_name},
     * else {@code host} (no SNI for an IP address), none with {@code insecure_skip_verify}.
     */
    SSLSocket handshake(Loaded l, Socket plain, String host, int port, int timeoutMillis) throws IOException {
        String name = config.serverName().isEmpty() ? host : config.serverName();
        SSLSocket ssl = (SSLSocket) l.factory().createSocket(plain, name, port, true);
        SSLParameters params = ssl.getSSLParameters();
        if (!config.insecureSkipVerify()) {
            params.setEndpointIdentificationAlgorithm("HTTPS");
        }
        if (!isIpLiteral(name)) {
            params.setServerNames(List.of(new SNIHostName(name)));
        }
        if (protocols != null) {
            params.setProtocols(protocols);
        }
        ssl.setSSLParameters(params);
        ssl.setSoTimeout(timeoutMillis);
        ssl.startHandshake();
        return ssl;
    }

    private static boolean isIpLiteral(String host) {
        if (host.indexOf(':') >= 0) {
            return true;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c != '.' && (c < '0' || c > '9')) {
                return false;
            }
        }
        return true;
    }

    /** {@code insecure_skip_verify}: accepts any server certificate. */
    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // Client certificates are not checked by a client.
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // insecure_skip_verify: every server certificate is accepted.
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
