package io.github.oncorefract.adapter.fhirserver;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hibernate.resource.jdbc.spi.StatementInspector;

/**
 * Lets H2 answer HAPI's batched FHIR-id resolution from an index instead of scanning {@code HFJ_RESOURCE}.
 *
 * <p>HAPI resolves the FHIR ids of a transaction (its PUT targets and the references of its resources, in
 * {@code TransactionProcessor.preFetchResourcesById} → {@code IdHelperService.resolveResourceIdentitiesForFhirIdsUsingDatabase})
 * with one query per transaction whose condition is a disjunction of (type, id) pairs:
 * <pre>
 * select ... from HFJ_RESOURCE rt1_0 where (rt1_0.RES_TYPE=? and rt1_0.FHIR_ID=? or rt1_0.RES_TYPE=? and rt1_0.FHIR_ID=? ...)
 * </pre>
 * H2 (2.3) uses no index for an {@code OR} of {@code AND}s over different columns: it evaluates the whole condition
 * on every row of {@code HFJ_RESOURCE}, so each transaction costs a full table scan that grows with the server's
 * content (47% of the embedded server's samples on a first pass of 200 patients; BENCHMARKS.md). This inspector
 * rewrites exactly that statement to the equivalent row-value comparison
 * <pre>
 * select ... from HFJ_RESOURCE rt1_0 where (rt1_0.RES_TYPE,rt1_0.FHIR_ID) in ((?,?),(?,?) ...)
 * </pre>
 * which H2 answers through the index on {@code FHIR_ID} ({@code IDX_RES_FHIR_ID}). The parameters keep their number
 * and order, so HAPI's bindings are unchanged; for non-null values (HAPI binds the type and id of each pair) both
 * conditions select the same rows. Any other statement, including an id resolution of another shape (numeric ids,
 * untyped ids, a partition predicate, a single pair, which H2 already resolves by index), is returned unchanged.
 *
 * <p>Registered by {@link EmbeddedFhirServerConfig} as Hibernate's {@code hibernate.session_factory.statement_inspector}
 * only when the data source is H2; other databases (PostgreSQL) plan the original statement with their indexes.
 * Stateless and thread-safe.
 */
public final class H2IdResolutionStatementInspector implements StatementInspector {

  private static final long serialVersionUID = 1L;

  /** {@code <head> from HFJ_RESOURCE <alias> where (<alias>.RES_TYPE=? and <alias>.FHIR_ID=? or ...)}, two pairs or more. */
  private static final Pattern ID_RESOLUTION = Pattern.compile(
      "^(select [\\w.,]+ from HFJ_RESOURCE (\\w+) where )"
          + "\\(\\2\\.RES_TYPE=\\? and \\2\\.FHIR_ID=\\?((?: or \\2\\.RES_TYPE=\\? and \\2\\.FHIR_ID=\\?)+)\\)$");

  private static final String PAIR = " or ";

  /**
   * Returns the row-value form of HAPI's batched id resolution, or {@code sql} itself for any other statement.
   *
   * @param sql the statement Hibernate is about to prepare (never null)
   * @return the statement to prepare
   */
  @Override
  public String inspect(String sql) {
    if (!sql.startsWith("select ") || !sql.contains(" from HFJ_RESOURCE ") || !sql.endsWith("FHIR_ID=?)")) {
      return sql;
    }
    Matcher m = ID_RESOLUTION.matcher(sql);
    if (!m.matches()) {
      return sql;
    }
    String alias = m.group(2);
    int pairs = 1 + countOccurrences(m.group(3), PAIR);
    StringBuilder rewritten = new StringBuilder(m.group(1).length() + 40 + 6 * pairs)
        .append(m.group(1))
        .append('(').append(alias).append(".RES_TYPE,").append(alias).append(".FHIR_ID) in (");
    for (int i = 0; i < pairs; i++) {
      rewritten.append(i == 0 ? "(?,?)" : ",(?,?)");
    }
    return rewritten.append(')').toString();
  }

  private static int countOccurrences(String text, String part) {
    int count = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
      count++;
    }
    return count;
  }
}
