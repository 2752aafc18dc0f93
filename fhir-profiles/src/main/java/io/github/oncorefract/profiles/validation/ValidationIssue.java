package io.github.oncorefract.profiles.validation;

/**
 * One validation message, safe to log and to put in a run summary: it carries no resource values.
 *
 * @param severity  {@code fatal}, {@code error}, {@code warning} or {@code information}
 * @param location  FHIRPath of the element, e.g. {@code CarePlan.activity[0]} (element names and indexes only)
 * @param message   the validator's message with every quoted value that is not a canonical URL of the
 *                  conformance package or of FHIR/HL7 terminology replaced by {@code '…'}
 * @param messageId the validator's message key (e.g. {@code Validation_VAL_Profile_Minimum}), or {@code null}
 */
public record ValidationIssue(Severity severity, String location, String message, String messageId) {

  /** Severity of an issue, as in OperationOutcome.issue.severity. */
  public enum Severity {
    FATAL, ERROR, WARNING, INFORMATION;

    /** True for {@link #FATAL} and {@link #ERROR}. */
    public boolean isError() {
      return this == FATAL || this == ERROR;
    }
  }

  /** True when this issue makes the resource invalid (fatal or error). */
  public boolean isError() {
    return severity.isError();
  }

  /** {@code severity location: message}, e.g. for a run summary. */
  @Override
  public String toString() {
    return severity.name().toLowerCase(java.util.Locale.ROOT) + " " + location + ": " + message;
  }
}
