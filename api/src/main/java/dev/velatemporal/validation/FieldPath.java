package dev.velatemporal.validation;

/** Field paths as problems name them: {@code spec.components[0].traits[1].properties.port}. */
public final class FieldPath {

    private FieldPath() {}

    public static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    public static String element(String path, int index) {
        return path + "[" + index + "]";
    }

    public static String parent(String path) {
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return cut < 0 ? "" : path.substring(0, cut);
    }

    /** True when {@code path} is {@code ancestor} itself or lies under it. */
    public static boolean isWithin(String path, String ancestor) {
        return ancestor.isEmpty()
                || path.equals(ancestor)
                || (path.startsWith(ancestor) && (path.charAt(ancestor.length()) == '.'
                        || path.charAt(ancestor.length()) == '['));
    }
}
