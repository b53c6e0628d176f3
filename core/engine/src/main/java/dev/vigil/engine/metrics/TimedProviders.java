package dev.vigil.engine.metrics;

import dev.vigil.engine.model.ServiceSpec;
import dev.vigil.engine.readiness.ProviderPort;
import dev.vigil.engine.spi.ProbeResult;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * The provider port with each readiness {@code check} timed. The probe's own future is returned
 * unchanged (cancelling it cancels the check, as before); the time is recorded when it completes.
 * Adoption checks are one-shot and not timed.
 */
final class TimedProviders implements ProviderPort {

    private final ProviderPort inner;
    private final LongSupplier nanoTime;
    private final LongConsumer nanos;

    TimedProviders(ProviderPort inner, LongSupplier nanoTime, LongConsumer nanos) {
        this.inner = inner;
        this.nanoTime = nanoTime;
        this.nanos = nanos;
    }

    @Override
    public ProviderProbe open(ServiceSpec spec) {
        ProviderProbe probe = inner.open(spec);
        return new ProviderProbe() {
            @Override
            public CompletableFuture<ProbeResult> check(Duration timeout) {
                long started = nanoTime.getAsLong();
                CompletableFuture<ProbeResult> f = probe.check(timeout);
                f.whenComplete((r, e) -> {
                    if (!f.isCancelled()) nanos.accept(nanoTime.getAsLong() - started);
                });
                return f;
            }

            @Override
            public CompletableFuture<ProbeResult> adopt(Duration timeout) {
                return probe.adopt(timeout);
            }

            @Override
            public Optional<String> explainExit(int code, int signal, ProbeResult last) {
                return probe.explainExit(code, signal, last);
            }

            @Override
            public void close() {
                probe.close();
            }
        };
    }
}
