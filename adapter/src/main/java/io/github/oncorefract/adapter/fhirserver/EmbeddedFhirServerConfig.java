package io.github.oncorefract.adapter.fhirserver;

import ca.uhn.fhir.batch2.jobs.config.Batch2JobsConfig;
import ca.uhn.fhir.batch2.jobs.export.BulkDataExportProvider;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.jpa.api.IDaoRegistry;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.config.ThreadPoolFactoryConfig;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.batch2.JpaBatch2Config;
import ca.uhn.fhir.jpa.config.r4.JpaR4Config;
import ca.uhn.fhir.jpa.config.util.HapiEntityManagerFactoryUtil;
import ca.uhn.fhir.jpa.config.util.ResourceCountCacheUtil;
import ca.uhn.fhir.jpa.model.config.PartitionSettings;
import ca.uhn.fhir.jpa.packages.IPackageInstallerSvc;
import ca.uhn.fhir.jpa.provider.DaoRegistryResourceSupportedSvc;
import ca.uhn.fhir.jpa.provider.JpaCapabilityStatementProvider;
import ca.uhn.fhir.jpa.provider.JpaSystemProvider;
import ca.uhn.fhir.jpa.search.DatabaseBackedPagingProvider;
import ca.uhn.fhir.jpa.search.IStaleSearchDeletingSvc;
import ca.uhn.fhir.jpa.search.StaleSearchDeletingSvcImpl;
import ca.uhn.fhir.jpa.model.config.SubscriptionSettings;
import ca.uhn.fhir.jpa.subscription.channel.config.SubscriptionChannelConfig;
import ca.uhn.fhir.jpa.subscription.match.config.SubscriptionProcessorConfig;
import ca.uhn.fhir.jpa.subscription.match.deliver.email.IEmailSender;
import ca.uhn.fhir.jpa.subscription.submit.config.SubscriptionSubmitterConfig;
import ca.uhn.fhir.jpa.topic.SubscriptionTopicConfig;
import ca.uhn.fhir.jpa.util.ResourceCountCache;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.api.IResourceSupportedSvc;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.provider.ResourceProviderFactory;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import jakarta.persistence.EntityManagerFactory;
import java.util.Map;
import java.util.Properties;
import javax.sql.DataSource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Meta;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;

