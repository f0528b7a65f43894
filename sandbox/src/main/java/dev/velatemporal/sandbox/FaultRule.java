package dev.velatemporal.sandbox;

import java.util.Locale;

/**
 * A fault aimed at some requests: those with {@code method} (any when null) whose path contains
 * {@code pathPart} (such as {@code /deployments/reviews-v2}, or {@code /deployments} with {@code POST} for a
 * create) and whose body contains {@code bodyPart} (any when null: a create names its object only in the body),
 * the first {@code times} of them ({@link #ALWAYS} for a persistent fault).
 */
public record FaultRule(String method, String pathPart, String bodyPart, ApiFault fault, int times) {

    public static final int ALWAYS = Integer.MAX_VALUE;

    public FaultRule {
        method = method == null ? null : method.toUpperCase(Locale.ROOT);
        if (pathPart == null || fault == null || times < 1) {
            throw new IllegalArgumentException("a fault rule needs a path part, a fault and times >= 1");
        }
    }

    public static FaultRule once(String method, String pathPart, ApiFault fault) {
        return new FaultRule(method, pathPart, null, fault, 1);
    }

    public static FaultRule always(String method, String pathPart, ApiFault fault) {
        return new FaultRule(method, pathPart, null, fault, ALWAYS);
    }

    /** The first create of the object named {@code name} at {@code collectionPath} (like {@code /deployments}). */
    public static FaultRule onceOnCreate(String collectionPath, String name, ApiFault fault) {
        return new FaultRule("POST", collectionPath, "\"name\":\"" + name + "\"", fault, 1);
    }

    boolean matches(String requestMethod, String path, String body) {
        return (method == null || method.equals(requestMethod)) && path.contains(pathPart)
                && (bodyPart == null || (body != null && body.contains(bodyPart)));
    }
}
