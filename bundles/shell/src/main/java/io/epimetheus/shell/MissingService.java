package io.epimetheus.shell;

/** The message of every command whose service is not registered. */
public final class MissingService {

    private MissingService() {
    }

    /** Tells the user on stderr that {@code service} is missing and, if known, which feature provides it. */
    public static void report(String service, String feature) {
        System.err.println("No " + service + " is available" + (feature == null ? "" : " (feature:install " + feature + ")"));
    }
}
