package io.epimetheus.client;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Lets the SSH channel write to System.out/err without closing them when it closes. */
final class NonClosingStream extends FilterOutputStream {

    NonClosingStream(OutputStream out) {
        super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
        flush();
    }
}
