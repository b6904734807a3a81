package gilprobe.samples.minipy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/**
 * The Java platform thread that runs one Python thread, named after it ({@code MainThread},
 * {@code Thread-1}, ...). It also is the per-thread state the dispatch loop needs, in plain
 * fields that only this thread writes while it runs (CPython's {@code PyThreadState}).
 */
final class PyThread extends Thread {
    /** Room for the Java frames of deep Python recursion (see {@link Interpreter#MAX_DEPTH}). */
    private static final long STACK_BYTES = 64L << 20;

    final Interpreter interpreter;
    /** The {@code threading.Thread} object this thread runs. */
    final PyThreadObject pyObject;
    /** {@code --count-instructions}: dispatches executed by this thread (read after join). */
    long instructions;
    /** Instructions left before the holder polls the GIL again. */
    int ticker;
    /** Python call depth. */
    int depth;
    /** This thread's connection to the io_echo server, opened on first use. */
    private Socket echoSocket;
    private InputStream echoIn;
    private OutputStream echoOut;

    PyThread(Interpreter interpreter, PyThreadObject pyObject) {
        super(null, null, pyObject.name(), STACK_BYTES);
        this.interpreter = interpreter;
        this.pyObject = pyObject;
    }

    @Override
    public void run() {
        try {
            interpreter.threadMain(this);
        } finally {
            closeEcho();
        }
    }

    /**
     * One request to the echo server and its one-byte answer, the server taking
     * {@code delayMicros} to answer. Blocking; the caller has released the GIL.
     */
    void echoRoundtrip(EchoServer server, int delayMicros) throws IOException {
        if (echoSocket == null) {
            echoSocket = server.connect();
            echoIn = echoSocket.getInputStream();
            echoOut = echoSocket.getOutputStream();
        }
        byte[] request = {(byte) EchoServer.MARK, (byte) (delayMicros >>> 24), (byte) (delayMicros >>> 16),
                          (byte) (delayMicros >>> 8), (byte) delayMicros};
        echoOut.write(request);
        if (echoIn.read() != EchoServer.MARK) throw new IOException("echo server closed the connection");
    }

    private void closeEcho() {
        if (echoSocket == null) return;
        try {
            echoSocket.close();
        } catch (IOException ignored) {
            // the thread is over; nothing to report it to
        }
    }
}
