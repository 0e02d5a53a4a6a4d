package org.huntboard.web.portal;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The CSRF token that the portal's forms carry back, when the application protects forms against
 * cross-site request forgery; null while it does not.
 */
@ApplicationScoped
public class CsrfTokens {

  /** The current request's token, or null. */
  public String token() {
    return null;
  }
}
