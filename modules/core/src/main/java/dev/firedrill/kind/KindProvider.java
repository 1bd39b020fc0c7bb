package dev.firedrill.kind;

import java.util.List;

/**
 * A source of kinds, found through {@link java.util.ServiceLoader}: a public class with a public no-argument
 * constructor, listed in {@code META-INF/services/dev.firedrill.kind.KindProvider}. With Google AutoService the
 * annotation writes that file:
 *
 * <pre>{@code
 * @AutoService(KindProvider.class)
 * public final class MyKinds implements KindProvider {
 *     public List<KindDescriptor<?>> kinds() {
 *         return List.of(KindDescriptor.fault("revoke-insert", "...").target().build(a -> new RevokeInsertFault(...)));
 *     }
 * }
 * }</pre>
 *
 * A kind's name must be unique within its category across every provider on the classpath ({@link Kinds} says
 * which two providers clash).
 */
public interface KindProvider {

    /** The kinds it declares, in the order the reference lists them. */
    List<KindDescriptor<?>> kinds();

    /**
     * Where its kinds come in listings (the reference, the schema, "valid kinds" in messages) among the providers of
     * the same origin: lower first, then in the order they were found. Firedrill's tables of its first kinds say
     * {@link #FIRST}, so a kind added later in a class of its own comes after them; a user's kinds always come after
     * Firedrill's.
     */
    default int order() {
        return 0;
    }

    /** The order of the providers listed before the others. */
    int FIRST = -100;
}
