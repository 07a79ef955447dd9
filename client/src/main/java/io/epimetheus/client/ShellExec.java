package io.epimetheus.client;

import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.EnumSet;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;

/**
 * Runs one command in the Karaf shell over SSH exec and copies its output to this process's
 * stdout/stderr. Only ever used against the loopback SSH port of the local instance, so the
 * server's host key is not pinned.
 */
final class ShellExec {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);

    private final Path etc;
    private final String host;
    private final int port;

    ShellExec(Path etc, String host, int port) {
        this.etc = etc;
        this.host = host;
        this.port = port;
    }

    int run(String command) {
        KeyPair key;
        try {
            key = ClientKey.load(etc.resolve(ClientKey.KEY_FILE));
        } catch (IOException e) {
            System.err.println("epimetheus client: " + e.getMessage()
                    + " (it is created when Epimetheus starts through ./epimetheus)");
            return 1;
        }
        SshClient client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
        client.start();
        try (ClientSession session = client.connect(ClientKey.USER, host, port)
                .verify(CONNECT_TIMEOUT).getSession()) {
            session.addPublicKeyIdentity(key);
            session.auth().verify(CONNECT_TIMEOUT);
            try (ChannelExec channel = session.createExecChannel(command + "\n")) {
                channel.setOut(new NonClosingStream(System.out));
                channel.setErr(new NonClosingStream(System.err));
                channel.open().verify(CONNECT_TIMEOUT);
                channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), 0L);
                Integer status = channel.getExitStatus();
                return status == null ? 0 : status;
            }
        } catch (IOException e) {
            System.err.println("epimetheus client: cannot run the command on " + host + ":" + port + ": "
                    + e.getMessage() + " (is Epimetheus running? ./epimetheus status)");
            return 1;
        } finally {
            client.stop();
        }
    }
}