/**
 * The embedded HAPI FHIR JPA server (FHIR R4), active only when {@code adapter.fhir.base-url} is unset or blank.
 *
 * <p>Imports HAPI's own configuration ({@link JpaR4Config} and the batch2, channel and thread-pool configurations it
 * needs) and provides the beans HAPI leaves to the application, as hapifhir/hapi-fhir-jpaserver-starter does
 * ({@code StarterJpaConfig}): storage settings, partition settings, the {@code HAPI_PU} entity manager factory on
 * Spring Boot's {@link DataSource} with a {@code @Primary} transaction manager, the resource-count cache, the paging
 * provider, the stale-search purge and the {@link RestfulServer} registered on {@code /fhir/*}. At start
 * {@link FhirPackageInstaller} installs the project's FHIR package, so {@code $validate} knows our profiles.
 *
 * <p><b>One FhirContext.</b> {@link JpaR4Config} defines the R4 {@code FhirContext} bean ({@code primaryFhirContext},
 * {@code @Primary}); this configuration defines none, so in embedded mode HAPI's context is the application's only
 * {@code FhirContext}. The external case defines its own under {@link ExternalFhirServerCondition}.
 *
 * <p><b>Data source.</b> Spring Boot's {@code spring.datasource.*} (in-memory H2 by default; H2 file or PostgreSQL by
 * setting the URL, credentials and {@code spring.jpa.properties.hibernate.dialect}, see {@code application.yml}).
 * Hibernate settings are read from {@code spring.jpa.properties.*}; HAPI's
 * {@code HapiFhirLocalContainerEntityManagerFactoryBean} adds its defaults to them. On H2,
 * {@link H2IdResolutionStatementInspector} lets H2 resolve a transaction's references by index (first-pass writes).
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedFhirServerCondition.class)
@Import({
  JpaR4Config.class,
  // Its in-memory channel broker carries batch2 (HAPI's job framework) and the subscription channels.
  SubscriptionChannelConfig.class,
  // Subscriptions (rest-hook delivery), as hapi-fhir-jpaserver-starter imports them: submit (validation, matching
  // interceptor), processing (matching, delivery) and the topic support the submitter needs.
  SubscriptionSubmitterConfig.class,
  SubscriptionProcessorConfig.class,
  SubscriptionTopicConfig.class,
  JpaBatch2Config.class,
  Batch2JobsConfig.class,
  ThreadPoolFactoryConfig.class
})
public class EmbeddedFhirServerConfig {

  /** Servlet path of the FHIR endpoint under the servlet context path. */
  public static final String FHIR_PATH = "/fhir";

  /**
   * HAPI's storage settings for the embedded server.
   *
   * <ul>
   *   <li><b>Read-after-write:</b> {@code reuseCachedSearchResultsForMillis = null}, so an identical search right
   *       after a write is executed again instead of being answered from HAPI's 60 s search cache.</li>
   *   <li><b>Client-assigned ids:</b> an update (PUT {@code Type/id}) of a resource that does not exist creates it;
   *       HAPI's default {@code ClientIdStrategyEnum.ALPHANUMERIC} refuses purely numeric client ids.</li>
   *   <li><b>References to absent resources:</b> {@code autoCreatePlaceholderReferenceTargets = true}. A literal
   *       reference {@code Type/id} to a resource that does not exist makes HAPI create an empty placeholder
   *       resource (marked with the extension {@code http://hapifhir.io/fhir/StructureDefinition/resource-placeholder})
   *       instead of refusing the write with HAPI-1094; a later PUT of the real resource replaces the placeholder.
   *       A conditional reference ({@code Practitioner?identifier=system|value}) that matches nothing creates a
   *       placeholder carrying that identifier ({@code populateIdentifierInAutoCreatedPlaceholderReferenceTargets}).
   *       Referential integrity on write stays enforced otherwise (every stored reference resolves to a resource,
   *       real or placeholder), so searches with {@code _include} and chains behave. Consumers must expect
   *       placeholder resources without content (e.g. a {@code Patient/any} from test snapshots).</li>
   *   <li>External absolute references (another server's URL) stay refused (HAPI-0507), as do
   *       {@code urn:uuid:} references outside a transaction that nothing resolves.</li>
   *   <li><b>Bulk Data export</b> on ({@code setEnableTaskBulkExportJobExecution}): HAPI's batch2 job
   *       ({@code BulkExportAppCtx}, imported with {@link Batch2JobsConfig}) writes each NDJSON file as a Binary
   *       resource in the database (no external binary store: exports are transient, deleted by the adapter after its
   *       pass and by HAPI after the retention period); {@code $export} is served at system, Group and Patient level
   *       (see {@link #fhirRestfulServer}). Job fast-tracking runs a small export's steps as soon as the previous one
   *       finished instead of on the next maintenance pass. Subscriptions: see {@link #subscriptionSettings()}.</li>
   * </ul>
   */
  @Bean
  public JpaStorageSettings jpaStorageSettings() {
    JpaStorageSettings settings = new JpaStorageSettings();
    settings.setReuseCachedSearchResultsForMillis(null);
    settings.setAutoCreatePlaceholderReferenceTargets(true);
    settings.setPopulateIdentifierInAutoCreatedPlaceholderReferenceTargets(true);
    settings.setAllowInlineMatchUrlReferences(true);
    settings.setEnforceReferentialIntegrityOnWrite(true);
    settings.setAllowExternalReferences(false);
    settings.setExpungeEnabled(false);
    settings.setEnableTaskBulkExportJobExecution(true);
    settings.setJobFastTrackingEnabled(true);
    // HAPI would answer a repeated kick-off with an earlier job's files: every pass needs the data as it is now.
    settings.setEnableBulkExportJobReuse(false);
    // Exports are read once by the adapter and deleted; anything left behind goes after an hour.
    settings.setBulkExportFileRetentionPeriodHours(1);
    return settings;
  }

  /** How often HAPI's batch2 maintenance advances jobs (HAPI's default is 60 s). */
  static final java.time.Duration BATCH2_MAINTENANCE = java.time.Duration.ofSeconds(5);

  /**
   * Runs HAPI's batch2 job maintenance every {@link #BATCH2_MAINTENANCE} instead of every minute: a Bulk Data export
   * has gated steps (find ids, write files, report), each waiting for the next maintenance pass, so with HAPI's default
   * even a 50-patient export takes three minutes. An idle pass is one small query.
   */
  @Bean
  static org.springframework.beans.factory.config.BeanPostProcessor batch2MaintenanceFrequency() {
    return new org.springframework.beans.factory.config.BeanPostProcessor() {
      @Override
      public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof ca.uhn.fhir.batch2.maintenance.JobMaintenanceServiceImpl maintenance) {
          maintenance.setScheduledJobFrequencyMillis(BATCH2_MAINTENANCE.toMillis());
        }
        return bean;
      }
    };
  }

  /**
   * Subscriptions: {@code rest-hook} is the one supported channel type, so the server accepts and delivers the
   * adapter's own Subscriptions ({@code adapter.notifications.*}). HAPI's default endpoint check only asks for an
   * {@code http(s)} URL, so loopback endpoints ({@code http://localhost:<port>/api/notifications}) are allowed. Matching
   * runs in memory where the criteria allow it; with no Subscription on the server nothing is delivered.
   */
  @Bean
  public SubscriptionSettings subscriptionSettings() {
    SubscriptionSettings settings = new SubscriptionSettings();
    settings.addSupportedSubscriptionType(org.hl7.fhir.dstu2.model.Subscription.SubscriptionChannelType.RESTHOOK);
    settings.setEnableInMemorySubscriptionMatching(true);
    return settings;
  }

  /**
   * HAPI's subscription processing needs an e-mail sender; only rest-hook is supported, so e-mail Subscriptions are
   * refused when written and this sender never sends (HAPI's {@code LoggingEmailSender} would log message bodies).
   */
  @Bean
  public IEmailSender emailSender() {
    return details -> {
      throw new UnsupportedOperationException("e-mail subscriptions are not supported by the embedded server");
    };
  }

  /** No partitioning; HAPI's startup fails without this bean. */
  @Bean
  public PartitionSettings partitionSettings() {
    return new PartitionSettings();
  }

  /** Which resource types the server supports: those with a DAO. */
  @Bean
  public IResourceSupportedSvc resourceSupportedSvc(IDaoRegistry daoRegistry) {
    return new DaoRegistryResourceSupportedSvc(daoRegistry);
  }

  /** Resource counts for the CapabilityStatement; without it {@code /fhir/metadata} answers 500. */
  @Bean(name = "myResourceCountsCache")
  public ResourceCountCache resourceCountsCache(IFhirSystemDao<Bundle, Meta> systemDao) {
    return ResourceCountCacheUtil.newResourceCountCache(systemDao);
  }

  /** Purges expired stored searches on HAPI's scheduler. */
  @Bean
  public IStaleSearchDeletingSvc staleSearchDeletingSvc() {
    return new StaleSearchDeletingSvcImpl();
  }

  /** Search result pages stored in the database, so {@code Bundle.link[next]} works across requests. */
  @Bean
  public DatabaseBackedPagingProvider databaseBackedPagingProvider() {
    DatabaseBackedPagingProvider paging = new DatabaseBackedPagingProvider();
    paging.setDefaultPageSize(50);
    paging.setMaximumPageSize(1000);
    return paging;
  }

  /**
   * HAPI's entity manager factory (persistence unit {@code HAPI_PU}) on Boot's data source, with the Hibernate
   * properties from {@code spring.jpa.properties.*}.
   */
  @Bean
  @Primary
  public LocalContainerEntityManagerFactoryBean entityManagerFactory(
      DataSource dataSource,
      ConfigurableListableBeanFactory beanFactory,
      FhirContext fhirContext,
      JpaStorageSettings storageSettings,
      Environment environment) {
    LocalContainerEntityManagerFactoryBean factory =
        HapiEntityManagerFactoryUtil.newEntityManagerFactory(beanFactory, fhirContext, storageSettings);
    factory.setPersistenceUnitName("HAPI_PU");
    factory.setDataSource(dataSource);
    factory.setJpaProperties(hibernateProperties(environment));
    return factory;
  }

  /** The transaction manager HAPI's DAOs use. */
  @Bean
  @Primary
  public JpaTransactionManager transactionManager(EntityManagerFactory entityManagerFactory) {
    return new JpaTransactionManager(entityManagerFactory);
  }

  /**
   * The FHIR REST server: generated resource providers for every R4 type, the JPA system provider (transaction and
   * batch Bundles at the base URL, {@code $meta}, ...), HAPI's Bulk Data provider ({@code $export} at system, Group
   * and Patient level, {@code $export-poll-status}; listed in the CapabilityStatement) and HAPI's JPA
   * CapabilityStatement. JSON by default.
   */
  @Bean
  public RestfulServer fhirRestfulServer(
      IFhirSystemDao<Bundle, Meta> systemDao,
      ResourceProviderFactory resourceProviderFactory,
      JpaSystemProvider<Bundle, Meta> systemProvider,
      JpaStorageSettings storageSettings,
      ISearchParamRegistry searchParamRegistry,
      IValidationSupport validationSupport,
      DatabaseBackedPagingProvider pagingProvider,
      BulkDataExportProvider bulkDataExportProvider) {
    RestfulServer server = new RestfulServer(systemDao.getContext());
    server.registerProviders(resourceProviderFactory.createProviders());
    server.registerProvider(systemProvider);
    server.registerProvider(bulkDataExportProvider);
    JpaCapabilityStatementProvider capabilities = new JpaCapabilityStatementProvider(
        server, systemDao, storageSettings, searchParamRegistry, validationSupport);
    capabilities.setImplementationDescription("OncoRefract embedded HAPI FHIR JPA server (R4)");
    server.setServerConformanceProvider(capabilities);
    server.setPagingProvider(pagingProvider);
    server.setDefaultResponseEncoding(EncodingEnum.JSON);
    server.setDefaultPrettyPrint(false);
    return server;
  }

  /** Serves {@link #fhirRestfulServer} at {@code /fhir/*}, initialised at start rather than on the first request. */
  @Bean
  public ServletRegistrationBean<RestfulServer> fhirServletRegistration(RestfulServer fhirRestfulServer) {
    ServletRegistrationBean<RestfulServer> registration =
        new ServletRegistrationBean<>(fhirRestfulServer, FHIR_PATH + "/*");
    registration.setName("fhirServlet");
    registration.setLoadOnStartup(1);
    return registration;
  }

  /**
   * Installs the project's FHIR package ({@code io.github.oncorefract.fhir}) into the server at start, so our
   * profiles, extensions and terminology are stored on the server and {@code $validate?profile=...} knows them.
   */
  @Bean
  public FhirPackageInstaller fhirPackageInstaller(IPackageInstallerSvc packageInstallerSvc) {
    return new FhirPackageInstaller(packageInstallerSvc);
  }

  /** Where the embedded server answers once the web server has started. */
  @Bean
  public EmbeddedFhirServerEndpoint embeddedFhirServerEndpoint(
      org.springframework.context.ApplicationContext applicationContext) {
    return new EmbeddedFhirServerEndpoint(applicationContext);
  }

  private static Properties hibernateProperties(Environment environment) {
    Map<String, String> configured = Binder.get(environment)
        .bind("spring.jpa.properties", Bindable.mapOf(String.class, String.class))
        .orElse(Map.of());
    Properties properties = new Properties();
    properties.putAll(configured);
    // Safe defaults when application.yml does not say otherwise (HapiFhirLocalContainerEntityManagerFactoryBean adds
    // HAPI's own on top).
    properties.putIfAbsent("hibernate.hbm2ddl.auto", "update");
    properties.putIfAbsent("hibernate.search.enabled", "false");
    properties.putIfAbsent("hibernate.cache.use_query_cache", "false");
    properties.putIfAbsent("hibernate.cache.use_second_level_cache", "false");
    properties.putIfAbsent("hibernate.jdbc.batch_size", "20");
    // H2 scans HFJ_RESOURCE for HAPI's batched id resolution (one OR of (type, id) pairs per transaction) unless it
    // is written as a row-value IN: see H2IdResolutionStatementInspector. Other databases get the statement as is.
    if (environment.getProperty("spring.datasource.url", "").startsWith("jdbc:h2:")) {
      properties.putIfAbsent(
          "hibernate.session_factory.statement_inspector", H2IdResolutionStatementInspector.class.getName());
    }
    return properties;
  }
}
