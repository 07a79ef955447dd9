package io.epimetheus.httpclient;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;

/** The little DER needed to turn PKCS#1 RSA and SEC1 EC keys into PKCS#8. */
final class Der {

    static final byte[] RSA_ENCRYPTION = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01};
    static final byte[] EC_PUBLIC_KEY = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};
    private static final byte[] NULL = {0x05, 0x00};

    private Der() {
    }

    /** PrivateKeyInfo { version 0, AlgorithmIdentifier { oid, params }, OCTET STRING key }. */
    static byte[] wrapPkcs8(byte[] algorithmOid, byte[] params, byte[] key) {
        byte[] algId = tlv(0x30, concat(algorithmOid, params == null ? NULL : params));
        return tlv(0x30, concat(new byte[] {0x02, 0x01, 0x00}, algId, tlv(0x04, key)));
    }

    /** The named-curve OID (as a full TLV) in the {@code [0] parameters} of a SEC1 ECPrivateKey. */
    static byte[] ecCurveOf(byte[] sec1) throws GeneralSecurityException {
        int[] pos = {0};
        expect(sec1, pos, 0x30);
        readLength(sec1, pos);
        while (pos[0] < sec1.length) {
            int tag = sec1[pos[0]++] & 0xFF;
            int len = readLength(sec1, pos);
            if (tag == 0xA0) {
                int start = pos[0];
                if ((sec1[start] & 0xFF) != 0x06) {
                    break;
                }
                byte[] oid = new byte[len];
                System.arraycopy(sec1, start, oid, 0, len);
                return oid;
            }
            pos[0] += len;
        }
        throw new GeneralSecurityException("EC private key without a named curve");
    }

    private static void expect(byte[] b, int[] pos, int tag) throws GeneralSecurityException {
        if ((b[pos[0]++] & 0xFF) != tag) {
            throw new GeneralSecurityException("malformed EC private key");
        }
    }

    private static int readLength(byte[] b, int[] pos) {
        int first = b[pos[0]++] & 0xFF;
        if (first < 0x80) {
            return first;
        }
        int n = first & 0x7F;
        int len = 0;
        for (int i = 0; i < n; i++) {
            len = (len << 8) | (b[pos[0]++] & 0xFF);
        }
        return len;
    }

    private static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
        out.write(tag);
        int len = content.length;
        if (len < 0x80) {
            out.write(len);
        } else if (len < 0x100) {
            out.write(0x81);
            out.write(len);
        } else if (len < 0x10000) {
            out.write(0x82);
            out.write(len >> 8);
            out.write(len);
        } else {
            out.write(0x83);
            out.write(len >> 16);
            out.write(len >> 8);
            out.write(len);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
