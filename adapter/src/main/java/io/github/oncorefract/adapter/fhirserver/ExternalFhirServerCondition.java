package io.github.oncorefract.adapter.fhirserver;

import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The negation of {@link EmbeddedFhirServerCondition}: matches when {@code adapter.fhir.base-url} is set, so no
 * embedded server (and none of HAPI's JPA beans, among them its {@code FhirContext}) exists. Use it on beans that
 * only the external case must define, e.g. the application's single {@code FhirContext}.
 */
public class ExternalFhirServerCondition extends EmbeddedFhirServerCondition {

  @Override
  public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
    return !super.matches(context, metadata);
  }
}
