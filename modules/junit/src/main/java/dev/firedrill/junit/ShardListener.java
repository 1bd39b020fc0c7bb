package dev.firedrill.junit;

import org.junit.jupiter.api.TestFactory;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Reads the whole test plan before anything runs, when the run is sharded ({@code firedrill.shard}): the Java drills
 * it holds, counted per JUnit class (a class is one shard unit), and which drill-file factories it holds, so that every
 * JVM of every shard plans the same units ({@link ShardPlanning}). Registered for the JUnit Platform launcher in
 * {@code META-INF/services/org.junit.platform.launcher.TestExecutionListener}; does nothing when the run is not sharded.
 */
public final class ShardListener implements TestExecutionListener {

    @Override
    public void testPlanExecutionStarted(TestPlan plan) {
        if (System.getProperty(dev.firedrill.report.Shard.PROPERTY, "").isBlank()) {
            return;
        }
        Selection selection = Selection.fromSystemProperties();
        Map<String, Integer> javaUnits = new TreeMap<>();
        Set<String> factoryTags = new TreeSet<>();
        Deque<TestIdentifier> todo = new ArrayDeque<>(plan.getRoots());
        while (!todo.isEmpty()) {
            TestIdentifier id = todo.pop();
            todo.addAll(plan.getChildren(id));
            if (!(id.getSource().orElse(null) instanceof MethodSource source)) {
                continue;
            }
            Class<?> testClass;
            Method method;
            try {
                testClass = source.getJavaClass();
                method = source.getJavaMethod();
            } catch (RuntimeException e) {
                continue;   // not loadable here: not a drill this JVM runs
            }
            if (AnnotationSupport.findAnnotation(testClass, Drills.class).isEmpty()) {
                continue;
            }
            Set<String> tags = id.getTags().stream().map(TestTag::getName).collect(Collectors.toCollection(TreeSet::new));
            if (AnnotationSupport.isAnnotated(method, TestFactory.class)) {
                if (Arrays.asList(method.getParameterTypes()).contains(DrillFileSuite.class)) {
                    factoryTags.addAll(tags);
                    factoryTags.add(ShardPlanning.ANY_FACTORY);
                }
                continue;
            }
            if (!id.isTest() || !ShardPlanning.javaDrillSelected(selection, tags,
                    AnnotationSupport.isAnnotated(method, WrittenAsFile.class) || AnnotationSupport.isAnnotated(testClass, WrittenAsFile.class))) {
                continue;
            }
            javaUnits.merge(testClass.getName(), 1, Integer::sum);
        }
        ShardPlanning.planStarted(javaUnits, factoryTags);
        if (ShardPlanning.planOnly()) {
            var shard = ShardPlanning.shard();
            if (shard.isPresent()) {
                var shards = ShardPlanning.plan(shard.get());
                dev.firedrill.report.RunFolder.writeAtomically(RunSession.projectDir().resolve(ShardPlanning.PLAN_ONLY_FILE),
                        "Shard plan of suite '" + selection.suite() + "' (" + shards.placements().size() + " units, history "
                                + RunSession.projectDir().relativize(ShardPlanning.historyFile()) + "):\n" + shards.describe());
            }
        }
    }
}
