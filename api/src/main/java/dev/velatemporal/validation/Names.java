package dev.velatemporal.validation;

import java.util.regex.Pattern;

/** Kubernetes name rules, with messages that say what a valid name looks like. */
final class Names {

    private static final Pattern DNS_1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS_1035_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern ENV_VAR_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");
    private static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?");
    static final int MAX_LABEL_LENGTH = 63;

    private Names() {}

    /** Null when {@code name} is a DNS-1123 label, else why not. */
    static String dns1123LabelProblem(String name) {
        if (name.length() > MAX_LABEL_LENGTH || !DNS_1123_LABEL.matcher(name).matches()) {
            return quote(name) + " is not a valid DNS-1123 label: lowercase letters, digits and '-', starting and "
                    + "ending with a letter or digit, at most 63 characters";
        }
        return null;
    }

    /** Null when {@code name} is a DNS-1035 label (what a Service name must be), else why not. */
    static String dns1035LabelProblem(String name) {
        if (name.length() > MAX_LABEL_LENGTH || !DNS_1035_LABEL.matcher(name).matches()) {
            return quote(name) + " is not a valid DNS-1035 label: lowercase letters, digits and '-', starting with "
                    + "a letter and ending with a letter or digit, at most 63 characters";
        }
        return null;
    }

    static boolean isEnvVarName(String name) {
        return ENV_VAR_NAME.matcher(name).matches();
    }

    static boolean isLabelValue(String value) {
        return value.length() <= MAX_LABEL_LENGTH && LABEL_VALUE.matcher(value).matches();
    }

    /** The text in quotes, cut short when long: a hostile 900 KB name must not be echoed whole. */
    static String quote(String text) {
        return '"' + (text.length() <= 80 ? text : text.substring(0, 77) + "...") + '"';
    }
}
