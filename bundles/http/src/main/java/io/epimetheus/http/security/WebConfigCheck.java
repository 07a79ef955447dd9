package io.epimetheus.http.security;

import java.nio.file.Path;

/**
 * Validates a web configuration file from the command line, as Prometheus does before it starts:
 * {@code ./epimetheus --web.config.file=...} runs it first and refuses to start on an error.
 * Exit status 0 when the file is valid, 1 with the reason on standard error otherwise.
 */
public final class WebConfigCheck {

    private WebConfigCheck() {
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: WebConfigCheck <web.config.yml>");
            System.exit(2);
        }
        try {
            WebConfigLoader.load(Path.of(args[0]));
        } catch (WebConfigException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        }
    }
}
