package org.huntboard.web.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.huntboard.web.api.HuntboardException;
import org.junit.jupiter.api.Test;

class SecretCipherTest {

  private static final String KEY_1 = Base64.getEncoder().encodeToString(new byte[32]);
  private static final String KEY_2 =
      Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());

  @Test
  void decryptsWhatItEncryptedAndHidesThePlaintext() {
    SecretCipher cipher = new SecretCipher(Map.of("k1", KEY_1), Optional.of("k1"));
    String sealed = cipher.encrypt("client-secret-value", "tenant:a");
    assertThat(sealed).startsWith("v1:k1:").doesNotContain("client-secret-value");
    assertThat(cipher.decrypt(sealed, "tenant:a")).isEqualTo("client-secret-value");
    assertThat(cipher.encrypt("client-secret-value", "tenant:a")).isNotEqualTo(sealed);
  }

  @Test
  void rejectsCiphertextMovedToAnotherObject() {
    SecretCipher cipher = new SecretCipher(Map.of("k1", KEY_1), Optional.of("k1"));
    String sealed = cipher.encrypt("secret", "tenant:a");
    assertThatThrownBy(() -> cipher.decrypt(sealed, "tenant:b"))
        .hasMessageContaining("integrity check");
  }

  @Test
  void rejectsAlteredCiphertext() {
    SecretCipher cipher = new SecretCipher(Map.of("k1", KEY_1), Optional.of("k1"));
    String sealed = cipher.encrypt("secret", "tenant:a");
    String prefix = sealed.substring(0, sealed.lastIndexOf(':') + 1);
    byte[] bytes = Base64.getDecoder().decode(sealed.substring(prefix.length()));
    bytes[bytes.length - 20] ^= 0x01;
    String altered = prefix + Base64.getEncoder().encodeToString(bytes);
    assertThatThrownBy(() -> cipher.decrypt(altered, "tenant:a"))
        .hasMessageContaining("integrity check");
  }

  @Test
  void rotatesKeysWithoutLosingOldSecrets() {
    SecretCipher before = new SecretCipher(Map.of("k1", KEY_1), Optional.of("k1"));
    String old = before.encrypt("secret", "tenant:a");

    SecretCipher after = new SecretCipher(Map.of("k1", KEY_1, "k2", KEY_2), Optional.of("k2"));
    assertThat(after.decrypt(old, "tenant:a")).isEqualTo("secret");
    assertThat(after.needsReencryption(old)).isTrue();
    String renewed = after.encrypt(after.decrypt(old, "tenant:a"), "tenant:a");
    assertThat(SecretCipher.keyIdOf(renewed)).isEqualTo("k2");
    assertThat(after.needsReencryption(renewed)).isFalse();

    SecretCipher retired = new SecretCipher(Map.of("k2", KEY_2), Optional.of("k2"));
    assertThat(retired.decrypt(renewed, "tenant:a")).isEqualTo("secret");
    assertThatThrownBy(() -> retired.decrypt(old, "tenant:a"))
        .isInstanceOf(HuntboardException.NotConfigured.class)
        .hasMessageContaining("'k1'");
  }

  @Test
  void refusesToEncryptWithoutACurrentKey() {
    SecretCipher cipher = new SecretCipher(Map.of(), Optional.empty());
    assertThatThrownBy(() -> cipher.encrypt("secret", "tenant:a"))
        .isInstanceOf(HuntboardException.NotConfigured.class);
  }

  @Test
  void refusesKeysOfTheWrongLength() {
    String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
    assertThatThrownBy(() -> new SecretCipher(Map.of("k1", shortKey), Optional.of("k1")))
        .hasMessageContaining("must be 32 bytes");
    assertThatThrownBy(() -> new SecretCipher(Map.of("k1", KEY_1), Optional.of("k9")))
        .hasMessageContaining("'k9'");
  }
}
