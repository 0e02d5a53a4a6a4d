package org.huntboard.connectors.credential;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Which server certificates the connectors accept: the JDK's trusted roots, plus the certificates
 * of an extra CA file (PEM or DER) when one is given — a corporate TLS-inspecting proxy, or the
 * self-signed certificate of a fake server in tests. Host names are still verified.
 *
 * @param extraCaFile the extra certificates, or null
 */
public record TlsTrust(Path extraCaFile) {

  /** The JDK's roots only. */
  public static TlsTrust jdkDefaults() {
    return new TlsTrust(null);
  }

  public Optional<Path> extraCaFileIfSet() {
    return Optional.ofNullable(extraCaFile);
  }

  /**
   * A trust manager that accepts a chain the JDK accepts or one that the extra certificates
   * validate.
   *
   * @throws IllegalArgumentException when the CA file cannot be read or holds no certificate
   */
  public X509TrustManager trustManager() {
    try {
      X509TrustManager jdk = managerFor(null);
      if (extraCaFile == null) {
        return jdk;
      }
      KeyStore extra = KeyStore.getInstance(KeyStore.getDefaultType());
      extra.load(null, null);
      int i = 0;
      for (Certificate c : readCertificates(extraCaFile)) {
        extra.setCertificateEntry("extra-" + i++, c);
      }
      return new EitherTrustManager(jdk, managerFor(extra));
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException(
          "cannot use the CA file " + extraCaFile + ": " + e.getMessage(), e);
    }
  }

  /** A TLS context with {@link #trustManager()}. */
  public SSLContext sslContext() {
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new TrustManager[] {trustManager()}, null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no TLS context: " + e.getMessage(), e);
    }
  }

  private static X509TrustManager managerFor(KeyStore store) throws GeneralSecurityException {
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(store);
    for (TrustManager tm : tmf.getTrustManagers()) {
      if (tm instanceof X509TrustManager x) {
        return x;
      }
    }
    throw new GeneralSecurityException("no X.509 trust manager");
  }

  private static Collection<? extends Certificate> readCertificates(Path file)
      throws IOException, CertificateException {
    try (InputStream in = Files.newInputStream(file)) {
      Collection<? extends Certificate> certs =
          CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (certs.isEmpty()) {
        throw new CertificateException("no certificate in the file");
      }
      return certs;
    }
  }

  /** Accepts what either of two trust managers accepts. */
  private record EitherTrustManager(X509TrustManager first, X509TrustManager second)
      implements X509TrustManager {

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      try {
        first.checkClientTrusted(chain, authType);
      } catch (CertificateException e) {
        second.checkClientTrusted(chain, authType);
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      try {
        first.checkServerTrusted(chain, authType);
      } catch (CertificateException e) {
        second.checkServerTrusted(chain, authType);
      }
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      List<X509Certificate> all = new ArrayList<>(List.of(first.getAcceptedIssuers()));
      all.addAll(List.of(second.getAcceptedIssuers()));
      return all.toArray(new X509Certificate[0]);
    }
  }
}
