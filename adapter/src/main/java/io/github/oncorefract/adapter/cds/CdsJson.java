package io.github.oncorefract.adapter.cds;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import java.util.List;
import java.util.Map;

/**
 * The CDS Hooks 2.0 JSON shapes the service writes (<a href="https://cds-hooks.hl7.org/2.0/">CDS Hooks 2.0</a>),
 * serialised by Spring's Jackson. FHIR resources inside them (an action's {@code resource}) are encoded by HAPI's
 * parser and embedded verbatim. Absent optional fields are left out.
 */
public final class CdsJson {

  private CdsJson() {}

  /** {@code GET /cds-services}. */
  public record Discovery(List<Service> services) {}

  /**
   * One service of the discovery document.
   *
   * @param hook        e.g. {@code patient-view}
   * @param title       human title
   * @param description what it does
   * @param id          the path segment under {@code /cds-services}
   * @param prefetch    key to FHIR query template ({@code {{context.patientId}}})
   * @param usageRequirements what the EHR must set up (JWT, prefetch), or {@code null}
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Service(String hook, String title, String description, String id, Map<String, String> prefetch,
      String usageRequirements) {}

  /** A service response: the cards, and never any system action. */
  public record Response(List<Card> cards) {}

  /**
   * One card.
   *
   * @param uuid              deterministic per patient, cancer, status (and ordered class for order-select)
   * @param summary           under 140 characters, no PHI
   * @param detail            GitHub-flavoured Markdown
   * @param indicator         {@code info}, {@code warning} or {@code critical}
   * @param source            the rule set that produced it
   * @param suggestions       at most a few; empty when there is nothing to create
   * @param selectionBehavior {@code at-most-one} when there are suggestions, else absent
   * @param overrideReasons   the reasons a clinician may give when dismissing the card
   * @param links             the timeline page (absolute) and its SMART launch
   */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record Card(String uuid, String summary, String detail, String indicator, Source source,
      List<Suggestion> suggestions, String selectionBehavior, List<Coding> overrideReasons, List<Link> links) {}

  /** {@code source}: label and a URL of the rule set. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Source(String label, String url, Coding topic) {}

  /** A coding as CDS Hooks writes it ({@code overrideReasons}, {@code topic}). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Coding(String code, String system, String display) {}

  /** A suggestion: a label and the actions the EHR performs when it is accepted. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record Suggestion(String label, String uuid, Boolean isRecommended, List<Action> actions) {}

  /**
   * One action.
   *
   * @param type        {@code create}, {@code update} or {@code delete}
   * @param description what it does
   * @param resource    the FHIR resource as JSON (HAPI-encoded), embedded as is
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Action(String type, String description, @JsonRawValue String resource) {}

  /** A link: {@code type} {@code absolute} or {@code smart}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Link(String label, String url, String type, String appContext) {}
}
