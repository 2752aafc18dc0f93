/**
 * Dead letters: patients that keep failing, kept durably beside the incremental cursor ({@code adapter.state.dir}) with
 * a sanitised reason and their attempt count, so an operator can list and replay them and every pass does not retry
 * them again and again. The ledger ({@link io.github.oncorefract.deadletter.DeadLetters}) decides when a failing
 * patient becomes a dead letter; the stores only keep entries. No Spring, Camel or HTTP types here.
 */
package io.github.oncorefract.deadletter;
