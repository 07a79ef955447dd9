package io.epimetheus.config.print;

/** URLs as Prometheus prints them in its configuration: a password in the user info replaced by {@code xxxxx}. */
final class Urls {

    private Urls() {
    }

    static String redacted(String url) {
        int scheme = url.indexOf("://");
        int start = scheme < 0 ? 0 : scheme + 3;
        int end = url.length();
        for (int i = start; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c == '/' || c == '?' || c == '#') {
                end = i;
                break;
            }
        }
        int at = url.lastIndexOf('@', end - 1);
        if (at < start) {
            return url;
        }
        int colon = url.indexOf(':', start);
        if (colon < 0 || colon > at) {
            return url;
        }
        return url.substring(0, colon + 1) + "xxxxx" + url.substring(at);
    }
}
