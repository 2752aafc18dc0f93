package io.github.oncorefract.adapter.config;

import io.github.oncorefract.routing.WriteMode;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code adapter.*} top-level switches.
 *
 * @param writeMode {@code write} (default) sends transactions; {@code dry-run} computes everything and writes nothing
 */
@ConfigurationProperties("adapter")
public record AdapterProperties(@DefaultValue("write") WriteMode writeMode) {}
