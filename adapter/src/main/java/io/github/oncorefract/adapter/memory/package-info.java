/**
 * The process's memory: giving back the heap the start-up needed once the application is ready
 * ({@link io.github.oncorefract.adapter.memory.HeapTrim}).
 */
package io.github.oncorefract.adapter.memory;
