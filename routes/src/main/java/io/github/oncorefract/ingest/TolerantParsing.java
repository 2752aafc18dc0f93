package io.github.oncorefract.ingest;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeChildChoiceDefinition;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParserErrorHandler;
import ca.uhn.fhir.parser.LenientErrorHandler;
import ca.uhn.fhir.util.IModelVisitor2;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseExtension;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;

/**
 * Reading pages from a server whose resources may hold invalid values (a date {@code "2020-13-45"}, a status code
 * outside its value set), without losing the page or the resource: {@link #dropInvalidValues} removes just the invalid
 * values and names their element paths, so one impossible date loses that element, never the resource or the patient.
 *
 * <p>HAPI's parser takes its error handler from the {@link FhirContext}, for every parser the client creates, so the
 * application installs {@link #errorHandler()} on its one context. Outside a {@link #during} scope it behaves like
 * {@code new LenientErrorHandler(false)}: unknown elements are ignored without logging, an invalid value throws
 * {@link DataFormatException} (the behaviour the embedded server relies on for its own requests, which it parses on
 * its own threads). Inside a scope, on the calling thread only, an invalid value is kept as its raw string (the
 * typed value stays {@code null}) and the element name is recorded; no value is ever logged or kept in a report.
 * {@link #invalidElementPaths} then finds, per resource, the elements whose value could not be parsed.
 */
public final class TolerantParsing {

  private static final ThreadLocal<List<String>> SCOPE = new ThreadLocal<>();
  private static final ScopedHandler HANDLER = new ScopedHandler();

  private TolerantParsing() {}

  /** The error handler to install once with {@code FhirContext.setParserErrorHandler}; thread-safe. */
  public static IParserErrorHandler errorHandler() {
    return HANDLER;
  }

  /**
   * The result of a tolerant call.
   *
   * @param value          what the call returned
   * @param invalidElements names of the elements (e.g. {@code "start"}) whose values could not be parsed, in parse
   *                        order; empty when all were valid. Only recorded when the context's handler is
   *                        {@link #errorHandler()}.
   */
  public record Parsed<T>(T value, List<String> invalidElements) {
    public Parsed {
      invalidElements = List.copyOf(invalidElements);
    }

    /**
     * The invalid elements of one resource of this response ({@link #invalidElementPaths}); empty without walking
     * the resource when the response had no invalid value at all.
     */
    public List<String> invalidPathsOf(FhirContext ctx, IBaseResource resource) {
      return invalidElements.isEmpty() ? List.of() : invalidElementPaths(ctx, resource);
    }

    /**
     * Like {@link #invalidPathsOf}, but also removes each invalid value from the resource ({@link #dropInvalidValues}),
     * so the rest of the resource can be used.
     */
    public List<String> dropInvalidOf(FhirContext ctx, IBaseResource resource) {
      return invalidElements.isEmpty() ? List.of() : dropInvalidValues(ctx, resource);
    }
  }

  /**
   * Runs a client call (a read or a search page) with invalid values tolerated on this thread.
   *
   * @param call the call; exceptions it throws propagate unchanged
   * @return its value and the invalid elements met while parsing its response
   */
  public static <T> Parsed<T> during(Supplier<T> call) {
    List<String> previous = SCOPE.get();
    List<String> events = new ArrayList<>();
    SCOPE.set(events);
    try {
      return new Parsed<>(call.get(), events);
    } finally {
      if (previous == null) {
        SCOPE.remove();
      } else {
        SCOPE.set(previous);
      }
    }
  }

