package io.sfsync.emulator.http;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.locks.LockSupport;

/**
 * An output stream that passes bytes on no faster than a rate: it writes in slices of about 20 ms worth and, after
 * each, parks the writing thread until the time the bytes so far are due. The wait is spread over the body as it is
 * sent (the client sees a steady trickle, not a pause then a burst), parks rather than spins, and holds no lock.
 */
final class Throttled extends FilterOutputStream {
    private static final long SLICES_PER_SECOND = 50;

    private final long bytesPerSecond;
    private final int slice;
    private final long startNanos = System.nanoTime();
    private long written;

    Throttled(OutputStream out, long bytesPerSecond) {
        super(out);
        if (bytesPerSecond <= 0) {
            throw new IllegalArgumentException("a throttle needs a positive rate");
        }
        this.bytesPerSecond = bytesPerSecond;
        this.slice = (int) Math.max(512, Math.min(1 << 20, bytesPerSecond / SLICES_PER_SECOND));
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        paced(1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        int at = off;
        int left = len;
        while (left > 0) {
            int n = Math.min(slice, left);
            out.write(b, at, n);
            at += n;
            left -= n;
            paced(n);
        }
    }

    /** Counts {@code n} more bytes and waits until they are due. */
    private void paced(int n) throws IOException {
        written += n;
        long due = startNanos + (long) (written * 1e9 / bytesPerSecond);
        long wait;
        while ((wait = due - System.nanoTime()) > 0) {
            out.flush();
            LockSupport.parkNanos(wait);
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("throttled write interrupted");
            }
        }
    }
}
