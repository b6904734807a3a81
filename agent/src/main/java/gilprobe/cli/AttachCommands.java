package gilprobe.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;

import gilprobe.Agent;
import gilprobe.control.ControlChannel;
import gilprobe.options.AgentOptions;
import gilprobe.options.OptionException;

/**
 * {@code list}, {@code attach}, {@code dump} and {@code stop}: the Attach API, which only reaches JVMs of
 * the same user on the same machine. Commands travel through {@link ControlChannel}: a {@code loadAgent}
 * of this jar carries the command, and the agent's answer (done, or why not) comes back in a file. So every
 * line printed here says what really happened in the target, and a failure leaves no trace there.
 */
final class AttachCommands {
    private AttachCommands() {
    }

    static int list() {
        long self = ProcessHandle.current().pid();
        for (VirtualMachineDescriptor d : VirtualMachine.list()) {
            if (!d.id().equals(String.valueOf(self))) {
                System.out.println(d.id() + "\t" + (d.displayName().isEmpty() ? "(no name)" : d.displayName()));
            }
        }
        return 0;
    }

    /** {@code attach <pid> <options>}: options are checked here first, so a bad one never reaches the target. */
    static int attach(String pid, String options) throws IOException {
        String forTarget;
        try {
            forTarget = optionsForTarget(options, pid);
        } catch (OptionException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        return send(pid, "start", forTarget, "attach");
    }

    /**
     * The options as the target gets them: checked, and with {@code out=} (however it was written, e.g.
     * {@code out= x}) made absolute in this process's working directory, or added as
     * {@code <here>/gilprobe-<pid>}; a relative prefix would land in the target's working directory.
     */
    static String optionsForTarget(String options, String pid) throws OptionException {
        AgentOptions parsed = AgentOptions.parse(options);
        String prefix = Path.of(parsed.outPrefix(Long.parseLong(pid))).toAbsolutePath().toString();
        if (prefix.indexOf(',') >= 0) {
            throw new OptionException("gilprobe: the output prefix " + prefix + " has a comma, which separates agent options; "
                    + "give out= a path without one");
        }
        return parsed.withOut(prefix);
    }

    /** {@code dump <pid> [-o prefix]} and {@code stop <pid> [-o prefix]}. */
    static int control(String verb, String pid, Path out) throws IOException {
        String prefix = "";
        if (out != null) {
            prefix = out.toAbsolutePath().toString();
            if (prefix.endsWith(".json") || prefix.endsWith(".html")) {
                prefix = prefix.substring(0, prefix.length() - 5);
            }
        }
        return send(pid, verb, prefix, verb);
    }

    /** Sends one command to {@code pid} (digits, checked by the caller) and prints the target's answer: exit 0 only when it was carried out. */
    private static int send(String pid, String verb, String argument, String what) throws IOException {
        Path answerFile = ControlChannel.newAnswerFile();
        VirtualMachine vm;
        try {
            vm = VirtualMachine.attach(pid);
        } catch (AttachNotSupportedException e) {
            Files.deleteIfExists(answerFile);
            System.err.println("gilprobe: cannot attach to " + pid + ": " + oneLine(e) + " (java -jar gilprobe.jar list shows the JVMs you can reach)");
            return 1;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(answerFile);
            throw e;
        }
        Path agentJar = attachJar();
        try {
            vm.loadAgent(agentJar.toString(), new ControlChannel.Request(answerFile, verb, argument).encode());
            ControlChannel.Answer answer = ControlChannel.read(answerFile);
            if (answer == null) {
                System.err.println("gilprobe: " + what + " in " + pid + ": no answer from the target (it could not write "
                        + answerFile + "), so whether it happened is unknown");
                return 1;
            }
            if (!answer.ok()) {
                System.err.println("gilprobe: " + what + " failed in " + pid + ": " + answer.line());
                return 1;
            }
            System.out.println("gilprobe: " + pid + ": " + answer.line());
            return 0;
        } catch (AgentInitializationException | AgentLoadException e) {
            System.err.println("gilprobe: " + what + " failed in " + pid + ": the agent did not load: " + oneLine(e));
            return 1;
        } catch (IOException e) {
            // "No such process", or the Attach API's "Premature EOF" when the target closes the connection
            if (!endsSoon(pid)) {
                throw e;
            }
            System.err.println("gilprobe: " + what + ": process " + pid + " ended before the agent answered");
            return 1;
        } finally {
            vm.detach();
            Files.deleteIfExists(answerFile);
            Files.deleteIfExists(agentJar); // the target has opened it by now, or never needs it
        }
    }

    /** Whether process {@code pid} has ended, or does within a second. */
    private static boolean endsSoon(String pid) {
        var process = ProcessHandle.of(Long.parseLong(pid));
        if (process.isEmpty()) {
            return true;
        }
        try {
            process.get().onExit().get(1, TimeUnit.SECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The jar handed to {@code loadAgent}: a generated one whose manifest has {@code Agent-Class},
     * {@code Can-Retransform-Classes} and this jar on its {@code Class-Path}, so the target's system class
     * loader loads the agent from this jar. Not this jar itself: the JVM applies its {@code Boot-Class-Path}
     * (there for launch) at attach too, in the live phase, where appending to the bootstrap class path makes
     * it print a class-data-sharing notice on the target's stderr.
     */
    private static Path attachJar() throws IOException {
        Manifest manifest = new Manifest();
        Attributes a = manifest.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Agent-Class", Agent.class.getName());
        a.putValue("Can-Retransform-Classes", "true");
        a.put(Attributes.Name.CLASS_PATH, Path.of(jarPath()).toUri().toASCIIString());
        Path jar = Files.createTempFile("gilprobe-attach-", ".jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.flush();
        }
        return jar;
    }

    private static String jarPath() throws IOException {
        try {
            return new File(Agent.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getAbsolutePath();
        } catch (java.net.URISyntaxException e) {
            throw new IOException("cannot locate gilprobe.jar: " + e.getMessage(), e);
        }
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage();
        return (m == null ? e.getClass().getSimpleName() : m).replaceAll("\\s+", " ").trim();
    }
}