  /**
   * The elements of a parsed resource whose raw value could not be parsed into its type (the raw string is present,
   * the typed value is not), as FHIRPath-like paths from the resource root with choice elements by their full name,
   * e.g. {@code "effectivePeriod.start"} or {@code "status"}; sorted, without duplicates, without any value.
   *
   * <p>Values the parser drops entirely (HAPI keeps no raw string for an invalid decimal or integer) are not found
   * here; {@link Parsed#invalidElements()} still counts them.
   *
   * @param ctx      the context the resource was parsed with
   * @param resource the resource, possibly with contained resources
   * @return paths, empty when every value is valid
   */
  public static List<String> invalidElementPaths(FhirContext ctx, IBaseResource resource) {
    TreeSet<String> paths = new TreeSet<>();
    ctx.newTerser().visit(resource, new IModelVisitor2() {
      @Override
      public boolean acceptElement(IBase element, List<IBase> containing, List<BaseRuntimeChildDefinition> children,
          List<BaseRuntimeElementDefinition<?>> definitions) {
        if (element instanceof IPrimitiveType<?> p && p.getValueAsString() != null && p.getValue() == null) {
          paths.add(path(containing, children));
        }
        return true;
      }

      @Override
      public boolean acceptUndeclaredExtension(IBaseExtension<?, ?> extension, List<IBase> containing,
          List<BaseRuntimeChildDefinition> children, List<BaseRuntimeElementDefinition<?>> definitions) {
        return true;
      }
    });
    return List.copyOf(paths);
  }

  /**
   * Removes every value {@link #invalidElementPaths} finds from the resource, keeping everything else: a
   * single-valued element (e.g. {@code Condition.onsetDateTime}) is removed entirely, a repeated one or one carrying
   * extensions keeps the element without a value. So one impossible date loses that element, not the resource.
   *
   * @param ctx      the context the resource was parsed with
   * @param resource the resource, changed in place
   * @return the paths of the removed values (as {@link #invalidElementPaths}), empty when nothing was removed
   */
  public static List<String> dropInvalidValues(FhirContext ctx, IBaseResource resource) {
    TreeSet<String> paths = new TreeSet<>();
    List<Runnable> removals = new ArrayList<>();
    ctx.newTerser().visit(resource, new IModelVisitor2() {
      @Override
      public boolean acceptElement(IBase element, List<IBase> containing, List<BaseRuntimeChildDefinition> children,
          List<BaseRuntimeElementDefinition<?>> definitions) {
        if (element instanceof IPrimitiveType<?> p && p.getValueAsString() != null && p.getValue() == null) {
          paths.add(path(containing, children));
          BaseRuntimeChildDefinition child = children.isEmpty() ? null : children.get(children.size() - 1);
          IBase parent = containing.size() >= 2 ? containing.get(containing.size() - 2) : null;
          boolean hasExtensions = p instanceof org.hl7.fhir.instance.model.api.IBaseHasExtensions e
              && !e.getExtension().isEmpty();
          if (child != null && parent != null && child.getMax() == 1 && !hasExtensions) {
            removals.add(() -> child.getMutator().setValue(parent, null));
          } else {
            removals.add(() -> p.setValueAsString(null));
          }
        }
        return true;
      }

      @Override
      public boolean acceptUndeclaredExtension(IBaseExtension<?, ?> extension, List<IBase> containing,
          List<BaseRuntimeChildDefinition> children, List<BaseRuntimeElementDefinition<?>> definitions) {
        return true;
      }
    });
    removals.forEach(Runnable::run);
    return List.copyOf(paths);
  }

  private static String path(List<IBase> containing, List<BaseRuntimeChildDefinition> children) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < children.size(); i++) {
      BaseRuntimeChildDefinition child = children.get(i);
      String name = child.getElementName();
      if (child instanceof RuntimeChildChoiceDefinition choice && i + 1 < containing.size()) {
        String typed = choice.getChildNameByDatatype(containing.get(i + 1).getClass());
        if (typed != null) {
          name = typed;
        }
      }
      if (sb.length() > 0) {
        sb.append('.');
      }
      sb.append(name);
    }
    return sb.length() == 0 ? "(resource)" : sb.toString();
  }

  /** Lenient without logging; invalid values throw unless a {@link #during} scope is active on this thread. */
  private static final class ScopedHandler extends LenientErrorHandler {

    ScopedHandler() {
      super(false);
    }

    @Override
    public void invalidValue(IParseLocation location, String value, String error) {
      List<String> events = SCOPE.get();
      if (events == null) {
        super.invalidValue(location, value, error);
        return;
      }
      String name = location == null ? null : location.getParentElementName();
      events.add(name == null ? "(element)" : name);
    }
  }
}
