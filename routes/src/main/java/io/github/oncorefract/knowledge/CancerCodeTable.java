package io.github.oncorefract.knowledge;

import io.github.oncorefract.profiles.KnowledgeCsv;
import io.github.oncorefract.domain.CancerType;
import io.github.oncorefract.domain.CodeMatch;
import io.github.oncorefract.knowledge.CodeSystems.Vocabulary;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Recognises cancer Conditions from their codings and text, using {@code cancer-codes.csv} of {@code fhir-profiles}
 * (clinical-model.md section 1: SNOMED CT, ICD-10-CM/-GM/WHO C00-C96, ICD-9-CM 140-208, then text).
 *
 * <p>Algorithm: every coding is looked up in the table of its vocabulary (first matching row wins). When at least
 * one coding matches an accepting row, the best one is used (a specific type beats a generic row; the Condition is
 * secondary when any accepting coding is a secondary-neoplasm code); a generic row's
 * type may be refined by the text rows (OTHER_SOLID to any type, LUNG_OTHER to NSCLC). When codings match only
 * rejecting rows (suspected, in situ), the Condition is not a cancer. When no coding matches at all, the text
 * ({@code Condition.code.text}, then coding displays) is matched, exclusions first. Secondary (metastatic) neoplasms
 * (issue 8, class 1) are recognised by code (SNOMED rows of the 128462008 family, ICD-10 C77-C79 and C7B, ICD-9 196-198)
 * or, for codes the table does not list, by the words of their display ("Secondary malignant neoplasm of ...",
 * "Metastasis to bone"); a generic code whose text names a metastasis is secondary too. Immutable and thread-safe.
 */
public final class CancerCodeTable {

  /** A coding as plain strings; any field may be {@code null}. */
  public record Coded(String system, String code, String display) {}

  /**
   * A recognised cancer.
   *
   * @param type      cancer kind
   * @param secondary true for a secondary (metastatic) neoplasm code
   * @param matchedBy vocabulary of the matching code, or TEXT
   * @param system    system URI of the matching coding, {@code null} for a text match
   * @param code      the matching code, {@code null} for a text match
   * @param label     short label, e.g. {@code "NSCLC (ICD-10 C34.1)"}; no PHI
   */
  public record CancerMatch(
      CancerType type, boolean secondary, CodeMatch matchedBy, String system, String code, String label) {}

  private enum MatchKind { EXACT, PREFIX, RANGE, REGEX }

  private record Row(
      Vocabulary vocabulary, MatchKind kind, String value, Pattern regex, CancerType type, boolean secondary,
      boolean accept, boolean generic) {}

  private final Map<Vocabulary, List<Row>> rows;
  private final List<Row> textRows;

  private CancerCodeTable(Map<Vocabulary, List<Row>> rows, List<Row> textRows) {
    this.rows = rows;
    this.textRows = textRows;
  }

  /**
   * Loads {@code cancer-codes.csv} from the classpath.
   *
   * @throws IllegalStateException when it is missing or malformed
   */
  public static CancerCodeTable loadDefault() {
    return load(KnowledgeCsv.readResource(TableDrugCatalog.BASE + "cancer-codes.csv"));
  }

  static CancerCodeTable load(List<Map<String, String>> csv) {
    Map<Vocabulary, List<Row>> byVocab = new EnumMap<>(Vocabulary.class);
    List<Row> text = new ArrayList<>();
    for (Map<String, String> r : csv) {
      String vocab = r.get("vocabulary").toUpperCase(Locale.ROOT);
      MatchKind kind = MatchKind.valueOf(r.get("match").toUpperCase(Locale.ROOT));
      CancerType type = CancerType.valueOf(r.get("cancer_type"));
      boolean secondary = Boolean.parseBoolean(r.get("secondary"));
      boolean accept = Boolean.parseBoolean(r.get("accept"));
      boolean generic = Boolean.parseBoolean(r.get("generic"));
      String value = r.get("value");
      if (vocab.equals("TEXT")) {
        if (kind != MatchKind.REGEX) {
          throw new IllegalStateException("TEXT rows must use regex: " + value);
        }
        text.add(new Row(null, kind, value,
            Pattern.compile(value, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE), type, secondary, accept,
            generic));
      } else {
        Vocabulary v = Vocabulary.valueOf(vocab);
        byVocab.computeIfAbsent(v, k -> new ArrayList<>())
            .add(new Row(v, kind, normalise(value), null, type, secondary, accept, generic));
      }
    }
    return new CancerCodeTable(byVocab, List.copyOf(text));
  }

  private static String normalise(String code) {
    return code.strip().toUpperCase(Locale.ROOT).replace(".", "").replaceAll("[^A-Z0-9-]", "");
  }

