package jobproxy.server.enqueue;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TextRulesTest {
    @Test
    void acceptsPairedSurrogatesAndRefusesLoneOnes() {
        assertThat(EnqueueValidator.text("f", "emoji \uD83D\uDE00 ok", 100)).isNotNull();
        assertThatThrownBy(() -> EnqueueValidator.text("f", "bad \uD83D end", 100)).hasMessageStartingWith("f: ")
                .hasMessageContaining("unpaired surrogate");
        assertThatThrownBy(() -> EnqueueValidator.text("f", "\uDE00", 100)).hasMessageContaining("unpaired");
    }

    @Test
    void refusesNulAndOverlongText() {
        assertThatThrownBy(() -> EnqueueValidator.text("tag", "a\u0000", 10)).hasMessage("tag: must not contain NUL characters");
        assertThatThrownBy(() -> EnqueueValidator.text("tag", "abcdef", 5)).hasMessage("tag: must be at most 5 characters");
    }

    @Test
    void jobNamesAreIdentifiers() {
        assertThat(EnqueueValidator.NAME.matcher("SendWelcomeEmail").matches()).isTrue();
        assertThat(EnqueueValidator.NAME.matcher("billing.Invoice-v2").matches()).isTrue();
        assertThat(EnqueueValidator.NAME.matcher("a#b").matches()).isFalse(); // '#' is an Artemis wildcard
        assertThat(EnqueueValidator.NAME.matcher("a*").matches()).isFalse();
        assertThat(EnqueueValidator.NAME.matcher(".hidden").matches()).isFalse();
    }
}
