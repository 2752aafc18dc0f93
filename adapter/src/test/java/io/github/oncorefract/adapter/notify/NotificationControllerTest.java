package io.github.oncorefract.adapter.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The endpoint reads at most its limit of a body: the endpoint is open to whoever reaches the adapter. */
class NotificationControllerTest {

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

  private final NotificationController controller = new NotificationController(
      new NotificationParser(FhirContext.forR4Cached()), null, FhirContext.forR4Cached());

  @Test
  void anOversizedBodyIsRefusedAfterReadingOnlyTheLimit() {
    Endless body = new Endless();
    assertThatThrownBy(() -> controller.notification(body)).isInstanceOf(NotificationController.TooLarge.class);
    assertThat(body.read.get()).isLessThanOrEqualTo(NotificationController.MAX_BODY_BYTES + 8192L);
    Endless restHook = new Endless();
    assertThatThrownBy(() -> controller.restHook(new org.springframework.mock.web.MockHttpServletRequest("PUT", "/"),
        "Condition", "c-1", restHook)).isInstanceOf(NotificationController.TooLarge.class);
  }
}
