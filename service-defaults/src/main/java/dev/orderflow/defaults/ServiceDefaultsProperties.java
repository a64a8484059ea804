package dev.orderflow.defaults;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/** @param maxRequestBody largest request body accepted; larger is a 413 ({@code ORDERFLOW_HTTP_MAX_REQUEST_BODY}). */
@ConfigurationProperties("orderflow.http")
public record ServiceDefaultsProperties(@DefaultValue("1MB") DataSize maxRequestBody) {}
