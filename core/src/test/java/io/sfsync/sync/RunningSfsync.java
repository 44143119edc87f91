package io.sfsync.sync;

import io.sfsync.app.SfsyncRuntime;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;

/**
 * sfsync started in this JVM exactly as {@code sfsync run} starts it (camel-main, config/ and routes/), for tests;
 * {@link #close()} stops it.
 */
final class RunningSfsync implements AutoCloseable {
    private final CountDownLatch stop = new CountDownLatch(1);
    private final CompletableFuture<CamelContext> started = new CompletableFuture<>();
    private final Thread thread;

    RunningSfsync(SfsyncRuntime runtime) throws Exception {
        thread = new Thread(() -> {
            try {
                runtime.run(context -> {
                    started.complete(context);
                    try {
                        stop.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return 0;
                });
            } catch (Exception e) {
                started.completeExceptionally(e);
            }
            started.completeExceptionally(new IllegalStateException("sfsync stopped before it started"));
        }, "sfsync-under-test");
        thread.start();
        started.get(120, TimeUnit.SECONDS);
    }

    CamelContext context() {
        return started.join();
    }

    @Override
    public void close() throws InterruptedException {
        stop.countDown();
        thread.join(60_000);
    }
}
