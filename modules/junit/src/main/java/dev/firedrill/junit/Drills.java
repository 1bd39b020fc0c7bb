package dev.firedrill.junit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class of drills: the class gets one stack (started before its first drill, removed after
 * its last), test methods receive it and a {@link dev.firedrill.DrillRunner} as parameters, and every
 * result is reported (Allure, the run's evidence bundle, the console summary).
 *
 * <pre>{@code
 * @Drills
 * @Smoke @Regression
 * class ApiServiceDownDrill {
 *     @Test
 *     void recoversWithinRto(DrillRunner runner, Stack stack) {
 *         assertThat(runner.run(D01, stack)).metAllObjectives().verify();
 *     }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Tag("drill")
@ExtendWith(DrillExtension.class)
public @interface Drills {

    /**
     * The Compose file of the stack, relative to the project directory; or several, merged in order (later files add
     * services), e.g. {@code {"docker-compose.drill.yml", "docker-compose.monitoring.yml"}}.
     */
    String[] compose() default "docker-compose.drill.yml";

    /** Only these services (and what they depend on); empty = every service of the file. */
    String[] services() default {};
}
