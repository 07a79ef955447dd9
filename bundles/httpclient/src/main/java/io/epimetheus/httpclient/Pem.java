package io.epimetheus.httpclient;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * PEM certificates and private keys as Go's {@code crypto/tls} reads them: CA bundles keep the
 * certificates they can parse; a client key pair is the first {@code CERTIFICATE} blocks and the
 * first block whose type ends in {@code PRIVATE KEY} (PKCS#8, PKCS#1 RSA or SEC1 EC), and the key
 * must match the certificate.
 */
final class Pem {

    /** One {@code -----BEGIN <type>-----} block, decoded. */
    record Block(String type, byte[] der) {
    }

    private Pem() {
    }

    /** The blocks of {@code text}; text outside blocks and header lines inside them are skipped. */
    static List<Block> blocks(String text) {
        List<Block> out = new ArrayList<>();
        String type = null;
        StringBuilder b64 = new StringBuilder();
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (type == null) {
                if (line.startsWith("-----BEGIN ") && line.endsWith("-----")) {
                    type = line.substring(11, line.length() - 5);
                    b64.setLength(0);
                }
            } else if (line.startsWith("-----END ")) {
                try {
                    out.add(new Block(type, Base64.getMimeDecoder().decode(b64.toString())));
                } catch (IllegalArgumentException e) {
                    // Not base64: Go's pem.Decode skips such a block too.
                }
                type = null;
            } else if (!line.contains(":")) {
                b64.append(line);
            }
        }
        return out;
    }

    /** The certificates of a CA bundle that parse; others are skipped, as Go's {@code AppendCertsFromPEM} does. */
    static List<X509Certificate> caCertificates(String text) {
        List<X509Certificate> out = new ArrayList<>();
        for (Block b : blocks(text)) {
            if (b.type().equals("CERTIFICATE")) {
                try {
                    out.add(certificate(b.der()));
                } catch (CertificateException e) {
                    // Skipped as Go does.
                }
            }
        }
        return out;
    }

    /** The certificate chain of a client key pair. */
    static X509Certificate[] certificateChain(String text) throws GeneralSecurityException {
        List<Block> blocks = blocks(text);
        if (blocks.isEmpty()) {
            throw new GeneralSecurityException("tls: failed to find any PEM data in certificate input");
        }
        List<X509Certificate> chain = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Block b : blocks) {
            if (b.type().equals("CERTIFICATE")) {
                chain.add(certificate(b.der()));
            } else {
                skipped.add(b.type());
            }
        }
        if (chain.isEmpty()) {
            throw new GeneralSecurityException("tls: failed to find \"CERTIFICATE\" PEM block in certificate input after"
                    + " skipping PEM blocks of the following types: [" + String.join(" ", skipped) + "]");
        }
        return chain.toArray(new X509Certificate[0]);
    }

    /** The first private key of {@code text}. */
    static PrivateKey privateKey(String text) throws GeneralSecurityException {
        List<Block> blocks = blocks(text);
        if (blocks.isEmpty()) {
            throw new GeneralSecurityException("tls: failed to find any PEM data in key input");
        }
        List<String> skipped = new ArrayList<>();
        for (Block b : blocks) {
            if (b.type().equals("PRIVATE KEY") || b.type().endsWith(" PRIVATE KEY")) {
                return parseKey(b);
            }
            skipped.add(b.type());
        }
        throw new GeneralSecurityException("tls: failed to find PEM block with type ending in \"PRIVATE KEY\" in key"
                + " input after skipping PEM blocks of the following types: [" + String.join(" ", skipped) + "]");
    }

    private static PrivateKey parseKey(Block b) throws GeneralSecurityException {
        try {
            return switch (b.type()) {
                case "PRIVATE KEY" -> pkcs8(b.der(), "RSA", "EC", "Ed25519", "Ed448");
                case "RSA PRIVATE KEY" -> pkcs8(Der.wrapPkcs8(Der.RSA_ENCRYPTION, null, b.der()), "RSA");
                case "EC PRIVATE KEY" -> pkcs8(Der.wrapPkcs8(Der.EC_PUBLIC_KEY, Der.ecCurveOf(b.der()), b.der()), "EC");
                default -> throw new GeneralSecurityException("unsupported key type " + b.type());
            };
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new GeneralSecurityException("tls: failed to parse private key", e);
        }
    }

    /** Checks that {@code key} belongs to {@code cert} by signing with one and verifying with the other. */
    static void checkPair(X509Certificate cert, PrivateKey key) throws GeneralSecurityException {
        PublicKey pub = cert.getPublicKey();
        if (!pub.getAlgorithm().equals(key.getAlgorithm())) {
            throw new GeneralSecurityException("tls: private key type does not match public key type");
        }
        String alg = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm();
        };
        byte[] probe = "epimetheus key pair check".getBytes(StandardCharsets.US_ASCII);
        Signature s = Signature.getInstance(alg);
        s.initSign(key);
        s.update(probe);
        byte[] sig = s.sign();
        Signature v = Signature.getInstance(alg);
        v.initVerify(pub);
        v.update(probe);
        if (!v.verify(sig)) {
            throw new GeneralSecurityException("tls: private key does not match public key");
        }
    }

    private static X509Certificate certificate(byte[] der) throws CertificateException {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    }

    private static PrivateKey pkcs8(byte[] der, String... algorithms) throws GeneralSecurityException {
        GeneralSecurityException last = null;
        for (String alg : algorithms) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw last;
    }
}
