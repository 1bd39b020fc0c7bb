package dev.firedrill.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a Java drill whose drill file (the canonical form, contracts.md §5) runs the same drill: when drill
 * files run ({@code firedrill.files=true}), the Java one is not run, so that no drill runs twice in a suite.
 * Its "can fail" variants, which have no file, are not marked and still run.
 *
 * <p>Example: {@code @Test @WrittenAsFile("drills/D13-bad-release-rollback.yml") void d13(...)}
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
public @interface WrittenAsFile {

    /** The drill file, relative to the project directory. */
    String value();
}
