package io.epimetheus.http.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.Test;

class ClientSansTest {

    @Test
    void everySanTypeInGoOrderAndForm() throws Exception {
        X509Certificate cert = TestCerts.withSans(
                new GeneralName(GeneralName.uniformResourceIdentifier, "spiffe://example.org/ns/prod/sa/prom"),
                new GeneralName(GeneralName.iPAddress, "2001:db8:0:0:1:0:0:1"),
                new GeneralName(GeneralName.rfc822Name, "ops@example.org"),
                new GeneralName(GeneralName.iPAddress, "192.0.2.7"),
                new GeneralName(GeneralName.dNSName, "prometheus.example.org"),
                new GeneralName(GeneralName.directoryName, "CN=ignored"));
        assertEquals(List.of("prometheus.example.org", "ops@example.org", "2001:db8::1:0:0:1", "192.0.2.7",
                "spiffe://example.org/ns/prod/sa/prom"), ClientSans.names(cert));
        X509Certificate[] chain = {cert};
        assertTrue(ClientSans.allowed(chain, List.of("prometheus.example.org")));
        assertTrue(ClientSans.allowed(chain, List.of("nope", "ops@example.org")));
        assertTrue(ClientSans.allowed(chain, List.of("192.0.2.7")));
        assertTrue(ClientSans.allowed(chain, List.of("2001:db8::1:0:0:1")));
        assertTrue(ClientSans.allowed(chain, List.of("spiffe://example.org/ns/prod/sa/prom")));
        // Exact matches only: no wildcards, no other spelling of an address, no subject CN.
        assertFalse(ClientSans.allowed(chain, List.of("2001:db8:0:0:1:0:0:1")));
        assertFalse(ClientSans.allowed(chain, List.of("*.example.org", "client", "PROMETHEUS.example.org")));
        assertFalse(ClientSans.allowed(null, List.of("client")));
        assertFalse(ClientSans.allowed(new X509Certificate[0], List.of("client")));
        assertEquals(List.of(), ClientSans.names(TestCerts.withSans()));
        assertFalse(ClientSans.allowed(new X509Certificate[] {TestCerts.withSans()}, List.of("client")));
    }

    @Test
    void onlyTheClientsOwnCertificateCounts() throws Exception {
        X509Certificate client = TestCerts.withSans(new GeneralName(GeneralName.dNSName, "client.example.org"));
        X509Certificate issuer = TestCerts.withSans(new GeneralName(GeneralName.dNSName, "ca.example.org"));
        assertFalse(ClientSans.allowed(new X509Certificate[] {client, issuer}, List.of("ca.example.org")));
        assertTrue(ClientSans.allowed(new X509Certificate[] {client, issuer}, List.of("client.example.org")));
    }

    @Test
    void ipAddressesAsGoPrintsThem() throws Exception {
        assertEquals("10.1.2.3", ClientSans.goIp(InetAddress.getByName("10.1.2.3").getAddress()));
        assertEquals("::1", ClientSans.goIp(v6("0:0:0:0:0:0:0:1")));
        assertEquals("::", ClientSans.goIp(new byte[16]));
        assertEquals("fe80::", ClientSans.goIp(v6("fe80:0:0:0:0:0:0:0")));
        assertEquals("2001:db8::1", ClientSans.goIp(v6("2001:0db8:0:0:0:0:0:1")));
        // Only runs of two or more zero groups shrink; the first of equally long runs does.
        assertEquals("2001:db8:0:1:1:1:1:1", ClientSans.goIp(v6("2001:db8:0:1:1:1:1:1")));
        assertEquals("2001::1:0:0:1", ClientSans.goIp(v6("2001:0:0:0:1:0:0:1")));
        assertEquals("1::1:0:0:1", ClientSans.goIp(v6("1:0:0:0:1:0:0:1")));
        assertEquals("1:0:0:1::1", ClientSans.goIp(v6("1:0:0:1:0:0:0:1")));
        assertEquals("1::1:0:0:1:1", ClientSans.goIp(v6("1:0:0:1:0:0:1:1")));
        assertEquals("abcd:ef01::", ClientSans.goIp(v6("ABCD:EF01:0:0:0:0:0:0")));
        // An IPv4-mapped IPv6 address prints as IPv4, as Go's net.IP does.
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        mapped[12] = (byte) 192;
        mapped[15] = 1;
        assertEquals("192.0.0.1", ClientSans.goIp(mapped));
        assertEquals("?0102", ClientSans.goIp(new byte[] {1, 2}));
        assertEquals("[a b]", ClientSans.goList(List.of("a", "b")));
        assertEquals("[]", ClientSans.goList(List.of()));
    }

    private static byte[] v6(String literal) throws Exception {
        byte[] b = InetAddress.getByName(literal).getAddress();
        assertEquals(16, b.length, literal);
        return b;
    }
}
