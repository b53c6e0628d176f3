/**
 * The llama-server provider plugin: a {@link dev.vigil.engine.spi.ProbeProvider} of kind {@code
 * llama-server} that reads llama.cpp's {@code /health}, {@code /v1/models}, {@code /props} and
 * {@code /slots} and concludes STARTING, WARMING, READY, SERVING, IDLE or a failure, in single-model
 * and router mode, as ../shared/PROVIDERS.md §1 documents them.
 *
 * <p>Owns its settings, a small HTTP client wrapper bounded by the check's deadline, a strict JSON
 * reader and the readings of each endpoint's answer. Depends on {@code java.*} and the SPI package
 * {@code dev.vigil.engine.spi} only: it is loaded in a class loader of its own that sees nothing else
 * of vigil.
 */
package dev.vigil.plugins.llama;
