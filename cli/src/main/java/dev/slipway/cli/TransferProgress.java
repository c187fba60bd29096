package dev.slipway.cli;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.concurrent.Flow;

/**
 * Progress of the large transfers of {@code import} and {@code export}, printed to stderr as a line
 * per step (10 % of a known size, or every 16 MiB of an unknown one), so it reads well in a terminal
 * and in a CI log alike. The counting wrappers pass the bytes through untouched.
 */
final class TransferProgress {
    private static final long UNKNOWN_STEP = 16L << 20;

    private final PrintWriter err;
    private final String verb;
    private final long total;
    private long done;
    private long reported;

    /**
     * @param verb what is happening, {@code "Uploading data.csv"}
     * @param total the size in bytes, or -1 when unknown
     */
    TransferProgress(PrintWriter err, String verb, long total) {
        this.err = err;
        this.verb = verb;
        this.total = total;
    }

    /** Counts {@code n} more bytes and prints a line when a step is passed. */
    synchronized void add(long n) {
        done += n;
        if (total > 0) {
            long step = Math.max(1, total / 10);
            if (done - reported >= step || (done == total && reported != total)) {
                reported = done;
                err.println(verb + ": " + (done * 100 / total) + "% (" + size(done) + " of " + size(total) + ")");
                err.flush();
            }
        } else if (done - reported >= UNKNOWN_STEP) {
            reported = done;
            err.println(verb + ": " + size(done));
            err.flush();
        }
    }

    /** The bytes counted so far. */
    synchronized long done() {
        return done;
    }

    /** {@code 12.3 MB}, {@code 512 bytes}. */
    static String size(long bytes) {
        if (bytes < 1000) {
            return bytes + (bytes == 1 ? " byte" : " bytes");
        }
        String[] units = {"kB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1000 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    /** {@code body}, counting what the HTTP client sends of it. */
    HttpRequest.BodyPublisher counting(HttpRequest.BodyPublisher body) {
        return new HttpRequest.BodyPublisher() {
            @Override
            public long contentLength() {
                return body.contentLength();
            }

            @Override
            public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
                body.subscribe(new Flow.Subscriber<ByteBuffer>() {
                    @Override
                    public void onSubscribe(Flow.Subscription subscription) {
                        subscriber.onSubscribe(subscription);
                    }

                    @Override
                    public void onNext(ByteBuffer item) {
                        add(item.remaining());
                        subscriber.onNext(item);
                    }

                    @Override
                    public void onError(Throwable throwable) {
                        subscriber.onError(throwable);
                    }

                    @Override
                    public void onComplete() {
                        subscriber.onComplete();
                    }
                });
            }
        };
    }

    /** {@code in}, counting what is read from it. */
    InputStream counting(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    add(1);
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    add(n);
                }
                return n;
            }
        };
    }
}
