package io.github.oncorefract.adapter.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.oncorefract.adapter.config.OperatorSecurityProperties;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** Start-up checks of {@code adapter.security.*}: missing settings stop the start; which addresses are exposed. */
class OperatorSecuritySettingsTest {

  @Test
  void loopbackAddressesAreNotExposedEverythingElseIs() {
    assertThat(OperatorSecurityConfiguration.exposed("127.0.0.1")).isFalse();
    assertThat(OperatorSecurityConfiguration.exposed("::1")).isFalse();
    assertThat(OperatorSecurityConfiguration.exposed("localhost")).isFalse();
    assertThat(OperatorSecurityConfiguration.exposed("0.0.0.0")).isTrue();
    assertThat(OperatorSecurityConfiguration.exposed("")).isTrue();
    assertThat(OperatorSecurityConfiguration.exposed(null)).isTrue();
  }

  @Test
  void basicNeedsUserAndPasswordAndNeverShowsThePassword() {
    assertThatThrownBy(() -> OperatorSecurityConfiguration.basicAuthentication(
        new OperatorSecurityProperties.Basic("operator", null)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("adapter.security.basic.password");
    assertThat(new OperatorSecurityProperties.Basic("operator", "s3cret").toString()).doesNotContain("s3cret");
  }

  @Test
  void oauth2NeedsAnAudienceAndAKeySource() {
    assertThatThrownBy(() -> OperatorSecurityConfiguration.jwtDecoder(
        new OperatorSecurityProperties.OAuth2(URI.create("https://idp.test"), null, null)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("audience");
    assertThatThrownBy(() -> OperatorSecurityConfiguration.jwtDecoder(
        new OperatorSecurityProperties.OAuth2(null, null, "aud")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("issuer-uri");
    assertThat(OperatorSecurityConfiguration.jwtDecoder(
        new OperatorSecurityProperties.OAuth2(URI.create("https://idp.invalid"), null, "aud")))
        .as("discovery waits for the first request").isNotNull();
  }
}
