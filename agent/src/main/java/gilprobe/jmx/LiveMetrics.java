package gilprobe.jmx;

import java.util.ArrayList;
import java.util.List;

import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;

import gilprobe.record.Recording;

/**
 * Registers the designated locks of a recording as MBeans of the JVM's platform MBean server
 * ({@link LockMBean}), and removes them at {@code stop}.
 *
 * <p>Lazily: gilprobe never creates the platform MBean server. Creating it loads about 550 classes,
 * queues about 170 compilations and initialises {@code java.util.logging.LogManager}, which a program that
 * picks its own log manager in {@code main} must be the first to do. Whatever reads MBeans creates it: the
 * JVM's management agent (jconsole, VisualVM and JMC start it through the Attach API, or
 * {@code -Dcom.sun.management.jmxremote*} at launch), Prometheus' JMX exporter agent, or the program
 * itself. A daemon thread of gilprobe's checks every {@link #POLL_MILLIS} ms whether it exists
 * ({@link MBeanServerFactory#findMBeanServer}, which loads one class and creates nothing), and registers the
 * MBeans in it when it does. premain and agentmain never wait for any of this.
 *
 * <p>Class loaders: at launch this class is in the bootstrap loader (the jar is on the boot class path), at
 * attach in the system loader with {@code AgentRuntime}; {@link LockMBean} is a {@code DynamicMBean}, so the
 * MBean server needs no interface to be visible, and the recording it reads is always the bootstrap one.
 *
 * <p>Never harms the target: a failure to register (an MBean server that refuses) is one line on stderr,
 * and the recording goes on without MBeans.
 */
public final class LiveMetrics {
    /** How often the registering thread looks for the platform MBean server, until it has found it. */
    static final long POLL_MILLIS = 500;

    /** The registration of the recording in progress, or null; start/stop are serialised by AgentRuntime. */
    private static Registration current;

    private LiveMetrics() {
    }

    /** The object name of a designated lock: {@code gilprobe:type=Lock,name=<spec, quoted>}. */
    public static ObjectName name(String spec) {
        try {
            return new ObjectName("gilprobe:type=Lock,name=" + ObjectName.quote(spec));
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalArgumentException("gilprobe: no MBean name for '" + spec + "': " + e.getMessage(), e);
        }
    }

    /**
     * Registers every designated lock of {@code recording} once the platform MBean server exists (in the
     * background; returns at once). A registration of an earlier recording still in place is removed first.
     */
    public static synchronized void start(Recording recording) {
        stop();
        if (recording.settings().locks().isEmpty()) {
            return; // find=true alone: the candidates are not MBeans
        }
        final Registration r = new Registration(recording);
        current = r;
        Thread t = new Thread(new Runnable() {
            @Override
            public void run() {
                Recording.markAgentThread();
                r.awaitServerAndRegister();
            }
        }, "gilprobe-jmx");
        t.setDaemon(true);
        t.start();
    }

    /** Removes the MBeans of the recording in progress, and ends its registering thread. */
    public static synchronized void stop() {
        if (current != null) {
            current.unregister();
            current = null;
        }
    }

    /** The platform MBean server if something has created it, else null; creates nothing. */
    static MBeanServer platformServerIfCreated() {
        ObjectName runtime;
        try {
            runtime = new ObjectName("java.lang:type=Runtime");
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
        for (MBeanServer s : MBeanServerFactory.findMBeanServer(null)) {
            if (s.isRegistered(runtime)) {
                return s; // the platform MXBeans are registered only in the platform MBean server
            }
        }
        return null;
    }

    /** The MBeans of one recording. */
    static final class Registration {
        private final Recording recording;
        private final List<ObjectName> names = new ArrayList<>();
        private MBeanServer server;
        private boolean removed;

        Registration(Recording recording) {
            this.recording = recording;
        }

        /** Polls for the platform MBean server, then registers (the registering thread). */
        void awaitServerAndRegister() {
            try {
                while (true) {
                    // while nothing reads MBeans the list is empty, and nothing else is loaded
                    if (!MBeanServerFactory.findMBeanServer(null).isEmpty()) {
                        MBeanServer s = platformServerIfCreated();
                        if (s != null && registerIn(s)) {
                            return;
                        }
                    }
                    synchronized (this) {
                        if (removed) {
                            return;
                        }
                        wait(POLL_MILLIS);
                        if (removed) {
                            return;
                        }
                    }
                }
            } catch (InterruptedException e) {
                // a daemon thread: nobody interrupts it but the JVM going down
            } catch (Throwable e) {
                System.err.println("gilprobe: the live metrics (jmx=true) are not available: " + e);
            }
        }

        /** Registers every designated lock in {@code s}; false if this registration was removed meanwhile. */
        synchronized boolean registerIn(MBeanServer s) throws javax.management.JMException {
            if (removed) {
                return true; // stopped: nothing more to do
            }
            server = s;
            List<Recording.Designation> locks = recording.settings().locks();
            for (int i = 0; i < locks.size(); i++) {
                Recording.Designation d = locks.get(i);
                ObjectName name = name(d.spec());
                if (s.isRegistered(name)) {
                    s.unregisterMBean(name); // left by an earlier recording of this JVM
                }
                s.registerMBean(new LockMBean(recording, i, d.spec(), d.kind()), name);
                names.add(name);
            }
            return true;
        }

        synchronized void unregister() {
            removed = true;
            notifyAll();
            if (server == null) {
                return;
            }
            for (ObjectName name : names) {
                try {
                    if (server.isRegistered(name)) {
                        server.unregisterMBean(name);
                    }
                } catch (Throwable e) {
                    System.err.println("gilprobe: the live metric " + name + " could not be removed: " + e);
                }
            }
            names.clear();
        }
    }
}
