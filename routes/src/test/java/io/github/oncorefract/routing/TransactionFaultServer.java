package io.github.oncorefract.routing;

import ca.uhn.fhir.context.FhirContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * A tiny FHIR server on the JDK HTTP server for the route's transaction faults: {@code GET Type?...} answers every
 * stored resource of that type (tests hold one patient; filters are ignored), {@code POST /fhir} applies a transaction
 * atomically the way a server does (conditional creates by {@code identifier} or {@code _tag} find what exists,
 * {@code If-Match} on an update fails the whole transaction with 412). Fault: {@link #stallAfterCommit(int, long)}
 * commits the next transactions and then answers only after a delay (longer than the client's read timeout), as a
 * server whose answer is lost. The delay is the injected fault, served on a handler thread; no test waits on it.
 */
final class TransactionFaultServer implements AutoCloseable {

  private final FhirContext ctx;
  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final Map<String, Resource> store = new LinkedHashMap<>();
  private final AtomicInteger transactions = new AtomicInteger();
  private final AtomicInteger preconditionFailures = new AtomicInteger();
  private final AtomicInteger stalls = new AtomicInteger();
  private volatile long stallMillis;
  private volatile boolean stallCommits = true;
  private volatile String touch;
  private volatile boolean reject;
  private int next = 1;

  TransactionFaultServer(FhirContext ctx) {
    this.ctx = ctx;
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(threads);
    server.createContext("/fhir", exchange -> {
      try {
        handle(exchange);
      } catch (Throwable t) {
        t.printStackTrace(System.out);
      }
    });
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/fhir";
  }

  /** The next {@code count} transactions are committed, then answered only after {@code millis}. */
  void stallAfterCommit(int count, long millis) {
    stallMillis = millis;
    stallCommits = true;
    stalls.set(count);
  }

  /** The next {@code count} transactions are not applied and answered (with 504) only after {@code millis}. */
  void stallWithoutCommit(int count, long millis) {
    stallMillis = millis;
    stallCommits = false;
    stalls.set(count);
  }

  /** The next transaction is refused with 422 (a permanent error): nothing is applied. */
  void rejectNextTransaction() {
    reject = true;
  }

  /**
   * Just before the next transaction, another writer updates every stored resource of {@code type} (content kept,
   * version bumped): the transaction's {@code If-Match} then fails with 412.
   */
  void touchBeforeNextTransaction(String type) {
    touch = type;
  }

  /** Transactions received (committed or not). */
  int transactions() {
    return transactions.get();
  }

  /** Transactions refused with 412. */
  int preconditionFailures() {
    return preconditionFailures.get();
  }

  /** Stored resources of a type. */
  synchronized List<Resource> all(String type) {
    return store.values().stream().filter(r -> r.fhirType().equals(type)).map(Resource::copy).toList();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      if ("POST".equals(exchange.getRequestMethod())) {
        transactions.incrementAndGet();
        Bundle tx = ctx.newJsonParser().parseResource(Bundle.class, exchange.getRequestBody());
        if (reject) {
          reject = false;
          send(exchange, 422, "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\","
              + "\"code\":\"processing\"}]}");
          return;
        }
        boolean stall = stalls.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
        Bundle response = null;
        synchronized (this) {
          if (touch != null) {
            store.values().stream().filter(r -> r.fhirType().equals(touch)).forEach(r -> r.getMeta().setVersionId(
                String.valueOf(Integer.parseInt(r.getMeta().getVersionId()) + 1)));
            touch = null;
          }
          if (!stall || stallCommits) {
            response = apply(tx);
          }
        }
        if (stall && !stallCommits) {
          pause();
          send(exchange, 504, "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\","
              + "\"code\":\"timeout\"}]}");
          return;
        }
        if (response == null) {
          preconditionFailures.incrementAndGet();
          send(exchange, 412, "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\","
              + "\"code\":\"conflict\"}]}");
          return;
        }
        if (stall) {
          pause();
        }
        send(exchange, 200, ctx.newJsonParser().encodeResourceToString(response));
        return;
      }
      if (path.endsWith("/metadata")) {
        send(exchange, 200, "{\"resourceType\":\"CapabilityStatement\",\"status\":\"active\",\"date\":\"2026-01-01\","
            + "\"kind\":\"instance\",\"fhirVersion\":\"4.0.1\",\"format\":[\"json\"]}");
        return;
      }
      String type = path.substring(path.lastIndexOf('/') + 1);
      Bundle b = new Bundle().setType(Bundle.BundleType.SEARCHSET);
      all(type).forEach(r -> b.addEntry().setResource(r));
      b.setTotal(b.getEntry().size());
      send(exchange, 200, ctx.newJsonParser().encodeResourceToString(b));
    }
  }

  private void pause() {
    try {
      TimeUnit.MILLISECONDS.sleep(stallMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/fhir+json");
    try {
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    } catch (IOException e) {
      // the client gave up waiting (read timeout): the transaction stays committed
    }
  }

  /** Applies a transaction atomically; {@code null} (nothing changed) when an If-Match fails. */
  private Bundle apply(Bundle tx) {
    for (Bundle.BundleEntryComponent e : tx.getEntry()) {
      if (e.getRequest().getMethod() == Bundle.HTTPVerb.PUT && e.getRequest().hasIfMatch()) {
        Resource old = store.get(e.getRequest().getUrl());
        String want = e.getRequest().getIfMatch().replace("W/", "").replace("\"", "");
        if (old == null || !want.equals(old.getMeta().getVersionId())) {
          return null;
        }
      }
    }
    Bundle response = new Bundle().setType(Bundle.BundleType.TRANSACTIONRESPONSE);
    Map<String, String> urns = new LinkedHashMap<>();
    List<Bundle.BundleEntryComponent> creates = new ArrayList<>();
    for (Bundle.BundleEntryComponent e : tx.getEntry()) {
      if (e.getRequest().getMethod() == Bundle.HTTPVerb.POST) {
        String found = existing(e.getResource().fhirType(), e.getRequest().getIfNoneExist());
        if (found != null) {
          urns.put(e.getFullUrl(), found);
        } else {
          urns.put(e.getFullUrl(), e.getResource().fhirType() + "/s" + next++);
          creates.add(e);
        }
      }
    }
    for (Bundle.BundleEntryComponent e : tx.getEntry()) {
      boolean post = e.getRequest().getMethod() == Bundle.HTTPVerb.POST;
      if (post && !creates.contains(e)) {
        response.addEntry().getResponse().setStatus("200 OK").setLocation(urns.get(e.getFullUrl()));
        continue;
      }
      Resource r = e.getResource().copy();
      for (Reference ref : ctx.newTerser().getAllPopulatedChildElementsOfType(r, Reference.class)) {
        if (ref.getReference() != null && urns.containsKey(ref.getReference())) {
          ref.setReference(urns.get(ref.getReference()));
        }
      }
      String id = post ? urns.get(e.getFullUrl()) : e.getRequest().getUrl();
      Resource old = store.get(id);
      int version = old == null ? 1 : Integer.parseInt(old.getMeta().getVersionId()) + 1;
      r.setId(id + "/_history/" + version);
      r.getMeta().setVersionId(String.valueOf(version));
      store.put(id, r);
      response.addEntry().getResponse().setStatus(post ? "201 Created" : "200 OK")
          .setLocation(id + "/_history/" + version);
    }
    return response;
  }

  /** The id of a stored resource matching a conditional create's {@code identifier=} or {@code _tag=}, else null. */
  private String existing(String type, String ifNoneExist) {
    if (ifNoneExist == null) {
      return null;
    }
    String query = ifNoneExist.substring(ifNoneExist.indexOf('?') + 1);
    String[] kv = query.split("=", 2);
    String[] token = URLDecoder.decode(kv[1], StandardCharsets.UTF_8).split("\\|", 2);
    for (Resource r : store.values()) {
      if (!r.fhirType().equals(type)) {
        continue;
      }
      if ("_tag".equals(kv[0])) {
        for (Coding c : r.getMeta().getTag()) {
          if (token[0].equals(c.getSystem()) && token[1].equals(c.getCode())) {
            return type + "/" + r.getIdElement().getIdPart();
          }
        }
      } else if (r.getNamedProperty("identifier") != null) {
        for (Base b : r.getNamedProperty("identifier").getValues()) {
          Identifier i = (Identifier) b;
          if (token[0].equals(i.getSystem()) && token[1].equals(i.getValue())) {
            return type + "/" + r.getIdElement().getIdPart();
          }
        }
      }
    }
    return null;
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
