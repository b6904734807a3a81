package gilprobe.samples.minipy;

import java.io.Closeable;
import java.io.IOException;
import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * The loopback TCP echo server behind {@code io_echo.roundtrip()}. Its threads are plain Java
 * daemon threads ({@code io_echo-server*}) that never take the GIL, like a server in another
 * process would: only the Python thread's own blocking socket calls are measured.
 *
 * <p>Protocol: the client sends a request of {@link #REQUEST_BYTES} bytes (the byte
 * {@link #MARK}, then the service time in microseconds as a big-endian int); the server waits
 * that long, as a remote peer with that latency would, and answers the one byte {@link #MARK}.
 */
final class EchoServer implements Closeable {
    static final int MARK = 42;
    static final int REQUEST_BYTES = 5;

    private final ServerSocket server;
    private final List<Socket> connections = new ArrayList<>();

    EchoServer() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "io_echo-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A new client connection (TCP_NODELAY: one byte goes out at once). */
    Socket connect() throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
        s.setTcpNoDelay(true);
        return s;
    }

    private void acceptLoop() {
        int n = 0;
        while (!server.isClosed()) {
            Socket s;
            try {
                s = server.accept();
                s.setTcpNoDelay(true);
            } catch (IOException e) {
                return; // closed
            }
            synchronized (connections) {
                connections.add(s);
            }
            Thread t = new Thread(() -> echo(s), "io_echo-server-" + (++n));
            t.setDaemon(true);
            t.start();
        }
    }

    private static void echo(Socket s) {
        try (s; DataInputStream in = new DataInputStream(s.getInputStream()); OutputStream out = s.getOutputStream()) {
            while (true) {
                int mark = in.read();
                if (mark < 0) return;
                long delayMicros = in.readInt();
                if (delayMicros > 0) Thread.sleep(delayMicros / 1000, (int) (delayMicros % 1000) * 1000);
                out.write(mark);
            }
        } catch (IOException | InterruptedException e) {
            // client went away, or the JVM is shutting down
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        synchronized (connections) {
            for (Socket s : connections) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }
    }
}
