package io.github.oncorefract.ingest.bulk;

/**
 * A Bulk Data export that could not be completed: the kick-off or a status request was refused, the job failed, the
 * wait exceeded {@code adapter.bulk.poll-timeout}, or an output file could not be downloaded safely. The message holds
 * the step and HTTP status only (no URL, no body), so it may be logged.
 */
public class BulkExportException extends RuntimeException {

  private final int status;

  /**
   * @param message the step and reason, without URLs or server text
   * @param status  the HTTP status involved, or 0
   */
  public BulkExportException(String message, int status) {
    super(status > 0 ? message + " (HTTP " + status + ")" : message);
    this.status = status;
  }

  /** The HTTP status involved, or 0. */
  public int status() {
    return status;
  }
}
