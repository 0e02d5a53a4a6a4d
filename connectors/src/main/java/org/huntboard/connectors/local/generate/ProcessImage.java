package org.huntboard.connectors.local.generate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * An executable as Defender reports it: file name, folder, PE version information, hashes (derived
 * from name and version so they are stable), size and the certificate that signs it ({@code signer}
 * empty for an unsigned file).
 */
record ProcessImage(
    String fileName,
    String folder,
    String company,
    String product,
    String version,
    String description,
    String originalName,
    long size,
    String signer,
    String issuer,
    String sha1,
    String sha256,
    String md5) {

  static ProcessImage of(
      String fileName,
      String folder,
      String company,
      String product,
      String version,
      String description,
      String originalName,
      String signer,
      String issuer) {
    String key = folder + "\\" + fileName + "|" + version + "|" + company;
    byte[] sha256 = digest("SHA-256", key);
    byte[] sha1 = digest("SHA-1", key);
    byte[] md5 = digest("MD5", key);
    long size =
        40_000 + ((sha256[0] & 0xffL) << 14 | (sha256[1] & 0xffL) << 6 | (sha256[2] & 0x3f));
    HexFormat hex = HexFormat.of();
    return new ProcessImage(
        fileName,
        folder,
        company,
        product,
        version,
        description,
        originalName,
        size,
        signer,
        issuer,
        hex.formatHex(sha1),
        hex.formatHex(sha256),
        hex.formatHex(md5));
  }

  /** The PE internal name: the original file name without its extension. */
  String internalName() {
    int dot = originalName.lastIndexOf('.');
    return dot < 0 ? originalName : originalName.substring(0, dot);
  }

  /** The full path, as in {@code InitiatingProcessFolderPath}. */
  String path() {
    return folder + "\\" + fileName;
  }

  /** The same binary copied to another folder (same hashes: the file is the same). */
  ProcessImage in(String otherFolder) {
    return new ProcessImage(
        fileName,
        otherFolder,
        company,
        product,
        version,
        description,
        originalName,
        size,
        signer,
        issuer,
        sha1,
        sha256,
        md5);
  }

  private static byte[] digest(String algorithm, String text) {
    try {
      return MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is part of every Java runtime", e);
    }
  }
}
