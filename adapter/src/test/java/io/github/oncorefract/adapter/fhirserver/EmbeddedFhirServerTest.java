package io.github.oncorefract.adapter.fhirserver;

import io.github.oncorefract.adapter.OncoRefractApplication;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The one Spring Boot test configuration of the ITs that need the embedded FHIR server: the whole application on a
 * random port with its default properties (embedded server on in-memory H2, demo cohort on, no seed folder), except
 * that passes never start by themselves.
 * Spring's test context cache then starts it once per JVM for every IT annotated with it (~20 s or more on two
 * cores); an IT with other properties pays for a context of its own.
 *
 * <p>The context is shared: tests must not assume an empty server, and should write data under ids or identifiers of
 * their own.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
// Metrics export (/actuator/prometheus) as in production: @SpringBootTest turns it off unless asked.
@AutoConfigureObservability(tracing = false)
@SpringBootTest(classes = OncoRefractApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      // Passes run only when a test asks for one (POST /api/assessments/run), never by themselves.
      "adapter.schedule.enabled=false",
      "adapter.schedule.run-at-startup=false",
      // No Subscriptions of the adapter's own: every other IT's writes would otherwise trigger assessments.
      "adapter.notifications.create-subscriptions=false",
      // ITs count exactly the patients an incremental pass assesses; with the production overlap (2 minutes) it would
      // also find what the previous test changed. CursorAndCapabilitiesIT tests the overlap with a finder of its own.
      "adapter.fhir.cursor-overlap=0s",
      // CDS Hooks: the test EHR (CdsTokens.testEhr()) whose public key is a static JWKS on the test classpath.
      "adapter.cds.trusted-issuers[0].issuer=https://ehr.test.oncorefract.invalid",
      "adapter.cds.trusted-issuers[0].jwks-url=classpath:cds/test-ehr-jwks.json"
    })
public @interface EmbeddedFhirServerTest {
}
