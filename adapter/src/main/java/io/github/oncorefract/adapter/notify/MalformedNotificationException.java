package io.github.oncorefract.adapter.notify;

/** A notification body or path that is not one of the accepted shapes; answered 400 with an OperationOutcome. */
public class MalformedNotificationException extends RuntimeException {

  /**
   * @param message what is wrong, without any value from the body (no identifiers, no resource content)
   */
  public MalformedNotificationException(String message) {
    super(message);
  }
}
