package io.epimetheus.http.security;

import io.epimetheus.http.settings.HttpSettings;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Dictionary;
import java.util.HexFormat;
import java.util.Hashtable;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;

/**
 * Puts the HTTP listener on TLS when {@code web.config.yml} has a {@code tls_server_config}, the way
 * pax-web is configured: through its Config Admin PID {@value #PAX_WEB_PID}. The PEM certificate,
 * key and client CAs are converted into PKCS#12 key and trust stores in this bundle's data area,
 * and the listener's port switches from HTTP to HTTPS (Prometheus serves one or the other, not
 * both). Without TLS settings, a listener this component had switched is switched back. The
 * pax-web configuration is only updated when something changes, since each update restarts the
 * listener.
 */
@Component(configurationPid = HttpSettings.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class TlsListener {

    static final String PAX_WEB_PID = "org.ops4j.pax.web";
    /** Marks a pax-web configuration this component switched to TLS, with a digest of the material. */
    static final String MANAGED = "epimetheus.tls.fingerprint";

    private static final System.Logger LOG = System.getLogger(TlsListener.class.getName());

    private final BundleContext context;
    private final ConfigurationAdmin configAdmin;

    @Activate
    public TlsListener(BundleContext context, @Reference ConfigurationAdmin configAdmin, HttpSettings settings) {
        this.context = context;
        this.configAdmin = configAdmin;
        modified(settings);
    }

    @Modified
    void modified(HttpSettings settings) {
        String f = settings.web_config_file().trim();
        try {
            WebConfig cfg = f.isEmpty() ? WebConfig.NONE : WebConfigLoader.load(Path.of(f));
            apply(cfg.tls());
        } catch (WebConfigException e) {
            // The security filter refuses every request while the file is bad; the listener stays as it is.
            LOG.log(System.Logger.Level.ERROR, e.getMessage());
        } catch (IOException | GeneralSecurityException e) {
            LOG.log(System.Logger.Level.ERROR, "cannot configure TLS on the HTTP listener: " + e, e);
        }
    }

    private void apply(TlsServerConfig tls) throws IOException, GeneralSecurityException {
        Configuration pax = configAdmin.getConfiguration(PAX_WEB_PID, "?");
        Dictionary<String, Object> props = pax.getProperties();
        if (props == null) {
            props = new Hashtable<>();
        }
        Map<String, Object> desired = new TreeMap<>();
        if (tls == null) {
            if (props.get(MANAGED) == null) {
                return;
            }
            desired.put("org.osgi.service.http.enabled", "true");
            desired.put("org.osgi.service.http.secure.enabled", "false");
            for (String k : new String[] {MANAGED, "org.ops4j.pax.web.ssl.keystore", "org.ops4j.pax.web.ssl.keystore.password",
                    "org.ops4j.pax.web.ssl.key.password", "org.ops4j.pax.web.ssl.truststore",
                    "org.ops4j.pax.web.ssl.truststore.password"}) {
                props.remove(k);
            }
        } else {
            String fingerprint = fingerprint(tls);
            if (fingerprint.equals(props.get(MANAGED))
                    && Files.exists(Path.of(String.valueOf(props.get("org.ops4j.pax.web.ssl.keystore"))))) {
                return;
            }
            File dir = context.getDataFile("tls");
            if (dir == null) {
                throw new IOException("the framework gives this bundle no data area for the TLS key store");
            }
            desired.putAll(stores(tls, dir.toPath()));
            Object port = props.get("org.osgi.service.http.port");
            desired.put("org.osgi.service.http.enabled", "false");
            desired.put("org.osgi.service.http.secure.enabled", "true");
            desired.put("org.osgi.service.http.port.secure", port == null ? "9090" : port.toString());
            desired.put("org.ops4j.pax.web.ssl.clientauth.wanted",
                    String.valueOf(tls.clientAuth() == TlsServerConfig.ClientAuth.VERIFY_IF_GIVEN));
            desired.put("org.ops4j.pax.web.ssl.clientauth.needed",
                    String.valueOf(tls.clientAuth() == TlsServerConfig.ClientAuth.REQUIRE_AND_VERIFY));
            desired.put("org.ops4j.pax.web.ssl.protocols.included", String.join(",", tls.protocols()));
            if (!tls.cipherSuites().isEmpty()) {
                desired.put("org.ops4j.pax.web.ssl.ciphersuites.included", String.join(",", tls.cipherSuites()));
            } else {
                props.remove("org.ops4j.pax.web.ssl.ciphersuites.included");
            }
            desired.put(MANAGED, fingerprint);
        }
        for (Map.Entry<String, Object> e : desired.entrySet()) {
            props.put(e.getKey(), e.getValue());
        }
        pax.update(props);
        LOG.log(System.Logger.Level.INFO, tls == null ? "HTTP listener switched back to plain HTTP"
                : "HTTP listener switched to HTTPS (" + String.join(",", tls.protocols()) + ")");
    }

    /** Writes the PKCS#12 stores with a fresh random password and returns the pax-web settings naming them. */
    static Map<String, Object> stores(TlsServerConfig tls, Path dir) throws IOException, GeneralSecurityException {
        Map<String, Object> out = new TreeMap<>();
        Files.createDirectories(dir);
        String password = randomPassword();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("server", tls.key(), password.toCharArray(), tls.chain().toArray(new Certificate[0]));
        Path keystore = dir.resolve("keystore.p12");
        write(ks, keystore, password);
        out.put("org.ops4j.pax.web.ssl.keystore", keystore.toString());
        out.put("org.ops4j.pax.web.ssl.keystore.type", "PKCS12");
        out.put("org.ops4j.pax.web.ssl.keystore.password", password);
        out.put("org.ops4j.pax.web.ssl.key.password", password);
        out.put("org.ops4j.pax.web.ssl.key.alias", "server");
        if (!tls.clientCas().isEmpty()) {
            KeyStore ts = KeyStore.getInstance("PKCS12");
            ts.load(null, null);
            int i = 0;
            for (X509Certificate ca : tls.clientCas()) {
                ts.setCertificateEntry("ca" + i++, ca);
            }
            Path truststore = dir.resolve("truststore.p12");
            write(ts, truststore, password);
            out.put("org.ops4j.pax.web.ssl.truststore", truststore.toString());
            out.put("org.ops4j.pax.web.ssl.truststore.type", "PKCS12");
            out.put("org.ops4j.pax.web.ssl.truststore.password", password);
        }
        return out;
    }

    private static void write(KeyStore ks, Path file, String password) throws IOException, GeneralSecurityException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream o = Files.newOutputStream(tmp)) {
            ks.store(o, password.toCharArray());
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static String randomPassword() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** A digest of everything that goes into the stores and the listener settings. */
    static String fingerprint(TlsServerConfig tls) throws GeneralSecurityException {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (X509Certificate c : tls.chain()) {
            sha.update(c.getEncoded());
        }
        sha.update(tls.key().getEncoded());
        for (X509Certificate c : tls.clientCas()) {
            sha.update(c.getEncoded());
        }
        sha.update(Objects.toString(tls.clientAuth()).getBytes(StandardCharsets.UTF_8));
        sha.update(String.join(",", tls.protocols()).getBytes(StandardCharsets.UTF_8));
        sha.update(String.join(",", tls.cipherSuites()).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(sha.digest());
    }
}
