package io.sfsync.sync;

import io.sfsync.api.IntelligentSync;
import io.sfsync.app.SfsyncRuntime;
import io.sfsync.warehouse.Warehouse;

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

    /** The Java API on this sfsync, as an embedding application calls it. */
    IntelligentSync sync() {
        return new IntelligentSync(context());
    }

    /** The warehouse this sfsync writes, from its registry. */
    Warehouse warehouse() {
        return warehouse(Warehouse.class);
    }

    /** The warehouse this sfsync writes, as the given kind (DuckDB, Snowflake). */
    <W extends Warehouse> W warehouse(Class<W> type) {
        W warehouse = context().getRegistry().lookupByNameAndType("sfsync-warehouse", type);
        if (warehouse == null) {
            throw new IllegalStateException("sfsync's registry has no sfsync-warehouse of type " + type.getName());
        }
        return warehouse;
    }

    @Override
    public void close() throws InterruptedException {
        stop.countDown();
        thread.join(60_000);
    }
}
