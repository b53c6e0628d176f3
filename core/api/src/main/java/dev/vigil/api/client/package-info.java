/**
 * A small client of the control API for the CLI: HTTP/1.1 over a Unix domain socket with the JDK's
 * {@code SocketChannel} alone. Jetty's client would cost the CLI's start time more than its whole
 * request; this speaks exactly the subset the server answers with (Content-Length or chunked).
 */
package dev.vigil.api.client;
