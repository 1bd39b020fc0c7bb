package dev.firedrill.spec;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** One kind of entry a drill file can name (a fault, a procedure, a probe, an objective): its fields and how it becomes the DSL's value. */
record Kind<T>(String name, String summary, List<Param> params, Function<Args, T> factory) {

    Kind {
        params = List.copyOf(params);
    }

    /** Read field values, by name. */
    record Args(Map<String, Object> values) {
        String text(String name) {
            return (String) values.get(name);
        }

        int integer(String name) {
            return (Integer) values.get(name);
        }

        double number(String name) {
            return ((Number) values.get(name)).doubleValue();
        }

        Duration duration(String name) {
            return (Duration) values.get(name);
        }

        @SuppressWarnings("unchecked")
        List<String> texts(String name) {
            return (List<String>) values.get(name);
        }

        boolean has(String name) {
            return values.get(name) != null;
        }
    }
}
