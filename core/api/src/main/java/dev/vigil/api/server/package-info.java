/**
 * The control API server: HTTP/1.1 + JSON on a Unix domain socket (Jetty), Server-Sent Events for
 * live events and log tails. It acts on services only through the engine's {@code Supervisor}.
 */
package dev.vigil.api.server;
