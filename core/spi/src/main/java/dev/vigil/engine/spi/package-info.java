/**
 * The probe plugin SPI: what a provider plugin (llama-server, Kokoro, Moonshine, or anyone's) implements
 * so that vigil learns whether a service is starting, warming, ready, serving or idle, and, optionally,
 * the actions it offers to task templates ({@link dev.vigil.engine.spi.Probe#act}, e.g. a router's
 * model load).
 *
 * <p>This package imports {@code java.*} only (a test fails the build otherwise): a plugin compiles
 * against it alone and runs in a class loader of its own that sees nothing else of vigil.
 *
 * <pre>{@code
 * public final class EchoProvider implements ProbeProvider {
 *     public String kind() { return "echo"; }
 *     public Probe create(ProbeConfig config, ProbeContext ctx) throws ProbeConfigException {
 *         URI url = config.uri("url").orElseThrow(() -> new ProbeConfigException("url", "is required"));
 *         return deadline -> {
 *             var rsp = ctx.http().send(HttpRequest.newBuilder(url.resolve("/health")).build(),
 *                     HttpResponse.BodyHandlers.ofString());
 *             return rsp.statusCode() == 200 ? new ProbeResult.Ready(List.of(), "ok")
 *                                            : new ProbeResult.Warming("HTTP " + rsp.statusCode(), null);
 *         };
 *     }
 * }
 * }</pre>
 */
package dev.vigil.engine.spi;
