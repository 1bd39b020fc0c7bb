package dev.firedrill.junit;

import dev.firedrill.Drill;
import dev.firedrill.DrillRunner;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.stack.Stack;
import dev.firedrill.stack.StackDefinition;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The JUnit 5 side of {@link Drills}: selects drills by suite, starts the class's stack, injects it and
 * a reporting {@link DrillRunner}, resets the fault proxy after each drill, and ends the run's reporting
 * when JUnit is done. All state lives in one private store namespace.
 */
public final class DrillExtension implements ExecutionCondition, BeforeAllCallback, AfterEachCallback, ParameterResolver {

    private static final Logger LOG = Logger.getLogger(DrillExtension.class.getName());
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(DrillExtension.class);

    /**
     * Selected suite: {@code firedrill.suite} (set by {@code ./drill run <suite>}); empty or "all" selects every drill. Any
     * tag is a suite: a drill runs in suite S when it (or its class) is tagged S; the drill files of a suite outside the
     * catalogue run in the factory tagged {@value DrillFileSuite#OPEN_SUITES}. Every drill enabled is counted: a selection
     * that found none fails the run when it ends ({@link Selection}).
     */
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (ShardPlanning.planOnly() && ShardPlanning.shard().isPresent()) {
            return ConditionEvaluationResult.disabled("the shards were only planned (" + ShardPlanning.PLAN_ONLY_FILE + "), nothing runs");
        }
        Selection selection = selection(context);
        String suite = selection.suite();
        var file = context.getElement().flatMap(e -> AnnotationSupport.findAnnotation(e, WrittenAsFile.class));
        if (file.isPresent() && selection.bySuite() && !suite.equals("example")) {
            // Guard: the file is the suite member; a Java twin under a suite tag would run the drill twice.
            return ConditionEvaluationResult.disabled(file.get().value() + " is this drill's canonical form and runs it in suite " + suite);
        }
        if (!selection.bySuite()) {
            return counted(context, selection, inShard(context, ConditionEvaluationResult.enabled("no suite selected")));
        }
        Set<String> tags = context.getTags();
        if (context.getTestMethod().isEmpty()) {
            boolean suiteTags = tags.stream().anyMatch(t -> !Drill.RESERVED_TAGS.contains(t));
            return inShard(context, tags.contains(suite) || !suiteTags
                    ? ConditionEvaluationResult.enabled(tags.contains(suite) ? "in suite " + suite : "suite tags on the methods decide")
                    : ConditionEvaluationResult.disabled("not in suite '" + suite + "' (tags " + tags + ")"));
        }
        if (tags.contains(suite)) {
            return counted(context, selection, inShard(context, ConditionEvaluationResult.enabled("in suite " + suite)));
        }
        if (tags.contains(DrillFileSuite.OPEN_SUITES) && !selection.catalogueSuite() && !suite.equals("example")) {
            return ConditionEvaluationResult.enabled("the drill files of suite " + suite);
        }
        return ConditionEvaluationResult.disabled("not in suite '" + suite + "' (tags " + tags + ")");
    }

    /**
     * {@code result} for a drill method in a run that is not sharded; in a sharded one ({@code firedrill.shard}) disabled
     * unless its class (the unit of Java drills) falls to this shard. A factory of drill files stays enabled: it picks the
     * files of this shard itself. Opens the run's session, so that a shard that drills nothing still leaves its bundle.
     */
    private static ConditionEvaluationResult inShard(ExtensionContext context, ConditionEvaluationResult result) {
        var shard = ShardPlanning.shard();
        if (shard.isEmpty() || result.isDisabled()) {
            return result;
        }
        session(context);
        if (context.getTestMethod().filter(m -> AnnotationSupport.isAnnotated(m, TestFactory.class)).isPresent()) {
            return result;
        }
        String unit = dev.firedrill.report.ShardPlan.classUnit(context.getRequiredTestClass().getName());
        var plan = ShardPlanning.plan(shard.get());
        if (context.getTestMethod().isEmpty()) {
            // A class of another shard stands aside whole (its @BeforeAll would start a stack), unless it has a factory of
            // drill files, which picks the files of this shard itself; a class the plan does not know has no drill selected.
            boolean factories = AnnotationSupport.findAnnotatedMethods(context.getRequiredTestClass(), TestFactory.class,
                    org.junit.platform.commons.support.HierarchyTraversalMode.TOP_DOWN).stream()
                    .anyMatch(m -> java.util.Arrays.asList(m.getParameterTypes()).contains(DrillFileSuite.class));
            return plan.knows(unit) && !plan.runs(shard.get(), unit) && !factories
                    ? ConditionEvaluationResult.disabled("not in shard " + shard.get() + ": " + unit + " runs in another shard")
                    : result;
        }
        if (plan.runs(shard.get(), unit)) {
            return ConditionEvaluationResult.enabled(result.getReason().orElse("") + ", shard " + shard.get());
        }
        return ConditionEvaluationResult.disabled("not in shard " + shard.get() + ": " + unit + " runs in another shard");
    }

    /** {@code result}, a drill counted when it enables a drill method (a factory's drill files are counted as it chooses them). */
    private static ConditionEvaluationResult counted(ExtensionContext context, Selection selection, ConditionEvaluationResult result) {
        boolean drill = context.getTestMethod().filter(m -> !AnnotationSupport.isAnnotated(m, TestFactory.class)).isPresent();
        if (drill && !result.isDisabled()) {
            selection.found(1);
        }
        return result;
    }

    /** The run's selection, kept in the root store: it fails the run when it ends having found no drill. */
    static Selection selection(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Selection.class, key -> Selection.fromSystemProperties(),
                Selection.class);
    }

    /** Opens the run's reporting session; the stack starts when a drill first asks for it. */
    @Override
    public void beforeAll(ExtensionContext context) {
        session(context);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        ClassStack classStack = context.getStore(NAMESPACE).get(ClassStack.class, ClassStack.class);
        if (classStack != null) {
            classStack.resetProxy();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Stack.class || type == SystemUnderTest.class || type == DrillRunner.class || type == DrillFileSuite.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (type == DrillFileSuite.class) {
            return new DrillFileSuite(session(context), context);   // drill files start stacks of their own
        }
        Stack stack = stack(context);
        return type == DrillRunner.class
                ? session(context).runner(stack, dev.firedrill.report.ShardPlan.classUnit(context.getRequiredTestClass().getName()))
                : stack;
    }

    private static RunSession session(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(RunSession.class, key -> RunSession.open(), RunSession.class);
    }

    private static Stack stack(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        ExtensionContext classContext = context.getTestMethod().isPresent() ? context.getParent().orElseThrow() : context;
        return classContext.getStore(NAMESPACE).getOrComputeIfAbsent(ClassStack.class, key -> {
            Drills drills = AnnotationSupport.findAnnotation(testClass, Drills.class).orElseThrow(
                    () -> new ExtensionConfigurationException(testClass.getName() + " uses DrillExtension without @Drills:"
                            + " annotate the class with @Drills (it names the stack's compose file) instead of @ExtendWith(DrillExtension.class)"));
            StackDefinition definition = definition(testClass, drills);
            return new ClassStack(Stack.start(definition, session(context).id() + "-" + Integer.toHexString(testClass.getName().hashCode())));
        }, ClassStack.class).stack();
    }

    /** The stack {@code @Drills} names: a missing compose file or an unknown service is the class's misuse, said as such. */
    private static StackDefinition definition(Class<?> testClass, Drills drills) {
        List<Path> files = new ArrayList<>();
        for (String name : drills.compose()) {
            Path compose = RunSession.projectDir().resolve(name);
            if (!Files.isRegularFile(compose)) {
                throw new ExtensionConfigurationException("@Drills(compose = \"" + name + "\") on " + testClass.getName()
                        + ": no such file (" + compose + "); name a compose file relative to the project directory, such as"
                        + " \"docker-compose.drill.yml\"");
            }
            files.add(compose);
        }
        StackDefinition definition;
        try {
            definition = StackDefinition.load(files);
            return drills.services().length == 0 ? definition : definition.only(drills.services());
        } catch (RuntimeException e) {
            throw new ExtensionConfigurationException("@Drills(compose = " + java.util.Arrays.toString(drills.compose()) + ", services = "
                    + java.util.Arrays.toString(drills.services()) + ") on " + testClass.getName() + ": " + e.getMessage(), e);
        }
    }

    /** The class's stack, removed when the class's store closes. */
    private record ClassStack(Stack stack) implements AutoCloseable {

        /** Between drills: every proxy enabled again, every toxic removed. */
        void resetProxy() {
            stack.definition().proxy().ifPresent(proxy -> {
                try {
                    var api = stack.directEndpoint(proxy.service(), 8474);
                    new ToxiproxyClient(api.host(), api.port()).reset();
                } catch (IOException | RuntimeException e) {
                    LOG.log(Level.WARNING, "Could not reset the fault proxy of stack " + stack.runId() + ": " + e.getMessage(), e);
                }
            });
        }

        @Override
        public void close() {
            KeptStacks.closeOrKeep(stack, RunSession.projectDir());
        }
    }
}
