package io.github.oncorefract.adapter.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.oncorefract.domain.ResourceRef;
import io.github.oncorefract.ingest.PatientScope;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** The notification routes over a plain Camel context, with the targeted pass replaced by a recorder. */
class NotificationRoutesTest {

  /**
   * The window restarts with every notification for a patient, so a patient whose data keep changing faster than the
   * window (a device feed, a long bulk load) was never assessed while it lasted. A bounded number of notifications
   * completes the coalescing even when the window never passes.
   */
  @Test
  void aSteadyStreamForOnePatientIsAssessedAfterABoundedNumberOfNotifications() throws Exception {
    List<String> assessed = new CopyOnWriteArrayList<>();
    NotificationMetrics metrics = new NotificationMetrics(new SimpleMeterRegistry());
    NotificationAssessor assessor = new NotificationAssessor(null, Duration.ZERO, metrics) {
      @Override
      public void assess(String patientId) {
        assessed.add(patientId);
      }
    };
    try (DefaultCamelContext camel = new DefaultCamelContext()) {
      NotificationIntake intake = new NotificationIntake(camel.createProducerTemplate(),
          new NotificationPatientResolver(() -> null, PatientScope.all()), metrics);
      // A window that never passes during the test: only the bound can complete the group.
      camel.addRoutes(new NotificationRoutes(intake, assessor, Duration.ofHours(1), metrics));
      camel.start();
      ResourceRef p = new ResourceRef("Patient", "p-1");
      for (int i = 0; i < NotificationRoutes.MAX_COALESCED; i++) {
        intake.submit(new Notification(Notification.Kind.EVENT, List.of(p), Map.of(), false));
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> !assessed.isEmpty());
      assertThat(assessed).containsExactly("p-1");
    }
  }
}
