package io.epimetheus.client;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Entry point of {@code lib/client/epimetheus-client.jar}:
 *
 * <pre>
 *   keygen &lt;etc-dir&gt;                                  create the client key and authorise it
 *   exec &lt;etc-dir&gt; &lt;host&gt; &lt;port&gt; &lt;command...&gt;         run one shell command, print its output
 *   http-ok &lt;url&gt;                                     exit 0 if a GET answers 2xx (for machines without curl)
 * </pre>
 *
 * Exit status: the command's, 1 when it could not be run, 2 on a usage error.
 */
public final class ClientMain {

    private ClientMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        if (args.length >= 2 && args[0].equals("keygen")) {
            try {
                ClientKey.ensure(Path.of(args[1]));
                return 0;
            } catch (IOException | RuntimeException e) {
                System.err.println("epimetheus client: cannot create the client key in " + args[1] + ": " + e.getMessage());
                return 1;
            }
        }
        if (args.length >= 5 && args[0].equals("exec")) {
            int port;
            try {
                port = Integer.parseInt(args[3]);
            } catch (NumberFormatException e) {
                System.err.println("epimetheus client: port must be a number, got \"" + args[3] + "\"");
                return 2;
            }
            String command = String.join(" ", Arrays.copyOfRange(args, 4, args.length));
            return new ShellExec(Path.of(args[1]), args[2], port).run(command);
        }
        if (args.length == 2 && args[0].equals("http-ok")) {
            return HttpProbe.ok(args[1]) ? 0 : 1;
        }
        System.err.println("usage: epimetheus-client keygen <etc-dir>\n"
                + "       epimetheus-client exec <etc-dir> <host> <port> <command...>\n"
                + "       epimetheus-client http-ok <url>");
        return 2;
    }
}
