package io.github.oncorefract.adapter.config;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import io.github.oncorefract.assessment.PatientAssessor;
import io.github.oncorefract.assessment.TrialMatcher;
import io.github.oncorefract.deadletter.DeadLetters;
import io.github.oncorefract.deadletter.FileDeadLetterStore;
import io.github.oncorefract.deadletter.InMemoryDeadLetterStore;
import io.github.oncorefract.ingest.BatchPatientDataSource;
import io.github.oncorefract.ingest.CursorStore;
import io.github.oncorefract.ingest.FhirPatientFinder;
import io.github.oncorefract.ingest.FhirResearchStudySource;
import io.github.oncorefract.ingest.FhirSearchPatientDataSource;
import io.github.oncorefract.ingest.FileCursorStore;
import io.github.oncorefract.ingest.InMemoryCursorStore;
import io.github.oncorefract.ingest.PatientDataSource;
import io.github.oncorefract.ingest.PatientFinder;
import io.github.oncorefract.ingest.PatientScope;
import io.github.oncorefract.knowledge.CancerCodeTable;
import io.github.oncorefract.knowledge.TableDrugCatalog;
import io.github.oncorefract.normalise.PatientNormaliser;
import io.github.oncorefract.normalise.ResearchStudyNormaliser;
import io.github.oncorefract.profiles.validation.ResourceValidator;
import io.github.oncorefract.profiles.validation.ValidationMode;
import io.github.oncorefract.publish.AdapterIdentity;
import io.github.oncorefract.publish.PlanValidator;
import io.github.oncorefract.publish.TransactionPublisher;
import io.github.oncorefract.routing.AssessmentPipeline;
import io.github.oncorefract.routing.AssessmentRoutes;
import io.github.oncorefract.routing.PassCoordinator;
import io.github.oncorefract.routing.PassRunner;
import io.github.oncorefract.routing.RecordAssessor;
import io.github.oncorefract.routing.RetryPolicy;
import io.github.oncorefract.suggest.LineOfTherapyResourceBuilder;
import io.github.oncorefract.routing.TrialCatalogue;
import io.github.oncorefract.routing.TrialMatchingAssessor;
import io.github.oncorefract.routing.UncertainTransactions;
import io.github.oncorefract.suggest.SuggestionResourceBuilder;
import java.time.Clock;
import java.util.function.Supplier;
import org.apache.camel.ProducerTemplate;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Builds the pass pipeline from the {@code adapter.*} records: finder, data source, normaliser, assessor, builder,
 * publisher, coordinator, runner and the Camel routes. The domain classes are constructed here with {@code new}; none
 * of them knows Spring.
 */
@Configuration(proxyBeanMethods = false)
public class PipelineConfiguration {

  /** Product name in Device and Provenance. */
  public static final String PRODUCT = "OncoRefract adapter";

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  Supplier<IGenericClient> fhirClientSupplier(ObjectProvider<IGenericClient> client) {
    return client::getObject;
  }

  @Bean
  TableDrugCatalog drugCatalog() {
    return TableDrugCatalog.loadDefault();
  }

  @Bean
  CancerCodeTable cancerCodeTable() {
    return CancerCodeTable.loadDefault();
  }

  @Bean
  PatientNormaliser patientNormaliser(FhirContext ctx, TableDrugCatalog drugs, CancerCodeTable cancers,
      RulesProperties rules) {
    return new PatientNormaliser(ctx, drugs, cancers, rules.exposure().toParameters());
  }

  @Bean
  PatientAssessor patientAssessor(TableDrugCatalog drugs, RulesProperties rules) {
    return new PatientAssessor(rules.toAssessmentParameters(), drugs);
  }

