package io.github.oncorefract.publish;

/**
 * One proposed resource and what will be done with it.
 *
 * @param key          the proposal key, e.g. {@code "careplan:Condition/c1"}
 * @param resourceType FHIR type
 * @param action       the decision
 * @param serverId     logical id on the server when it exists, else {@code null}
 */
public record PlannedWrite(String key, String resourceType, WriteAction action, String serverId) {}
