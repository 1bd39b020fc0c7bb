package dev.firedrill.kind;

import dev.firedrill.kind.KindDescriptor.Category;

import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Every kind a drill file can name: the kinds of every {@link KindProvider} found through {@link ServiceLoader},
 * Firedrill's own first, each provider's in the order it declares them. Two kinds of the same category and name are
 * an error naming both providers (a drill file names a kind by its name alone).
 *
 * <p>Example: {@code KindDescriptor<?> kill = Kinds.onClasspath().get(Category.FAULT, "kill");}
 */
public final class Kinds {

    private static final Object CACHE_LOCK = new Object();
    private static ClassLoader cachedFor;
    private static Kinds cached;

    private final List<Declared> declared;
    private final Map<Category, Map<String, KindDescriptor<?>>> byCategory = new EnumMap<>(Category.class);
    private final Map<KindDescriptor<?>, Declared> declaredBy = new IdentityHashMap<>();

    /** One provider's kinds, and whether it ships with Firedrill. */
    private record Declared(Class<? extends KindProvider> provider, boolean builtIn, int order, List<KindDescriptor<?>> kinds) {
    }

    private Kinds(List<Declared> found) {
        List<Declared> ordered = new ArrayList<>(found);
        // Firedrill's own first, then by the providers' order; stable otherwise
        ordered.sort(java.util.Comparator.comparing((Declared d) -> !d.builtIn()).thenComparingInt(Declared::order));
        for (Category c : Category.values()) {
            byCategory.put(c, new LinkedHashMap<>());
        }
        for (Declared d : ordered) {
            for (KindDescriptor<?> kind : d.kinds()) {
                Map<String, KindDescriptor<?>> names = byCategory.get(kind.category());
                KindDescriptor<?> earlier = names.get(kind.name());
                if (earlier != null) {
                    throw new IllegalStateException("two " + kind.category().noun() + " kinds are named '" + kind.name() + "': one from "
                            + declaredBy.get(earlier).provider().getName() + ", one from " + d.provider().getName()
                            + "; a drill file names a kind by its name alone, so rename one of them");
                }
                names.put(kind.name(), kind);
                declaredBy.put(kind, d);
            }
        }
        byCategory.replaceAll((c, names) -> Collections.unmodifiableMap(names));
        this.declared = List.copyOf(ordered);
    }

    /** The kinds of these providers (Firedrill's own first). */
    public static Kinds of(List<? extends KindProvider> providers) {
        return new Kinds(providers.stream().map(p -> new Declared(p.getClass(), shippedWithFiredrill(p.getClass()), p.order(), declared(p))).toList());
    }

    /** The kinds of every provider {@code loader} finds ({@code META-INF/services/dev.firedrill.kind.KindProvider}). */
    public static Kinds load(ClassLoader loader) {
        List<KindProvider> found = new ArrayList<>();
        Iterator<KindProvider> it = ServiceLoader.load(KindProvider.class, loader).iterator();
        try {
            while (it.hasNext()) {
                found.add(it.next());
            }
        } catch (ServiceConfigurationError e) {
            throw new IllegalStateException("could not load a kind provider listed in META-INF/services/" + KindProvider.class.getName()
                    + ": " + e.getMessage() + " (a provider is a public class with a public no-argument constructor)", e);
        }
        return of(found);
    }

