package io.github.oncorefract.adapter.cds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.oncorefract.adapter.config.CdsProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The service endpoints' body handling: nothing is read before the token is accepted, and the read is bounded. */
class CdsHooksControllerTest {

  /** An endless body that counts what was read from it. */
  static final class Endless extends InputStream {
    final AtomicLong read = new AtomicLong();

    @Override
    public int read() {
      read.incrementAndGet();
      return ' ';
    }

    @Override
    public int read(byte[] b, int off, int len) {
      java.util.Arrays.fill(b, off, off + len, (byte) ' ');
      read.addAndGet(len);
      return len;
    }
  }

  private static CdsHooksController controller(boolean verifyJwt) {
    CdsProperties settings = new CdsProperties(verifyJwt, List.of(new CdsProperties.TrustedIssuer(
        "https://ehr.example", "classpath:cds/test-ehr-jwks.json")), Duration.ofSeconds(30), 1000,
        Duration.ofMinutes(5), List.of(), URI.create("https://adapter.example"));
    CdsJwtVerifier verifier = verifyJwt ? new CdsJwtVerifier(settings, Clock.systemUTC()) : null;
    CdsHooksService service = new CdsHooksService(verifier, null, null, null, null,
        new CdsMetrics(new SimpleMeterRegistry()));
    return new CdsHooksController(service, new ObjectMapper(), settings);
  }

  @Test
  void anUnauthenticatedCallIsRefusedWithoutReadingItsBody() {
    Endless body = new Endless();
    assertThatThrownBy(() -> controller(true).call(CdsServiceCatalogue.PATIENT_VIEW, null, body))
        .isInstanceOf(CdsJwtVerifier.Rejected.class);
    assertThatThrownBy(() -> controller(true).feedback(CdsServiceCatalogue.PATIENT_VIEW, "Bearer x.y.z", body))
        .isInstanceOf(CdsJwtVerifier.Rejected.class);
    assertThat(body.read.get()).as("bytes read of an unauthenticated body").isZero();
  }

  @Test
  void anOversizedBodyIsA413AndReadOnlyUpToTheLimit() {
    Endless body = new Endless();
    assertThatThrownBy(() -> controller(false).call(CdsServiceCatalogue.PATIENT_VIEW, null, body))
        .isInstanceOf(CdsHooksController.TooLarge.class);
    assertThat(body.read.get()).isLessThanOrEqualTo(CdsHooksController.MAX_BODY_BYTES + 8192L);
  }
}
