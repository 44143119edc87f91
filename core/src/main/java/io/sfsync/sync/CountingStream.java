package io.sfsync.sync;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** A result page's stream that counts the bytes read from it, so that the next pages can be sized by bytes. */
final class CountingStream extends FilterInputStream {
    private long count;

    CountingStream(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count++;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            count += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        count += Math.max(0, skipped);
        return skipped;
    }

    /** Marks would make bytes count twice: readers that need one buffer the stream themselves. */
    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public synchronized void mark(int readlimit) {
        // not supported, see markSupported
    }

    @Override
    public synchronized void reset() throws IOException {
        throw new IOException("mark/reset not supported");
    }

    /** The bytes read so far. */
    long count() {
        return count;
    }

    /** Reads what the reader left (an empty page's tail, a failed load's rest) and answers every byte of the stream. */
    long drained() {
        try {
            transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            // what was counted stands
        }
        return count;
    }
}
