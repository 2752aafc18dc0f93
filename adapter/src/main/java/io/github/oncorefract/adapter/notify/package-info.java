/**
 * The real-time path: FHIR R4 rest-hook Subscription notifications received at {@code /api/notifications}
 * ({@link io.github.oncorefract.adapter.notify.NotificationController}), parsed into focus references
 * ({@link io.github.oncorefract.adapter.notify.NotificationParser}), resolved to in-scope patients
 * ({@link io.github.oncorefract.adapter.notify.NotificationPatientResolver}), coalesced per patient and assessed by a
 * targeted pass through the same route as any pass ({@link io.github.oncorefract.adapter.notify.NotificationRoutes}),
 * and the adapter's own Subscriptions created on the server at start
 * ({@link io.github.oncorefract.adapter.notify.NotificationSubscriptions}). Nothing here assesses a patient its own
 * way.
 */
package io.github.oncorefract.adapter.notify;