  /**
   * Matches a Condition's codings and text.
   *
   * @param codings the Condition's codings (system, code, display); may be empty
   * @param text    {@code Condition.code.text}, may be {@code null}
   * @return the cancer, or empty when not a (confirmed, malignant) cancer
   */
  public Optional<CancerMatch> match(List<Coded> codings, String text) {
    Candidate best = null;
    boolean rejected = false;
    boolean anySecondary = false;
    for (Coded c : codings) {
      if (c == null || c.code() == null || c.code().isBlank()) {
        continue;
      }
      Vocabulary v = CodeSystems.vocabulary(c.system());
      Row row = lookup(v, c.code());
      if (row == null) {
        continue;
      }
      if (!row.accept()) {
        rejected = true;
        continue;
      }
      anySecondary |= row.secondary();
      if (best == null || (best.row().generic() && !row.generic())) {
        best = new Candidate(row, c);
      }
    }
    String allText = joinText(codings, text);
    if (best != null) {
      CancerType type = best.row().type();
      if (best.row().generic() && !best.row().secondary()) {
        Row t = textRow(allText);
        if (t != null && t.accept() && t.secondary()) {
          anySecondary = true; // a generic code whose text names a metastasis ("Metastasis to bone")
        } else if (t != null && t.accept()) {
          if (type == CancerType.OTHER_SOLID
              || (type == CancerType.LUNG_OTHER && t.type() == CancerType.NSCLC)) {
            type = t.type();
          }
        }
      }
      CodeMatch by = switch (best.row().vocabulary()) {
        case SNOMED -> CodeMatch.SNOMED;
        case ICD9 -> CodeMatch.ICD9;
        default -> CodeMatch.ICD10;
      };
      String vocabLabel = switch (best.row().vocabulary()) {
        case SNOMED -> "SNOMED";
        case ICD9 -> "ICD-9-CM";
        default -> icd10Label(best.coded().system());
      };
      return Optional.of(new CancerMatch(type, anySecondary, by, best.coded().system(),
          best.coded().code(), label(type, anySecondary) + " (" + vocabLabel + " " + best.coded().code()
          + ")"));
    }
    if (rejected) {
      return Optional.empty();
    }
    Row t = textRow(allText);
    if (t == null || !t.accept()) {
      return Optional.empty();
    }
    return Optional.of(new CancerMatch(t.type(), t.secondary(), CodeMatch.TEXT, null, null,
        label(t.type(), t.secondary()) + " (text)"));
  }

  private record Candidate(Row row, Coded coded) {}

  private Row lookup(Vocabulary v, String rawCode) {
    List<Row> list = rows.get(v);
    if (list == null) {
      return null;
    }
    String code = normalise(rawCode);
    for (Row r : list) {
      if (matches(r, code)) {
        return r;
      }
    }
    return null;
  }

  private static boolean matches(Row r, String code) {
    return switch (r.kind()) {
      case EXACT -> code.equals(r.value());
      case PREFIX -> code.startsWith(r.value());
      case RANGE -> inRange(r.vocabulary(), r.value(), code);
      case REGEX -> false;
    };
  }

  private static boolean inRange(Vocabulary v, String range, String code) {
    String[] b = range.split("-");
    if (b.length != 2) {
      return false;
    }
    if (v == Vocabulary.ICD9) {
      // numeric category: digits before the (removed) dot; ICD-9 3-digit categories
      if (code.length() < 3 || !code.substring(0, 3).chars().allMatch(Character::isDigit)) {
        return false;
      }
      int cat = Integer.parseInt(code.substring(0, 3));
      return cat >= Integer.parseInt(b[0]) && cat <= Integer.parseInt(b[1]);
    }
    if (code.length() < 3) {
      return false;
    }
    String cat = code.substring(0, 3);
    return cat.compareTo(b[0]) >= 0 && cat.compareTo(b[1]) <= 0;
  }

  private Row textRow(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    for (Row r : textRows) {
      if (r.regex().matcher(text).find()) {
        return r;
      }
    }
    return null;
  }

  private static String joinText(List<Coded> codings, String text) {
    StringBuilder sb = new StringBuilder();
    if (text != null) {
      sb.append(text);
    }
    for (Coded c : codings) {
      if (c != null && c.display() != null) {
        sb.append(" | ").append(c.display());
      }
    }
    return sb.toString();
  }

  private static String icd10Label(String system) {
    if (system == null) {
      return "ICD-10";
    }
    if (system.contains("icd-10-gm")) {
      return "ICD-10-GM";
    }
    if (system.contains("icd-10-cm")) {
      return "ICD-10-CM";
    }
    return "ICD-10";
  }

  private static String label(CancerType type, boolean secondary) {
    String base = switch (type) {
      case NSCLC -> "NSCLC";
      case LUNG_OTHER -> "Lung cancer";
      case COLORECTAL -> "Colorectal cancer";
      case BREAST -> "Breast cancer";
      case OVARIAN -> "Ovarian cancer";
      case PROSTATE -> "Prostate cancer";
      case MELANOMA -> "Melanoma";
      case MERKEL_CELL -> "Merkel cell carcinoma";
      case OTHER_SOLID -> "Solid cancer";
      case MULTIPLE_MYELOMA -> "Multiple myeloma";
      case DLBCL -> "DLBCL";
      case LEUKAEMIA -> "Leukaemia";
      case OTHER_HAEMATOLOGICAL -> "Haematological cancer";
    };
    if (!secondary) {
      return base;
    }
    // A secondary names its primary's type only where the table says its code stands for one (Synthea 94260004).
    return type == CancerType.OTHER_SOLID ? "Secondary malignant neoplasm" : base + " (metastatic)";
  }
}