  /**
   * {@code adapter.fhir.read-strategy}: one {@code batch} per patient (with the adapter's earlier output in it), or one
   * paged search per type ({@link FhirSearchPatientDataSource}, also the batch's fallback).
   */
  @Bean
  PatientDataSource patientDataSource(Supplier<IGenericClient> client, FhirServerProperties fhir,
      FhirPagingProperties paging, FhirSearchProperties searchSettings, FhirReadProperties read) {
    FhirSearchPatientDataSource search = new FhirSearchPatientDataSource(client, fhir.pageSize(), paging.pager(),
        searchSettings.observationCategories());
    if (read.readStrategy() == FhirReadProperties.ReadStrategy.SEARCH) {
      return search;
    }
    java.util.List<BatchPatientDataSource.Search> output = TransactionPublisher.OUTPUT_TYPES.stream()
        .map(type -> new BatchPatientDataSource.Search(type,
            id -> TransactionPublisher.earlierOutputSearch(type, id)))
        .toList();
    return new BatchPatientDataSource(client, paging.pager(), BatchPatientDataSource.patientSearches(fhir.pageSize()),
        output, search, read.readStrategy() == FhirReadProperties.ReadStrategy.AUTO);
  }

  /** The pass's finder; also the scope check of dead-letter replays ({@code ScopeCheck}). */
  @Bean
  FhirPatientFinder patientFinder(Supplier<IGenericClient> client, FhirServerProperties fhir, ScopeProperties scope,
      PatientNormaliser normaliser, FhirPagingProperties paging, FhirSearchProperties search) {
    return new FhirPatientFinder(client, new PatientScope(new java.util.TreeSet<>(scope.patientIds()), scope.tag()),
        normaliser::isCancerCondition, fhir.pageSize(), paging.pager(), search.cursorOverlap());
  }

  @Bean
  CursorStore cursorStore(StateProperties state) {
    return state.dir() == null ? new InMemoryCursorStore() : new FileCursorStore(state.dir());
  }

  /** The dead-letter ledger, kept beside the cursor ({@code adapter.state.dir}; in memory when unset). */
  @Bean
  DeadLetters deadLetters(StateProperties state, DeadLetterProperties dl, FhirServerProperties fhir, Clock clock) {
    return new DeadLetters(state.dir() == null ? new InMemoryDeadLetterStore() : new FileDeadLetterStore(state.dir()),
        serverKey(fhir), dl.afterFailures(), clock);
  }

  private static String serverKey(FhirServerProperties fhir) {
    return fhir.embedded() ? "embedded" : FhirClientConfiguration.externalBaseUrl(fhir);
  }

  @Bean
  AdapterIdentity adapterIdentity(ObjectProvider<BuildProperties> build) {
    BuildProperties b = build.getIfAvailable();
    String version = b != null ? b.getVersion() : PipelineConfiguration.class.getPackage().getImplementationVersion();
    return new AdapterIdentity(PRODUCT, version == null ? "dev" : version);
  }

  @Bean
  TransactionPublisher transactionPublisher(Supplier<IGenericClient> client, FhirContext ctx, AdapterIdentity id,
      Clock clock, WriteProperties write, ObjectProvider<io.micrometer.core.instrument.MeterRegistry> meters) {
    TransactionPublisher publisher = new TransactionPublisher(client, ctx, id, clock, write.linesOfTherapy());
    io.micrometer.core.instrument.MeterRegistry registry = meters.getIfAvailable();
    if (registry != null) {
      // Duplicates of the adapter's output retired (oldest kept), and surplus adapter Devices of one version found.
      io.micrometer.core.instrument.Counter reconciled = io.micrometer.core.instrument.Counter
          .builder("oncorefract.duplicates.reconciled")
          .description("Duplicates of the adapter's output reconciled: the oldest kept, the others retired")
          .register(registry);
      publisher.onDuplicatesReconciled(reconciled::increment);
    }
    return publisher;
  }

  /** The plan validator over one shared, warmed {@link ResourceValidator} (none when the mode is off). */
  @Bean
  PlanValidator planValidator(FhirContext ctx, ValidationProperties validation) {
    ResourceValidator validator = null;
    if (validation.mode() != ValidationMode.OFF) {
      validator = new ResourceValidator(ctx);
      validator.warmUp();  // loads the core definitions now, not on the first pass's threads
    }
    return new PlanValidator(validator, validation.mode());
  }

