package io.github.oncorefract.adapter.web;

import jakarta.servlet.http.HttpSession;
import java.io.Serial;
import java.io.Serializable;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.LinkedHashMap;

/**
 * What a SMART App Launch keeps in the HTTP session (server-side only; the browser holds just the session cookie):
 * the pending authorization requests between {@code /smart/launch} and {@code /smart/callback}, by {@code state},
 * then the launch contexts, by patient. One browser may have several EHR windows open (a patient each, launched in
 * any order), so neither kind replaces another; each keeps the {@value #MAX_ENTRIES} most recent. The access token
 * never leaves the server and is never logged ({@code toString} hides it).
 */
final class SmartSession {

  static final String PENDING = SmartSession.class.getName() + ".pending";
  static final String LAUNCHED = SmartSession.class.getName() + ".launched";
  /** Pending launches and launch contexts kept per session, each (the oldest go first). */
  static final int MAX_ENTRIES = 8;

  private SmartSession() {}

  /** Keeps a pending launch under its state. */
  static void addPending(HttpSession session, PendingLaunch pending) {
    put(session, PENDING, pending.state(), pending);
  }

  /**
   * Removes and returns the pending launch of {@code state} (each state is spent by its first callback), or
   * {@code null} when this session has none (states compared in constant time).
   */
  static PendingLaunch takePending(HttpSession session, String state) {
    if (session == null || state == null) {
      return null;
    }
    synchronized (lock(session)) {
      LinkedHashMap<String, PendingLaunch> map = map(session, PENDING);
      for (String key : map.keySet()) {
        if (MessageDigest.isEqual(key.getBytes(StandardCharsets.UTF_8), state.getBytes(StandardCharsets.UTF_8))) {
          PendingLaunch p = map.remove(key);
          session.setAttribute(PENDING, map);
          return p;
        }
      }
      return null;
    }
  }

  /** Keeps a completed launch for its patient (replacing an earlier launch of the same patient). */
  static void addLaunched(HttpSession session, LaunchContext launch) {
    put(session, LAUNCHED, launch.patient(), launch);
  }

  /** The launch context of {@code patient} in this session, or {@code null}. */
  static LaunchContext launched(HttpSession session, String patient) {
    return session == null ? null : SmartSession.<LaunchContext>map(session, LAUNCHED).get(patient);
  }

  /** True when this session has a launch context of any patient. */
  static boolean anyLaunched(HttpSession session) {
    return session != null && !map(session, LAUNCHED).isEmpty();
  }

  private static <V> void put(HttpSession session, String attribute, String key, V value) {
    synchronized (lock(session)) {
      LinkedHashMap<String, V> map = map(session, attribute);
      map.remove(key);
      map.put(key, value);
      while (map.size() > MAX_ENTRIES) {
        map.remove(map.keySet().iterator().next());
      }
      session.setAttribute(attribute, map);
    }
  }

  /** A copy of the session's map (copy on write: the session only ever holds a map no request changes). */
  @SuppressWarnings("unchecked")
  private static <V> LinkedHashMap<String, V> map(HttpSession session, String attribute) {
    return session.getAttribute(attribute) instanceof LinkedHashMap<?, ?> m
        ? new LinkedHashMap<>((LinkedHashMap<String, V>) m) : new LinkedHashMap<>();
  }

  private static Object lock(HttpSession session) {
    return org.springframework.web.util.WebUtils.getSessionMutex(session);
  }

  /**
   * An authorization request in flight.
   *
   * @param state         the random {@code state} sent to the authorization endpoint (base64url, 256 bits)
   * @param codeVerifier  the PKCE verifier (base64url, 256 bits) whose S256 challenge was sent
   * @param iss           the EHR's FHIR base URL (no trailing slash)
   * @param tokenEndpoint where the code is exchanged
   * @param redirectUri   the redirect URI sent (the token request must repeat it)
   */
  record PendingLaunch(String state, String codeVerifier, String iss, URI tokenEndpoint, String redirectUri)
      implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    @Override
    public String toString() {
      return "PendingLaunch[iss=" + iss + "]";
    }
  }

  /**
   * A completed launch.
   *
   * @param iss         the EHR's FHIR base URL (no trailing slash) the data is read from
   * @param patient     logical id of the patient in context (token response {@code patient})
   * @param accessToken the bearer token for {@code iss}; never logged
   * @param expiresAt   when the token expires (UTC instant)
   */
  record LaunchContext(String iss, String patient, String accessToken, Instant expiresAt) implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    boolean expired(Instant now) {
      return !now.isBefore(expiresAt);
    }

    @Override
    public String toString() {
      return "LaunchContext[iss=" + iss + ", expiresAt=" + expiresAt + ", accessToken=***]";
    }
  }

}
