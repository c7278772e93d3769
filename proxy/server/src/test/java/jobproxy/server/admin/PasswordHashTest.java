package jobproxy.server.admin;

import jobproxy.admin.auth.PasswordHash;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Pure logic: the hash format, and the decoy that unknown user names are checked against. */
class PasswordHashTest {

    @Test
    void aHashVerifiesItsPasswordOnly() {
        String hash = PasswordHash.hash("s3cret");
        assertThat(PasswordHash.verify("s3cret", hash)).isTrue();
        assertThat(PasswordHash.verify("s3cret ", hash)).isFalse();
    }

    @Test
    void aGeneratedPasswordsHashIsOneIterationOfTheSameFormAndVerifiesItOnly() {
        String password = PasswordHash.randomPassword();
        String hash = PasswordHash.hashRandom(password);
        assertThat(hash.split("\\$")).hasSize(4).satisfies(p -> assertThat(p[1]).isEqualTo("1"));
        assertThat(PasswordHash.verify(password, hash)).isTrue();
        assertThat(PasswordHash.verify(password.substring(1), hash)).isFalse();
        assertThat(PasswordHash.hashRandom(password)).as("salted").isNotEqualTo(hash);
    }

    @Test
    void theDecoyMatchesNoPasswordButCostsTheSameWorkAsARealHash() {
        String decoy = PasswordHash.decoy();
        assertThat(PasswordHash.verify("", decoy)).isFalse();
        assertThat(PasswordHash.verify(PasswordHash.randomPassword(), decoy)).isFalse();
        // same scheme and iteration count, so verifying an unknown user takes as long as a known one
        String[] real = PasswordHash.hash("x").split("\\$");
        String[] fake = decoy.split("\\$");
        assertThat(fake).hasSize(4);
        assertThat(fake[0]).isEqualTo(real[0]);
        assertThat(fake[1]).isEqualTo(real[1]);
        assertThat(fake[3]).hasSameSizeAs(real[3]);
        assertThat(PasswordHash.decoy()).isNotEqualTo(decoy);
    }
}