  /** The server's open research studies, read once per pass ({@code adapter.trials.*}). */
  @Bean
  TrialCatalogue trialCatalogue(Supplier<IGenericClient> client, FhirServerProperties fhir, TrialsProperties trials,
      CancerCodeTable cancers, FhirPagingProperties paging) {
    return TrialCatalogue.of(new FhirResearchStudySource(client, new java.util.TreeSet<>(trials.statuses()),
        fhir.pageSize(), paging.pager()), new ResearchStudyNormaliser(cancers));
  }

  @Bean
  AssessmentPipeline assessmentPipeline(PatientDataSource source, PatientNormaliser normaliser,
      PatientAssessor assessor, TransactionPublisher publisher, PlanValidator validator, AdapterProperties adapter,
      TrialsProperties trials, TrialCatalogue catalogue, Clock clock, WriteProperties write,
      TableDrugCatalog drugs, io.github.oncorefract.ingest.bulk.BulkStaging bulkStaging) {
    RecordAssessor assess = assessor::assess;
    if (trials.enabled()) {
      assess = new TrialMatchingAssessor(assess, catalogue, new TrialMatcher(trials.maxMatches()));
    }
    // During a Bulk Data pass its patients come from the export grouped on disk (adapter.bulk.*), others as before.
    return new AssessmentPipeline(new io.github.oncorefract.ingest.bulk.StagedPatientDataSource(source, bulkStaging),
        normaliser::normalise, assess, new SuggestionResourceBuilder(),
        write.linesOfTherapy() ? new LineOfTherapyResourceBuilder(drugs) : null, publisher, validator,
        adapter.writeMode(), clock);
  }

  @Bean
  PassCoordinator passCoordinator(PatientFinder finder, CursorStore cursors, FhirServerProperties fhir,
      AdapterProperties adapter, TrialsProperties trials, TrialCatalogue catalogue, Clock clock,
      DeadLetters deadLetters) {
    return new PassCoordinator(finder, cursors, serverKey(fhir), adapter.writeMode(), clock,
        trials.enabled() ? catalogue::refresh : null, deadLetters);
  }

  @Bean
  PassRunner passRunner(ProducerTemplate producer, ScheduleProperties schedule, Clock clock) {
    return new PassRunner(producer, schedule.fullEvery(), clock);
  }

  /**
   * A transaction whose outcome is unknown (read timeout, connection lost, transient status, 412): the patient is
   * planned again from the server, at most {@code adapter.retry.max-redeliveries} times (meter
   * {@value UncertainTransactions#METER}).
   */
  @Bean
  UncertainTransactions uncertainTransactions(AssessmentPipeline pipeline, RetryProperties retry,
      ObjectProvider<io.micrometer.core.instrument.MeterRegistry> meters) {
    return new UncertainTransactions(pipeline, new RetryPolicy(retry.maxRedeliveries(),
        retry.initialDelay().toMillis(), retry.maxDelay().toMillis()), meters.getIfAvailable());
  }

  @Bean
  AssessmentRoutes assessmentRoutes(PassCoordinator coordinator, AssessmentPipeline pipeline, RetryProperties retry,
      ScheduleProperties schedule, PassRunner runner, UncertainTransactions uncertain,
      KafkaPartitionProperties kafka, PassProperties pass) {
    String uri = schedule.enabled()
        ? "scheduler:assessment-pass?initialDelay=" + schedule.interval().toMillis() + "&delay="
            + schedule.interval().toMillis()
        : null;
    return new AssessmentRoutes(coordinator, pipeline,
        // Requests retry themselves (FhirClients); a patient whose requests still fail is redelivered once as a whole.
        new RetryPolicy(Math.min(1, retry.maxRedeliveries()), retry.initialDelay().toMillis(),
            retry.maxDelay().toMillis()), uri,
        runner, uncertain,
        // adapter.kafka: a publishing instance hands its passes' patients to the topic (partition package)
        kafka.publishes() ? io.github.oncorefract.partition.PartitionRoutes.DISPATCH : null,
        pass.effectiveParallelism());
  }
}
