package dev.firedrill.junit;

import org.junit.jupiter.api.Tag;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a Java drill whose drill file is the canonical form of the same drill (docs/suites.md): the file is
 * the suite member, and the Java drill is kept as an example of the Java DSL. The annotation tags the method
 * {@code example}, which is in no suite: {@code ./drill run example} runs these, {@code ./drill run <suite>}
 * and {@code ./drill test} do not. The method must carry no suite tag, nor its class (DrillFilesTest checks);
 * its "can fail" variants carry the suite tags themselves and run in the suites.
 *
 * <p>Example: {@code @Test @WrittenAsFile("drills/D13-bad-release-rollback.yml") void d13(...)}
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Tag("example")
public @interface WrittenAsFile {

    /** The drill file, relative to the project directory. */
    String value();
}
