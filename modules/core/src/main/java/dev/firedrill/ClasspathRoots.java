package dev.firedrill;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;

/** Where a resource found on the class path comes from: the jar or classes folder holding it. */
public final class ClasspathRoots {

    private ClasspathRoots() {
    }

    /**
     * The jar or folder {@code resource} (found as {@code name}) lies in: {@code jar:file:/x.jar!/META-INF/a.properties}
     * gives {@code file:/x.jar}, {@code file:/m/target/classes/META-INF/a.properties} gives {@code file:/m/target/classes/};
     * comparable with a class's {@code CodeSource} location.
     */
    public static URI rootOf(URL resource, String name) {
        String url = resource.toString();
        if (!url.endsWith(name)) {
            throw new IllegalArgumentException(url + " is not the resource " + name);
        }
        String root = url.substring(0, url.length() - name.length());
        if (root.startsWith("jar:") && root.endsWith("!/")) {
            root = root.substring("jar:".length(), root.length() - 2);
        }
        try {
            return new URI(root).normalize();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cannot read where " + url + " lies: " + e.getMessage(), e);
        }
    }
}
