package io.github.oncorefract.suggest;

import ca.uhn.fhir.context.FhirContext;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * A tiny FHIR server for publisher tests, on a JDK HTTP server on localhost: {@code /metadata} answers a minimal
 * CapabilityStatement, {@code GET Type?...} answers every stored resource of that type (filters are ignored: tests
 * hold one patient), and {@link #apply(Bundle)} applies a planned transaction the way a server would (creates get an
 * id and version 1, {@code urn:uuid} references are rewritten to {@code Type/id}, updates bump the version), without
 * HTTP. Not thread-safe; one per test class.
 */
final class InMemoryFhirServer implements AutoCloseable {

  private final FhirContext ctx;
  private final HttpServer server;
  private final Map<String, Resource> store = new LinkedHashMap<>();
  private int next = 1;

  InMemoryFhirServer(FhirContext ctx) {
    this.ctx = ctx;
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/fhir", exchange -> {
      String path = exchange.getRequestURI().getPath();
      String body;
      if (path.endsWith("/metadata")) {
        body = "{\"resourceType\":\"CapabilityStatement\",\"status\":\"active\",\"date\":\"2026-01-01\","
            + "\"kind\":\"instance\",\"fhirVersion\":\"4.0.1\",\"format\":[\"json\"]}";
      } else {
        String type = path.substring(path.lastIndexOf('/') + 1);
        Bundle b = new Bundle().setType(Bundle.BundleType.SEARCHSET);
        store.values().stream().filter(r -> r.fhirType().equals(type)).forEach(r -> b.addEntry().setResource(r));
        b.setTotal(b.getEntry().size());
        body = ctx.newJsonParser().encodeResourceToString(b);
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/fhir+json");
      exchange.sendResponseHeaders(200, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    });
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/fhir";
  }

  /** Stored resources of a type, in creation order. */
  List<Resource> all(String type) {
    return store.values().stream().filter(r -> r.fhirType().equals(type)).map(Resource::copy).toList();
  }

  /**
   * Changes stored resources of a type in place, keeping their id and version (as if they had always been stored so,
   * e.g. written by an earlier version of the adapter).
   */
  void edit(String type, java.util.function.Consumer<Resource> change) {
    store.values().stream().filter(r -> r.fhirType().equals(type)).forEach(change);
  }

  /** Stores a resource as a client would have written it (an id and version 1 are assigned). */
  String put(Resource r) {
    Resource c = r.copy();
    String id = c.fhirType() + "/s" + next++;
    c.setId(id + "/_history/1");
    c.getMeta().setVersionId("1");
    store.put(id, c);
    return id;
  }

  /** Applies a transaction: POST entries are created, PUT entries replace, urn:uuid references resolve. */
  void apply(Bundle tx) {
    Map<String, String> urns = new LinkedHashMap<>();
    for (Bundle.BundleEntryComponent e : tx.getEntry()) {
      if (e.getRequest().getMethod() == Bundle.HTTPVerb.POST) {
        urns.put(e.getFullUrl(), e.getResource().fhirType() + "/s" + next++);
      }
    }
    for (Bundle.BundleEntryComponent e : tx.getEntry()) {
      Resource r = e.getResource().copy();
      for (Reference ref : ctx.newTerser().getAllPopulatedChildElementsOfType(r, Reference.class)) {
        if (ref.getReference() != null && urns.containsKey(ref.getReference())) {
          ref.setReference(urns.get(ref.getReference()));
        }
      }
      String id;
      int version;
      if (e.getRequest().getMethod() == Bundle.HTTPVerb.POST) {
        id = urns.get(e.getFullUrl());
        version = 1;
      } else {
        id = e.getRequest().getUrl();
        Resource old = store.get(id);
        version = old == null ? 1 : Integer.parseInt(old.getMeta().getVersionId()) + 1;
      }
      r.setId(id + "/_history/" + version);
      r.getMeta().setVersionId(String.valueOf(version));
      store.put(id, r);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
