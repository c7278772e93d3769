package jobproxy.performer;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PerformerTypesTest {
    record Mail(String to) {
    }

    static class Direct extends Performer<Mail, String> {
        @Override
        public String perform(Mail payload, JobContext ctx) {
            return payload.to();
        }
    }

    abstract static class Base<T> extends Performer<T, Integer> {
    }

    @JobName("Indirect.v2")
    static class Indirect extends Base<List<String>> {
        @Override
        public Integer perform(List<String> payload, JobContext ctx) {
            return payload.size();
        }
    }

    @SuppressWarnings("rawtypes")
    static class Raw extends Performer {
        @Override
        public Object perform(Object payload, JobContext ctx) {
            return payload;
        }
    }

    @Test
    void payloadAndResultTypesComeFromTheGenericParameters() {
        Direct d = new Direct();
        assertThat(d.payloadType()).isEqualTo(Mail.class);
        assertThat(d.resultType()).isEqualTo(String.class);
        assertThat(d.name()).isEqualTo("Direct");
    }

    @Test
    void typesResolveThroughIntermediateClassesAndNamesComeFromTheAnnotation() {
        Indirect i = new Indirect();
        assertThat(i.payloadType().getTypeName()).isEqualTo("java.util.List<java.lang.String>");
        assertThat(i.resultType()).isEqualTo(Integer.class);
        assertThat(i.name()).isEqualTo("Indirect.v2");
    }

    @Test
    void rawPerformerTakesAnything() {
        assertThat(new Raw().payloadType()).isEqualTo(Object.class);
    }

    @Test
    void defaultsAreDesignDefaultsAndNonRetryableIsHonoured() {
        JobDefaults d = JobDefaults.standard();
        assertThat(d.maxAttempts()).isEqualTo(3);
        assertThat(d.timeout()).isEmpty();
        assertThat(d.isRetryable(new RuntimeException())).isTrue();
        assertThat(d.isRetryable(new NonRetryableException("no"))).isFalse();
        JobDefaults strict = d.nonRetryable(IllegalArgumentException.class);
        assertThat(strict.isRetryable(new NumberFormatException())).isFalse(); // subtypes too
        assertThat(Map.of("k", strict.maxAttempts())).containsEntry("k", 3);
    }
}
