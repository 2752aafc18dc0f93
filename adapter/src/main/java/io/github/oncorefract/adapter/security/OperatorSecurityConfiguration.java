package io.github.oncorefract.adapter.security;

import io.github.oncorefract.adapter.config.OperatorSecurityProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.web.servlet.DelegatingFilterProxyRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The operator surface's security ({@code adapter.security.*}, {@link OperatorSecurityProperties}).
 *
 * <ul>
 *   <li>Spring Security's servlet filter is mapped to {@link #FILTER_URL_PATTERNS} only, and its one filter chain
 *       matches {@link #operatorPaths()} only, so {@code /fhir/**}, {@code /cds-services/**},
 *       {@code /api/notifications/**}, {@code /actuator/health/**}, the timeline page and {@code /smart/**} are served
 *       exactly as without it.</li>
 *   <li>{@code none}: every operator request is allowed; start-up logs a WARN when {@code server.address} is not a
 *       loopback address. {@code basic}: HTTP Basic against one user whose password is hashed at start.
 *       {@code oauth2}: a JWT bearer token, checked against the issuer's keys, {@code exp}/{@code nbf}, {@code iss}
 *       (when {@code issuer-uri} is set) and the required {@code aud}.</li>
 *   <li>In every mode a state-changing request that a browser marks as cross-site ({@code Sec-Fetch-Site}
 *       {@code cross-site} or {@code same-site}) is refused with 403, so a web page cannot make an operator's browser
 *       run passes or replays (Basic credentials and loopback access are both sent by browsers on their own).</li>
 *   <li>No session, no CSRF token (nothing is authorised by a cookie), no request cache. 401 and 403 answer a fixed
 *       OperationOutcome that echoes nothing from the request.</li>
 * </ul>
 * A mode that lacks its settings stops the start with an {@link IllegalStateException} naming the settings only.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
public class OperatorSecurityConfiguration {

  private static final Logger log = LoggerFactory.getLogger(OperatorSecurityConfiguration.class);

  /** Servlet URL patterns of Spring Security's filter ({@code "/"} is the exact root in a filter mapping). */
  public static final List<String> FILTER_URL_PATTERNS = List.of("/api/*", "/actuator/*", "/");

  private static final String REALM = "OncoRefract operator";
  private static final String FHIR_JSON = "application/fhir+json";

  /** The operator surface: {@code /api/**} but notifications, {@code /}, {@code /actuator/**} but health. */
  public static RequestMatcher operatorPaths() {
    PathPatternRequestMatcher.Builder p = PathPatternRequestMatcher.withDefaults();
    return new AndRequestMatcher(
        new OrRequestMatcher(p.matcher("/api/**"), p.matcher("/"), p.matcher("/actuator/**")),
        new NegatedRequestMatcher(new OrRequestMatcher(p.matcher("/api/notifications/**"),
            p.matcher("/actuator/health/**"))));
  }

  /** Maps Boot's registration of Spring Security's filter to {@link #FILTER_URL_PATTERNS} instead of {@code /*}. */
  @Bean
  static BeanPostProcessor operatorSecurityFilterUrlPatterns() {
    return new BeanPostProcessor() {
      @Override
      public Object postProcessBeforeInitialization(Object bean, String beanName) {
        // Boot's registration of the filter that delegates to springSecurityFilterChain (SecurityFilterAutoConfiguration)
        if (bean instanceof DelegatingFilterProxyRegistrationBean r
            && "securityFilterChainRegistration".equals(beanName)) {
          r.setUrlPatterns(FILTER_URL_PATTERNS);
        }
        return bean;
      }
    };
  }

  /**
   * @param http          Spring Security's builder
   * @param props         {@code adapter.security.*}
   * @param serverAddress {@code server.address} (empty: every interface)
   */
  @Bean
  SecurityFilterChain operatorSecurity(HttpSecurity http, OperatorSecurityProperties props,
      @Value("${server.address:}") String serverAddress) throws Exception {
    http.securityMatcher(operatorPaths())
        .csrf(c -> c.disable())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .requestCache(c -> c.disable())
        .formLogin(f -> f.disable())
        .logout(l -> l.disable())
        .addFilterAfter(new CrossSiteWriteFilter(), HeaderWriterFilter.class)
        .exceptionHandling(e -> e.accessDeniedHandler((req, res, ex) ->
            outcome(res, HttpServletResponse.SC_FORBIDDEN, "forbidden", "Not allowed")));
    switch (props.mode()) {
      case NONE -> {
        warnWhenExposed(serverAddress);
        http.authorizeHttpRequests(a -> a.anyRequest().permitAll());
      }
      case BASIC -> {
        AuthenticationEntryPoint entry = (req, res, ex) -> {
          res.setHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
          outcome(res, HttpServletResponse.SC_UNAUTHORIZED, "login", "Authentication required");
        };
        http.authenticationManager(basicAuthentication(props.basic()))
            .httpBasic(b -> b.realmName(REALM).authenticationEntryPoint(entry))
            .exceptionHandling(e -> e.authenticationEntryPoint(entry))
            .authorizeHttpRequests(a -> a.anyRequest().authenticated());
        log.info("operator security: HTTP Basic on /api, / and /actuator (health and notifications open)");
      }
      case OAUTH2 -> {
        BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();
        bearer.setRealmName(REALM);
        AuthenticationEntryPoint entry = (req, res, ex) -> {
          bearer.commence(req, res, ex); // status and WWW-Authenticate (error code only, no token or claim values)
          outcome(res, HttpServletResponse.SC_UNAUTHORIZED, "login", "Authentication required");
        };
        JwtDecoder decoder = jwtDecoder(props.oauth2());
        http.oauth2ResourceServer(o -> o.jwt(j -> j.decoder(decoder)).authenticationEntryPoint(entry))
            .exceptionHandling(e -> e.authenticationEntryPoint(entry))
            .authorizeHttpRequests(a -> a.anyRequest().authenticated());
        log.info("operator security: OAuth2 bearer tokens (JWT) on /api, / and /actuator (health and "
            + "notifications open)");
      }
      default -> throw new IllegalStateException("unknown adapter.security.mode");
    }
    return http.build();
  }

  /** True when {@code server.address} serves more than this host: empty (every interface) or not loopback. */
  static boolean exposed(String serverAddress) {
    if (serverAddress == null || serverAddress.isBlank()) {
      return true;
    }
    try {
      return !InetAddress.getByName(serverAddress.trim()).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return true;
    }
  }

  private static void warnWhenExposed(String serverAddress) {
    if (exposed(serverAddress)) {
      log.warn("*****************************************************************************************");
      log.warn("* OPERATOR API WITHOUT AUTHENTICATION on a non-loopback address (adapter.security.mode=none,");
      log.warn("* server.address not loopback): anyone who reaches this port can read /api and / and run");
      log.warn("* passes. Set adapter.security.mode=oauth2 (or basic on a test box), or bind to 127.0.0.1.");
      log.warn("*****************************************************************************************");
    }
  }

  /** One user from the settings; the password is hashed here and the plain text not kept by the manager. */
  static AuthenticationManager basicAuthentication(OperatorSecurityProperties.Basic basic) {
    if (basic == null || basic.user() == null || basic.user().isBlank() || basic.password() == null
        || basic.password().isEmpty()) {
      throw new IllegalStateException("adapter.security.mode=basic needs adapter.security.basic.user and "
          + "adapter.security.basic.password (from the environment: ADAPTER_SECURITY_BASIC_USER, "
          + "ADAPTER_SECURITY_BASIC_PASSWORD)");
    }
    PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
    DaoAuthenticationProvider provider = new DaoAuthenticationProvider(new InMemoryUserDetailsManager(
        User.withUsername(basic.user()).password(encoder.encode(basic.password())).roles("OPERATOR").build()));
    provider.setPasswordEncoder(encoder);
    return new ProviderManager(provider);
  }

  /**
   * The JWT decoder of {@code oauth2} mode: keys from {@code jwk-set-uri}, else discovered from {@code issuer-uri} at
   * the first request; validators: timestamps, issuer (when set), audience.
   */
  static JwtDecoder jwtDecoder(OperatorSecurityProperties.OAuth2 o) {
    if (o == null || o.audience() == null || o.audience().isBlank()
        || (o.issuerUri() == null && o.jwkSetUri() == null)) {
      throw new IllegalStateException("adapter.security.mode=oauth2 needs adapter.security.oauth2.audience and "
          + "adapter.security.oauth2.issuer-uri or adapter.security.oauth2.jwk-set-uri");
    }
    OAuth2TokenValidator<Jwt> validator = new DelegatingOAuth2TokenValidator<>(
        o.issuerUri() != null ? JwtValidators.createDefaultWithIssuer(o.issuerUri().toString())
            : JwtValidators.createDefault(),
        new JwtClaimValidator<List<String>>(JwtClaimNames.AUD, aud -> aud != null && aud.contains(o.audience())));
    if (o.jwkSetUri() != null) {
      NimbusJwtDecoder d = NimbusJwtDecoder.withJwkSetUri(o.jwkSetUri().toString())
          .jwsAlgorithms(a -> a.addAll(List.of(SignatureAlgorithm.RS256, SignatureAlgorithm.RS384,
              SignatureAlgorithm.RS512, SignatureAlgorithm.ES256, SignatureAlgorithm.ES384, SignatureAlgorithm.ES512,
              SignatureAlgorithm.PS256, SignatureAlgorithm.PS384, SignatureAlgorithm.PS512)))
          .build();
      d.setJwtValidator(validator);
      return d;
    }
    String issuer = o.issuerUri().toString();
    return new SupplierJwtDecoder(() -> {
      NimbusJwtDecoder d = (NimbusJwtDecoder) JwtDecoders.fromIssuerLocation(issuer);
      d.setJwtValidator(validator);
      return d;
    });
  }

  private static void outcome(HttpServletResponse res, int status, String code, String text) throws IOException {
    if (res.isCommitted()) {
      return;
    }
    res.setStatus(status);
    res.setContentType(FHIR_JSON);
    res.setCharacterEncoding(StandardCharsets.UTF_8.name());
    res.getWriter().write("{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\""
        + code + "\",\"diagnostics\":\"" + text + "\"}]}");
  }

  /** Refuses state-changing requests a browser marks as coming from another site. */
  static final class CrossSiteWriteFilter extends OncePerRequestFilter {
    @Override
    protected void doFilterInternal(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
        throws ServletException, IOException {
      String site = req.getHeader("Sec-Fetch-Site");
      boolean write = !("GET".equals(req.getMethod()) || "HEAD".equals(req.getMethod())
          || "OPTIONS".equals(req.getMethod()));
      if (write && ("cross-site".equalsIgnoreCase(site) || "same-site".equalsIgnoreCase(site))) {
        outcome(res, HttpServletResponse.SC_FORBIDDEN, "forbidden", "Cross-site request refused");
        return;
      }
      chain.doFilter(req, res);
    }
  }
}
