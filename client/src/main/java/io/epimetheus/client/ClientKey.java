package io.epimetheus.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The key that {@code ./epimetheus client} logs in with: an RSA key pair whose private half lives
 * in {@code etc/epimetheus-client.key} (owner-only) and whose public half is authorised for the
 * user {@value #USER} in Karaf's {@code etc/keys.properties}. There is no password login at all.
 */
final class ClientKey {

    static final String USER = "epimetheus";
    static final String KEY_FILE = "epimetheus-client.key";
    private static final String ADMIN_GROUP = "_g_\\:admingroup";
    private static final String ADMIN_GROUP_LINE = ADMIN_GROUP + " = group,admin,manager,viewer,systembundles,ssh";

    private ClientKey() {
    }

    /** Creates the key unless it exists, and makes sure keys.properties authorises it. */
    static void ensure(Path etc) throws IOException {
        Path keyFile = etc.resolve(KEY_FILE);
        KeyPair pair;
        if (Files.exists(keyFile)) {
            pair = load(keyFile);
        } else {
            pair = generate();
            writePrivate(keyFile, pair);
        }
        authorise(etc.resolve("keys.properties"), (RSAPublicKey) pair.getPublic());
    }

    static KeyPair load(Path keyFile) throws IOException {
        String pem = Files.readString(keyFile, StandardCharsets.US_ASCII);
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            KeyFactory kf = KeyFactory.getInstance("RSA");
            RSAPrivateCrtKey priv = (RSAPrivateCrtKey) kf.generatePrivate(
                    new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
            RSAPublicKey pub = (RSAPublicKey) kf.generatePublic(
                    new RSAPublicKeySpec(priv.getModulus(), priv.getPublicExponent()));
            return new KeyPair(pub, priv);
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw new IOException(keyFile + " is not a PKCS#8 RSA private key in PEM form: " + e.getMessage(), e);
        }
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
            gen.initialize(3072);
            return gen.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA is not available in this JVM", e);
        }
    }

    private static void writePrivate(Path keyFile, KeyPair pair) throws IOException {
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        Files.createDirectories(keyFile.getParent());
        Files.deleteIfExists(keyFile);
        try {
            Files.createFile(keyFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(keyFile);
        }
        Files.writeString(keyFile, pem, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
    }

    /** Replaces the line of {@value #USER} and adds the admin group definition if missing. */
    private static void authorise(Path keysFile, RSAPublicKey pub) throws IOException {
        List<String> lines = Files.exists(keysFile)
                ? new ArrayList<>(Files.readAllLines(keysFile, StandardCharsets.ISO_8859_1))
                : new ArrayList<>();
        lines.removeIf(l -> l.startsWith(USER + "=") || l.startsWith(USER + " ="));
        if (lines.stream().noneMatch(l -> l.startsWith(ADMIN_GROUP))) {
            lines.add(ADMIN_GROUP_LINE);
        }
        lines.add(USER + "=" + Base64.getEncoder().encodeToString(sshRsaBlob(pub)) + "," + "_g_:admingroup");
        Files.write(keysFile, lines, StandardCharsets.ISO_8859_1);
    }

    /** The public key in the SSH wire format (RFC 4253 §6.6), as authorized_keys files hold it. */
    static byte[] sshRsaBlob(RSAPublicKey pub) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeString(out, "ssh-rsa".getBytes(StandardCharsets.US_ASCII));
        writeString(out, pub.getPublicExponent().toByteArray());
        writeString(out, pub.getModulus().toByteArray());
        return out.toByteArray();
    }

    private static void writeString(ByteArrayOutputStream out, byte[] bytes) {
        int n = bytes.length;
        out.write(n >>> 24);
        out.write(n >>> 16);
        out.write(n >>> 8);
        out.write(n);
        out.write(bytes, 0, n);
    }
}
