package dev.vigil.engine.model;

/** What one child of a service is doing now. {@code pid} is null when no process runs. */
public record ChildStatus(String name, ServiceState state, Long pid, String instance) {}