    /**
     * The kinds on the classpath: of the thread's context class loader (else the one that loaded Firedrill); loaded
     * once per class loader and kept.
     */
    public static Kinds onClasspath() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = Kinds.class.getClassLoader();
        }
        synchronized (CACHE_LOCK) {
            if (cached == null || cachedFor != loader) {
                cached = load(loader);
                cachedFor = loader;
            }
            return cached;
        }
    }

    /** Only the kinds that ship with Firedrill (what {@code docs/kinds.md} and the committed schema list). */
    public Kinds builtIn() {
        return new Kinds(declared.stream().filter(Declared::builtIn).toList());
    }

    /** Every kind: by category ({@link Category} order), then in declaration order. */
    public List<KindDescriptor<?>> all() {
        List<KindDescriptor<?>> all = new ArrayList<>();
        byCategory.values().forEach(names -> all.addAll(names.values()));
        return all;
    }

    /** The kinds of {@code category}, in declaration order. */
    public List<KindDescriptor<?>> in(Category category) {
        return List.copyOf(byCategory.get(category).values());
    }

    /** The names of the kinds of {@code category}, in declaration order. */
    public List<String> names(Category category) {
        return List.copyOf(byCategory.get(category).keySet());
    }

    /** The kind of {@code category} named {@code name}, if there is one. */
    public Optional<KindDescriptor<?>> find(Category category, String name) {
        return Optional.ofNullable(byCategory.get(category).get(name));
    }

    /**
     * The kind of {@code category} named {@code name}.
     *
     * @throws IllegalArgumentException naming the valid kinds when there is none
     */
    public KindDescriptor<?> get(Category category, String name) {
        return find(category, name).orElseThrow(() -> new IllegalArgumentException("no " + category.noun() + " kind '" + name
                + "'; valid: " + String.join(", ", names(category))));
    }

    /** The provider classes, in the order their kinds were taken (Firedrill's own first). */
    public List<Class<? extends KindProvider>> providers() {
        return declared.stream().<Class<? extends KindProvider>>map(Declared::provider).toList();
    }

    /** The class of the provider that declared {@code kind}. */
    public Class<? extends KindProvider> providerOf(KindDescriptor<?> kind) {
        return declaration(kind).provider();
    }

    /** Whether {@code kind} ships with Firedrill (its provider is one of Firedrill's own classes), not from a user's classpath. */
    public boolean isBuiltIn(KindDescriptor<?> kind) {
        return declaration(kind).builtIn();
    }

    private Declared declaration(KindDescriptor<?> kind) {
        Declared d = declaredBy.get(kind);
        if (d == null) {
            throw new IllegalArgumentException(kind.category().noun() + " '" + kind.name() + "' is not one of these kinds");
        }
        return d;
    }

    /**
     * The resource every Firedrill module carries (core, load, ...): a provider whose jar or classes folder holds it is
     * one of Firedrill's own, whichever module ships it; a user's provider never is.
     */
    public static final String MODULE_MARKER = "META-INF/firedrill/module.properties";

    /** Whether {@code provider} comes from one of Firedrill's modules (its jar, or its classes folder holds {@link #MODULE_MARKER}). */
    static boolean shippedWithFiredrill(Class<?> provider) {
        CodeSource theirs = provider.getProtectionDomain().getCodeSource();
        if (theirs == null || theirs.getLocation() == null) {
            return provider.getName().startsWith("dev.firedrill.");
        }
        try {
            String location = theirs.getLocation().toURI().normalize().toString();
            ClassLoader loader = provider.getClassLoader() == null ? ClassLoader.getSystemClassLoader() : provider.getClassLoader();
            for (java.net.URL marker : java.util.Collections.list(loader.getResources(MODULE_MARKER))) {
                if (dev.firedrill.ClasspathRoots.rootOf(marker, MODULE_MARKER).toString().equals(location)) {
                    return true;
                }
            }
            return false;
        } catch (java.io.IOException | java.net.URISyntaxException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot tell where kind provider " + provider.getName() + " comes from: " + e, e);
        }
    }

    private static List<KindDescriptor<?>> declared(KindProvider provider) {
        List<KindDescriptor<?>> kinds;
        try {
            kinds = provider.kinds();
        } catch (RuntimeException e) {
            throw new IllegalStateException("kind provider " + provider.getClass().getName() + " failed to declare its kinds: " + e, e);
        }
        if (kinds == null || kinds.stream().anyMatch(java.util.Objects::isNull)) {
            throw new IllegalStateException("kind provider " + provider.getClass().getName() + " declared a null kind list or a null kind");
        }
        return List.copyOf(kinds);
    }
}
