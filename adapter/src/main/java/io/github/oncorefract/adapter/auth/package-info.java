/**
 * Authentication of the adapter to an external FHIR server: SMART Backend Services (client credentials with a
 * signed JWT assertion) as a HAPI client interceptor. Keys and tokens are never logged.
 */
package io.github.oncorefract.adapter.auth;
