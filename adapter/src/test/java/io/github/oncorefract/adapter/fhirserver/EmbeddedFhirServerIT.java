package io.github.oncorefract.adapter.fhirserver;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.CacheControlDirective;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.apache.ApacheRestfulClientFactory;
import io.github.oncorefract.adapter.seed.FhirServerSeedState;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

@EmbeddedFhirServerTest
class EmbeddedFhirServerIT {

  private static final String IDENTIFIER_SYSTEM = "https://oncorefract.github.io/fhir/identifier/test-patient";

  @LocalServerPort
  int port;

  @Autowired
  ApplicationContext applicationContext;

  @Autowired
  FhirContext fhirContext;

  private IGenericClient client;

  @BeforeEach
  void setUp() {
    // A factory of its own: the application's FhirContext and its client factory stay untouched.
    ApacheRestfulClientFactory factory = new ApacheRestfulClientFactory(fhirContext);
    factory.setServerValidationMode(ServerValidationModeEnum.NEVER);
    client = factory.newGenericClient("http://localhost:" + port + "/fhir");
  }

  @Test
  void metadataAnswers200WithACapabilityStatement() throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/fhir/metadata"))
            .header("Accept", "application/fhir+json").build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    CapabilityStatement capabilities =
        fhirContext.newJsonParser().parseResource(CapabilityStatement.class, response.body());
    assertThat(capabilities.getFhirVersion().toCode()).isEqualTo("4.0.1");
    assertThat(capabilities.getRestFirstRep().getResource())
        .extracting(CapabilityStatement.CapabilityStatementRestResourceComponent::getType)
        .contains("Patient", "Condition", "MedicationStatement", "CarePlan", "Task", "Flag", "Provenance");
  }

  @Test
  void transactionWithConditionalCreatesIsIdempotentAndResolvesUrnUuids() {
    String value = UUID.randomUUID().toString();
    Bundle first = client.transaction().withBundle(patientWithCondition(value)).execute();
    Bundle second = client.transaction().withBundle(patientWithCondition(value)).execute();

    assertThat(first.getEntry()).allSatisfy(e -> assertThat(e.getResponse().getStatus()).startsWith("201"));
    assertThat(second.getEntry().get(0).getResponse().getStatus()).startsWith("200");
    Bundle patients = client.search().forResource(Patient.class)
        .where(Patient.IDENTIFIER.exactly().systemAndCode(IDENTIFIER_SYSTEM, value))
        .returnBundle(Bundle.class).cacheControl(CacheControlDirective.noCache()).execute();
    assertThat(patients.getTotal()).isEqualTo(1);
    String patientId = patients.getEntryFirstRep().getResource().getIdElement().getIdPart();
    Bundle conditions = client.search().forResource(Condition.class)
        .where(Condition.PATIENT.hasId(patientId)).returnBundle(Bundle.class).execute();
    assertThat(conditions.getEntry()).hasSizeGreaterThanOrEqualTo(1);
  }

  @Test
  void searchRightAfterWriteSeesIt() {
    String value = UUID.randomUUID().toString();
    // The same search before and after the write: HAPI would answer the second from its search cache unless
    // reuseCachedSearchResultsForMillis is off.
    assertThat(searchByIdentifier(value).getEntry()).isEmpty();

    Patient patient = new Patient();
    patient.setId("read-after-write-" + value);
    patient.addIdentifier().setSystem(IDENTIFIER_SYSTEM).setValue(value);
    client.update().resource(patient).execute();

    assertThat(searchByIdentifier(value).getEntry()).hasSize(1);
  }

  @Test
  void updateCreatesWithClientAssignedIdAndAbsentTargetsBecomePlaceholders() {
    String id = "placeholder-test-" + UUID.randomUUID();
    Condition condition = new Condition();
    condition.setId("Condition/" + id);
    condition.setSubject(new Reference("Patient/absent-" + id));

    client.update().resource(condition).execute();

    assertThat(client.read().resource(Condition.class).withId(id).execute().getSubject().getReference())
        .isEqualTo("Patient/absent-" + id);
    Patient placeholder = client.read().resource(Patient.class).withId("absent-" + id).execute();
    assertThat(placeholder.getExtensionByUrl(
        "http://hapifhir.io/fhir/StructureDefinition/resource-placeholder")).isNotNull();
  }

  /**
   * A transaction whose PUT targets and references make HAPI resolve several (type, id) pairs in one query, which the
   * embedded server on H2 rewrites (H2IdResolutionStatementInspector): the same id under two types, an existing and
   * an absent target; every reference lands on the resource of its own type.
   */
  @Test
  void transactionResolvesSeveralTypedIdsInOneQueryToTheRightResources() {
    assertThat(applicationContext.getBean(jakarta.persistence.EntityManagerFactory.class)
            .unwrap(org.hibernate.engine.spi.SessionFactoryImplementor.class)
            .getSessionFactoryOptions().getStatementInspector())
        .isInstanceOf(H2IdResolutionStatementInspector.class);
    String id = "idres-" + UUID.randomUUID().toString().substring(0, 8);
    Patient patient = new Patient();
    patient.setId("Patient/" + id);
    patient.addIdentifier().setSystem(IDENTIFIER_SYSTEM).setValue(id);
    client.update().resource(patient).execute();
    Condition sameId = new Condition();
    sameId.setId("Condition/" + id);
    sameId.setSubject(new Reference("Patient/" + id));
    client.update().resource(sameId).execute();

    Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    Condition updated = new Condition();
    updated.setId("Condition/" + id);
    updated.setSubject(new Reference("Patient/" + id));
    updated.getCode().setText("updated");
    transaction.addEntry().setResource(updated).getRequest()
        .setMethod(Bundle.HTTPVerb.PUT).setUrl("Condition/" + id);
    org.hl7.fhir.r4.model.Flag flag = new org.hl7.fhir.r4.model.Flag();
    flag.setId(id + "-flag");
    flag.setStatus(org.hl7.fhir.r4.model.Flag.FlagStatus.ACTIVE);
    flag.setSubject(new Reference("Patient/" + id));
    flag.getCode().setText("check");
    flag.setAuthor(new Reference("Practitioner/" + id + "-absent"));
    transaction.addEntry().setResource(flag).getRequest()
        .setMethod(Bundle.HTTPVerb.PUT).setUrl("Flag/" + id + "-flag");
    Bundle response = client.transaction().withBundle(transaction).execute();

    assertThat(response.getEntry().get(0).getResponse().getStatus()).startsWith("200");
    assertThat(response.getEntry().get(1).getResponse().getStatus()).startsWith("201");
    Condition read = client.read().resource(Condition.class).withId(id).execute();
    assertThat(read.getCode().getText()).isEqualTo("updated");
    assertThat(read.getIdElement().getVersionIdPart()).isEqualTo("2");
    Bundle flags = client.search().forResource(org.hl7.fhir.r4.model.Flag.class)
        .where(org.hl7.fhir.r4.model.Flag.PATIENT.hasId("Patient/" + id))
        .returnBundle(Bundle.class).cacheControl(CacheControlDirective.noCache()).execute();
    assertThat(flags.getEntry()).singleElement()
        .satisfies(e -> assertThat(e.getResource().getIdElement().getIdPart()).isEqualTo(id + "-flag"));
    Bundle conditions = client.search().forResource(Condition.class)
        .where(Condition.SUBJECT.hasId("Patient/" + id))
        .returnBundle(Bundle.class).cacheControl(CacheControlDirective.noCache()).execute();
    assertThat(conditions.getEntry()).singleElement()
        .satisfies(e -> assertThat(e.getResource().getIdElement().getIdPart()).isEqualTo(id));
  }

  @Test
  void exactlyOneFhirContextBean() {
    assertThat(applicationContext.getBeansOfType(FhirContext.class)).hasSize(1);
  }

  @Test
  void seedingHasFinishedBeforeTheApplicationIsReady() {
    FhirServerSeedState state = applicationContext.getBean(FhirServerSeedState.class);
    assertThat(state.seeded()).isTrue();
    assertThat(state.lastReport()).isPresent();
  }

  private Bundle searchByIdentifier(String value) {
    return client.search().forResource(Patient.class)
        .where(Patient.IDENTIFIER.exactly().systemAndCode(IDENTIFIER_SYSTEM, value))
        .returnBundle(Bundle.class).execute();
  }

  private static Bundle patientWithCondition(String identifierValue) {
    Patient patient = new Patient();
    patient.addIdentifier().setSystem(IDENTIFIER_SYSTEM).setValue(identifierValue);
    Condition condition = new Condition();
    condition.setSubject(new Reference("urn:uuid:11111111-2222-3333-4444-555555555555"));
    condition.getCode().setText("test condition");
    condition.addIdentifier().setSystem(IDENTIFIER_SYSTEM + "-condition").setValue(identifierValue);
    Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    bundle.addEntry().setFullUrl("urn:uuid:11111111-2222-3333-4444-555555555555").setResource(patient)
        .getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Patient")
        .setIfNoneExist("identifier=" + IDENTIFIER_SYSTEM + "|" + identifierValue);
    bundle.addEntry().setFullUrl("urn:uuid:66666666-7777-8888-9999-000000000000").setResource(condition)
        .getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Condition")
        .setIfNoneExist("identifier=" + IDENTIFIER_SYSTEM + "-condition|" + identifierValue);
    return bundle;
  }
}
