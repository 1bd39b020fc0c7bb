package dev.firedrill.report;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Reporters a module on the classpath adds to every run, found with {@link ServiceLoader}: the Allure module
 * ({@code firedrill-allure}) provides its results and its single-file HTML report this way, so a project without it
 * gets the evidence bundle, the summary and the run history only. Register an implementation in
 * {@code META-INF/services/dev.firedrill.report.ReporterProvider} (or with {@code @AutoService(ReporterProvider.class)}).
 */
public interface ReporterProvider {

    /**
     * The reporters this provider adds, in the order they run.
     *
     * @param secrets the values every reporter masks; the set grows as stacks start, so keep the reference
     */
    List<Reporter> reporters(Collection<String> secrets);

    /** Where its reporters run among other providers': lower first (the default is 0). */
    default int order() {
        return 0;
    }

    /** The providers on the class path of {@code loader}, by {@link #order()}, then class name. */
    static List<ReporterProvider> onClasspath(ClassLoader loader) {
        return ServiceLoader.load(ReporterProvider.class, loader).stream()
                .map(ServiceLoader.Provider::get)
                .sorted(Comparator.comparingInt(ReporterProvider::order).thenComparing(p -> p.getClass().getName()))
                .toList();
    }
}
