package io.github.oncorefract.adapter.fhirserver;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when the embedded FHIR server must start: {@code adapter.fhir.base-url} is unset or blank. The same rule as
 * {@code FhirServerProperties.embedded()}, evaluated on the raw {@link org.springframework.core.env.Environment}
 * because conditions run before {@code @ConfigurationProperties} are bound.
 */
public class EmbeddedFhirServerCondition implements Condition {

  /** The property that, when set to a non-blank URL, points the adapter at an external server. */
  public static final String BASE_URL_PROPERTY = "adapter.fhir.base-url";

  @Override
  public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
    return isEmbedded(context.getEnvironment().getProperty(BASE_URL_PROPERTY));
  }

  /** True when {@code baseUrl} is null or blank, i.e. no external server is configured. */
  public static boolean isEmbedded(String baseUrl) {
    return baseUrl == null || baseUrl.isBlank();
  }
}
