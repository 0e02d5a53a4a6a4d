package org.huntboard.web.secret;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.huntboard.web.api.HuntboardException;
import org.huntboard.web.config.HuntboardConfig;

/**
 * Encrypts secrets at rest with AES-256-GCM under keys from configuration.
 *
 * <p>A ciphertext reads {@code v1:<key id>:<Base64 of 12-byte nonce + ciphertext + tag>}. New
 * secrets use the current key; any configured key decrypts, so keys rotate without downtime: add
 * the new key, make it current, re-encrypt, then drop the old one. The associated data binds each
 * ciphertext to the object it belongs to, so a ciphertext copied onto another tenant fails to
 * decrypt.
 */
@ApplicationScoped
public class SecretCipher {

  private static final String FORMAT = "v1";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final Map<String, SecretKey> keys;
  private final Optional<String> currentKey;
  private final SecureRandom random = new SecureRandom();

  @Inject
  SecretCipher(HuntboardConfig config) {
    this(config.secrets().keys(), config.secrets().currentKey());
  }

  /** A cipher over the given Base64 keys by id; used directly by tests of rotation. */
  public SecretCipher(Map<String, String> base64Keys, Optional<String> currentKey) {
    Map<String, SecretKey> parsed = new LinkedHashMap<>();
    base64Keys.forEach((id, value) -> parsed.put(id, key(id, value)));
    this.keys = Map.copyOf(parsed);
    this.currentKey = currentKey.filter(id -> !id.isBlank());
    this.currentKey.ifPresent(
        id -> {
          if (!keys.containsKey(id)) {
            throw new IllegalStateException(
                "huntboard.secrets.current-key names key '"
                    + id
                    + "', which is not among huntboard.secrets.keys");
          }
        });
  }

  /** Encrypts with the current key; {@code context} names the owner, e.g. the tenant id. */
  public String encrypt(String plaintext, String context) {
    String keyId =
        currentKey.orElseThrow(
            () ->
                new HuntboardException.NotConfigured(
                    "No encryption key is configured (huntboard.secrets.current-key), so Huntboard"
                        + " cannot store secrets"));
    try {
      byte[] nonce = new byte[NONCE_BYTES];
      random.nextBytes(nonce);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, keys.get(keyId), new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(aad(keyId, context));
      byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      byte[] out = new byte[nonce.length + sealed.length];
      System.arraycopy(nonce, 0, out, 0, nonce.length);
      System.arraycopy(sealed, 0, out, nonce.length, sealed.length);
      return FORMAT + ":" + keyId + ":" + Base64.getEncoder().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed", e);
    }
  }

  /** Decrypts with whichever configured key the ciphertext names. */
  public String decrypt(String ciphertext, String context) {
    String[] parts = ciphertext.split(":", 3);
    if (parts.length != 3 || !parts[0].equals(FORMAT)) {
      throw new IllegalArgumentException("not a Huntboard ciphertext");
    }
    SecretKey key = keys.get(parts[1]);
    if (key == null) {
      throw new HuntboardException.NotConfigured(
          "A secret is encrypted with key '"
              + parts[1]
              + "', which is no longer configured in huntboard.secrets.keys");
    }
    try {
      byte[] in = Base64.getDecoder().decode(parts[2]);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
      cipher.updateAAD(aad(parts[1], context));
      byte[] plain = cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES);
      return new String(plain, StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "A secret failed its integrity check: it was altered or belongs to another object", e);
    }
  }

  /** The id of the key a ciphertext was made with. */
  public static String keyIdOf(String ciphertext) {
    String[] parts = ciphertext.split(":", 3);
    return parts.length == 3 ? parts[1] : "";
  }

  /** Whether a ciphertext was made with another key than the current one. */
  public boolean needsReencryption(String ciphertext) {
    return currentKey.isPresent() && !currentKey.get().equals(keyIdOf(ciphertext));
  }

  private static byte[] aad(String keyId, String context) {
    return (FORMAT + ":" + keyId + ":" + context).getBytes(StandardCharsets.UTF_8);
  }

  private static SecretKey key(String id, String base64) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(base64.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("huntboard.secrets.keys." + id + " is not Base64", e);
    }
    if (bytes.length != 32) {
      throw new IllegalStateException(
          "huntboard.secrets.keys." + id + " must be 32 bytes (AES-256), not " + bytes.length);
    }
    if (id.contains(":")) {
      throw new IllegalStateException("a key id may not contain ':' (" + id + ")");
    }
    return new SecretKeySpec(bytes, "AES");
  }
}
