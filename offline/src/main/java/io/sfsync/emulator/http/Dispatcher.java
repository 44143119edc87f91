package io.sfsync.emulator.http;

/** Answers one request. */
@FunctionalInterface
public interface Dispatcher {
    Reply dispatch(HttpCall call);
}
