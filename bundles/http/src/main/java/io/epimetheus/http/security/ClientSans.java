package io.epimetheus.http.security;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;

/**
 * {@code tls_server_config.client_allowed_sans}: the subject alternative names of a client
 * certificate written as Go's {@code crypto/x509} presents them to exporter-toolkit (DNS names,
 * email addresses, IP addresses in {@code net.IP.String()} form, URIs), and the check that one of
 * them is allowed.
 */
final class ClientSans {

    private ClientSans() {
    }

    /** Whether the client's certificate (the first of the chain) has an allowed SAN. */
    static boolean allowed(X509Certificate[] chain, List<String> allowedSans) {
        if (chain == null || chain.length == 0) {
            return false;
        }
        for (String san : names(chain[0])) {
            if (allowedSans.contains(san)) {
                return true;
            }
        }
        return false;
    }

    /** The SANs in Go's order: DNS names, email addresses, IP addresses, URIs. */
    static List<String> names(X509Certificate cert) {
        byte[] ext = cert.getExtensionValue(Extension.subjectAlternativeName.getId());
        if (ext == null) {
            return List.of();
        }
        GeneralName[] all;
        try {
            all = GeneralNames.getInstance(ASN1OctetString.getInstance(ext).getOctets()).getNames();
        } catch (IllegalArgumentException e) {
            return List.of(); // unparsable: Go's x509 would not have accepted the certificate at all
        }
        List<String> out = new ArrayList<>(all.length);
        for (int tag : new int[] {GeneralName.dNSName, GeneralName.rfc822Name, GeneralName.iPAddress,
                GeneralName.uniformResourceIdentifier}) {
            for (GeneralName n : all) {
                if (n.getTagNo() != tag) {
                    continue;
                }
                if (tag == GeneralName.iPAddress) {
                    out.add(goIp(ASN1OctetString.getInstance(n.getName()).getOctets()));
                } else {
                    out.add(((ASN1String) n.getName()).getString());
                }
            }
        }
        return out;
    }

    /** Go's {@code net.IP.String()}: dotted IPv4 (also for IPv4-mapped IPv6), RFC 5952 IPv6. */
    static String goIp(byte[] ip) {
        if (ip.length == 4) {
            return v4(ip, 0);
        }
        if (ip.length != 16) {
            StringBuilder b = new StringBuilder("?");
            for (byte x : ip) {
                b.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
            }
            return b.toString();
        }
        boolean mapped = ip[10] == (byte) 0xff && ip[11] == (byte) 0xff;
        for (int i = 0; i < 10 && mapped; i++) {
            mapped = ip[i] == 0;
        }
        if (mapped) {
            return v4(ip, 12);
        }
        // The first longest run of at least two zero groups becomes "::".
        int zeroStart = -1;
        int zeroLen = 1;
        for (int i = 0; i < 8; i++) {
            int j = i;
            while (j < 8 && group(ip, j) == 0) {
                j++;
            }
            if (j - i > zeroLen) {
                zeroStart = i;
                zeroLen = j - i;
            }
        }
        StringBuilder b = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == zeroStart) {
                b.append("::");
                i += zeroLen - 1;
                continue;
            }
            if (b.length() > 0 && b.charAt(b.length() - 1) != ':') {
                b.append(':');
            }
            b.append(Integer.toHexString(group(ip, i)));
        }
        return b.toString();
    }

    private static int group(byte[] ip, int i) {
        return ((ip[2 * i] & 0xff) << 8) | (ip[2 * i + 1] & 0xff);
    }

    private static String v4(byte[] ip, int off) {
        return (ip[off] & 0xff) + "." + (ip[off + 1] & 0xff) + "." + (ip[off + 2] & 0xff) + "." + (ip[off + 3] & 0xff);
    }

    /** A list as Go's {@code %v} prints a {@code []string}: {@code [a b c]}. */
    static String goList(List<String> values) {
        return "[" + String.join(" ", values) + "]";
    }
}
