/**
 * Wiring of Kafka partitioning ({@code adapter.kafka.*}, off by default): the publishing and consuming routes of
 * {@code io.github.oncorefract.partition} and the topic created at start. README "Running several instances with
 * Kafka".
 */
package io.github.oncorefract.adapter.partition;
