package io.github.oncorefract.adapter.auth;

import ca.uhn.fhir.rest.client.api.IClientInterceptor;
import ca.uhn.fhir.rest.client.api.IHttpRequest;
import ca.uhn.fhir.rest.client.api.IHttpResponse;
import java.util.Objects;

/**
 * HAPI client interceptor that sends {@code Authorization: Bearer <token>} from a {@link SmartBackendTokenSource} on
 * every request and drops the cached token when the server answers 401, so the next request obtains a new one (the
 * patient whose request failed stays pending and is assessed again in the next pass). Never logs the token.
 */
public final class SmartBackendAuthInterceptor implements IClientInterceptor {

  private final SmartBackendTokenSource tokens;

  /** @param tokens where tokens come from */
  public SmartBackendAuthInterceptor(SmartBackendTokenSource tokens) {
    this.tokens = Objects.requireNonNull(tokens, "tokens");
  }

  @Override
  public void interceptRequest(IHttpRequest request) {
    request.removeHeaders("Authorization");
    request.addHeader("Authorization", "Bearer " + tokens.accessToken());
  }

  @Override
  public void interceptResponse(IHttpResponse response) {
    if (response.getStatus() == 401) {
      tokens.invalidate();
    }
  }
}
