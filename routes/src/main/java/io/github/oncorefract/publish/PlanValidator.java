package io.github.oncorefract.publish;

import io.github.oncorefract.profiles.validation.ResourceValidator;
import io.github.oncorefract.profiles.validation.ValidationIssue;
import io.github.oncorefract.profiles.validation.ValidationMode;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proves every resource of a planned transaction against the OncoRefract profiles ({@code adapter.validation.mode}):
 * {@code off} checks nothing; {@code warn} logs the errors and sends anyway; {@code enforce} refuses the whole
 * transaction with {@link InvalidResourceException}, so an invalid resource is never sent and the patient is counted
 * as failed. Issue texts come from {@link ResourceValidator}, which strips resource values: no PHI.
 */
public class PlanValidator {

  private static final Logger log = LoggerFactory.getLogger(PlanValidator.class);

  private final ResourceValidator validator;
  private final ValidationMode mode;

  /**
   * @param validator the validator over the OncoRefract package (may be {@code null} when mode is OFF)
   * @param mode      off, warn or enforce
   */
  public PlanValidator(ResourceValidator validator, ValidationMode mode) {
    this.validator = validator;
    this.mode = mode;
  }

  public ValidationMode mode() {
    return mode;
  }

  /**
   * Validates every resource of the plan's transaction.
   *
   * @return the error issues found (empty when valid or when the mode is off)
   * @throws InvalidResourceException in enforce mode, when any resource has an error
   */
  public List<String> check(PublishPlan plan) {
    if (mode == ValidationMode.OFF || plan.transaction() == null) {
      return List.of();
    }
    List<String> errors = new ArrayList<>();
    // Every entry in one validator call (ResourceValidator#validateEntries): the same checks as one call per entry.
    // The envelope's issues (index -1: fullUrl, request) are not about a written resource; the server judges those.
    List<Bundle.BundleEntryComponent> entries = plan.transaction().getEntry();
    validator.validateEntries(plan.transaction()).forEach((index, issues) -> {
      if (index < 0) {
        return;
      }
      String type = entries.get(index).getResource().fhirType();
      for (ValidationIssue i : issues) {
        if (i.isError()) {
          errors.add(type + ": " + i);
        }
      }
    });
    if (!errors.isEmpty()) {
      if (mode == ValidationMode.ENFORCE) {
        throw new InvalidResourceException(errors);
      }
      errors.forEach(msg -> log.warn("written resource does not conform (sent anyway, mode warn): {}", msg));
    }
    return errors;
  }

  /** A planned resource failed validation in enforce mode. The message lists the issues, without values. */
  public static class InvalidResourceException extends RuntimeException {
    private final List<String> issues;

    public InvalidResourceException(List<String> issues) {
      super("validation failed: " + String.join("; ", issues));
      this.issues = List.copyOf(issues);
    }

    public List<String> issues() {
      return issues;
    }
  }
}
