package gilprobe.instrument;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;

/**
 * {@link VirtualThreadStacks} reading the JDK's JSON thread dump (the shape of JDK 25's
 * {@code HotSpotDiagnosticMXBean.dumpThreads}: containers, each with its threads). The live dump of a virtual
 * thread's loop is tested by {@code AttachRunningLoopIT} on the newest JDK.
 */
class VirtualThreadStacksTest {
    private static final String DUMP = """
            {
              "threadDump": {
                "processId": "6405",
                "threadContainers": [
                  {
                    "container": "<root>", "parent": null, "owner": null,
                    "threads": [
                      {
                        "tid": "3", "name": "main", "state": "RUNNABLE",
                        "stack": ["app//com.example.Main.loop(Main.java:10)"],
                        "monitorsOwned": [{"depth": 0, "locks": ["java.lang.Object@1"]}]
                      },
                      {
                        "tid": "24", "virtual": true, "name": "vt \\"one\\"\\nx", "state": "RUNNABLE",
                        "stack": [
                          "com.example.Interp.run(Interp.java:6)",
                          {"a frame as an object": "passed over"}, 7,
                          "java.base\\/java.lang.VirtualThread.run(VirtualThread.java:460)"
                        ],
                        "carrier": "22"
                      }
                    ],
                    "threadCount": "2"
                  },
                  {
                    "container": "java.util.concurrent.ThreadPerTaskExecutor@4f18837a", "parent": "<root>", "owner": null,
                    "threads": [
                      {
                        "tid": "27", "time": "2026-12-03T06:33:48Z", "virtual": true, "name": "", "state": "WAITING",
                        "stack": [
                          "java.base\\/java.lang.VirtualThread.parkNanos(VirtualThread.java:784)",
                          "com.example.loader\\/example@1.0\\/com.example.Interp.run(Interp.java:9)"
                        ]
                      }
                    ],
                    "threadCount": "1"
                  }
                ]
              }
            }
            """;

    @Test
    void virtualThreadsFramesAreReadFromEveryContainerAndPlatformThreadsAreLeftToGetAllStackTraces() throws Exception {
        Map<String, List<String[]>> frames = new HashMap<>();
        try (JsonParser p = new JsonFactory().createParser(DUMP)) {
            VirtualThreadStacks.read(p, frames);
        }
        assertFalse(frames.containsKey("com.example.Main"), "a platform thread: Thread.getAllStackTraces lists it");
        List<String[]> interp = frames.get("com.example.Interp");
        assertEquals(2, interp.size());
        assertArrayEquals(new String[] {"run", "vt \"one\"\nx", "virtual "}, interp.get(0), "the name as the program gave it");
        assertArrayEquals(new String[] {"run", "#27", "virtual "}, interp.get(1), "an unnamed thread goes by its id");
        assertEquals(2, frames.get("java.lang.VirtualThread").size());
    }

    @Test
    void aFrameIsItsClassAndMethodWhateverItsLoaderAndModule() {
        assertArrayEquals(new String[] {"java.lang.Thread", "run"}, VirtualThreadStacks.classAndMethod("java.base/java.lang.Thread.run(Thread.java:1474)"));
        assertArrayEquals(new String[] {"VtDump", "spin"}, VirtualThreadStacks.classAndMethod("VtDump.spin(VtDump.java:6)"));
        assertArrayEquals(new String[] {"com.foo.Main", "run"}, VirtualThreadStacks.classAndMethod("app//com.foo.Main.run(Main.java:1)"));
        assertArrayEquals(new String[] {"com.foo.Main", "lambda$main$0"},
                VirtualThreadStacks.classAndMethod("com.foo.loader/foo@9.0/com.foo.Main.lambda$main$0(Main.java:101)"));
        assertArrayEquals(new String[] {"jdk.internal.vm.ThreadSnapshot", "create"},
                VirtualThreadStacks.classAndMethod("java.base/jdk.internal.vm.ThreadSnapshot.create(Native Method)"));
        assertArrayEquals(new String[] {"a.B$C", "<init>"}, VirtualThreadStacks.classAndMethod("a.B$C.<init>(B.java)"));
        assertNull(VirtualThreadStacks.classAndMethod("nodot(X.java:1)"));
        assertNull(VirtualThreadStacks.classAndMethod(""));
    }
}
