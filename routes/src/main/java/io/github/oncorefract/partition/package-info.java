/**
 * Partitioning patients across adapter instances through Apache Kafka (camel-kafka), off unless
 * {@code adapter.kafka.enabled}: a writing pass (scheduled, start-up, API, a notification's targeted pass) publishes its
 * patients' logical ids keyed by id to one topic ({@link PartitionRoutes#DISPATCH}); every instance of one consumer
 * group assesses the partitions it owns with a targeted pass (trigger {@value PartitionedPatientConsumer#TRIGGER})
 * through the same {@code assess-patient} route as every other pass, and commits a record's offset only after that
 * patient's pass completed. Nothing here computes an assessment: this package only moves patient ids.
 */
package io.github.oncorefract.partition;
