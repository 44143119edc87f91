package io.sfsync.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.Test;

/** The fork of the snowflake-driver execution is inside a loopback-only namespace, and loopback works there. */
@LoopbackOnly
class LoopbackOnlySmokeTest {

    @Test
    void shouldSeeOnlyLoopbackAndReachItsOwnListener() throws IOException {
        assertThat(LoopbackOnlyCondition.nonLoopbackInterfaces()).isEmpty();
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket client = new Socket()) {
            client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), 2000);
            assertThat(client.isConnected()).isTrue();
        }
    }
}
