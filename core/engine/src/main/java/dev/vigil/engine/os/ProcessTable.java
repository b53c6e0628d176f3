package dev.vigil.engine.os;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code /proc}: which processes carry a given {@code VIGIL_INSTANCE}, and who holds a pid.
 * A process that vanishes while being read is simply skipped.
 */
public final class ProcessTable {

    private static final Path PROC = Path.of("/proc");
    private static final byte[] KEY = "VIGIL_INSTANCE=".getBytes();

    private ProcessTable() {}

    /** Pids (other than this JVM) whose environment has {@code VIGIL_INSTANCE} starting with {@code prefix}. */
    public static Set<Long> withInstancePrefix(String prefix) {
        return new HashSet<>(instancesWithPrefix(prefix).keySet());
    }

    /**
     * Like {@link #withInstancePrefix}, with each one's {@code VIGIL_INSTANCE} value. A zombie has
     * an empty environment, so only live processes are found.
     */
    public static Map<Long, String> instancesWithPrefix(String prefix) {
        Map<Long, String> found = new HashMap<>();
        byte[] wanted = (new String(KEY) + prefix).getBytes();
        long self = ProcessHandle.current().pid();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(PROC)) {
            for (Path p : dir) {
                String name = p.getFileName().toString();
                if (name.isEmpty() || !Character.isDigit(name.charAt(0))) continue;
                long pid = Long.parseLong(name);
                if (pid == self) continue;
                String value = environValue(p.resolve("environ"), wanted);
                if (value != null) found.put(pid, value);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc", e);
        }
        return found;
    }

    /** The value of the variable whose {@code NAME=} and value start with {@code wanted}, or null. */
    private static String environValue(Path environ, byte[] wanted) {
        byte[] env;
        try {
            env = Files.readAllBytes(environ);
        } catch (IOException | SecurityException e) {
            return null; // gone, or not ours to read
        }
        int start = 0;
        for (int i = 0; i <= env.length; i++) {
            if (i == env.length || env[i] == 0) {
                if (startsWith(env, start, i, wanted)) return new String(env, start + KEY.length, i - start - KEY.length);
                start = i + 1;
            }
        }
        return null;
    }

    /**
     * Zombie children of this JVM that are not in {@code known}. The kernel reparents orphans to a
     * subreaper's thread group leader, so its {@code children} file lists them: no scan of all of
     * {@code /proc} (which costs ~15 ms with a thousand processes on the machine).
     */
    public static Set<Long> unknownZombieChildren(Set<Long> known) {
        long self = ProcessHandle.current().pid();
        Set<Long> zombies = new HashSet<>();
        String children;
        try {
            children = Files.readString(PROC.resolve(self + "/task/" + self + "/children"));
        } catch (IOException e) {
            return zombieChildrenOf(self); // no children file (old kernel, leader gone): the slow way
        }
        for (String c : children.trim().split("\\s+")) {
            if (c.isEmpty()) continue;
            long pid = Long.parseLong(c);
            if (!known.contains(pid) && isZombie(pid)) zombies.add(pid);
        }
        return zombies;
    }

    /** The children of this JVM's thread group leader: where the kernel reparents orphans. */
    public static Set<Long> childrenOfSelf() {
        long self = ProcessHandle.current().pid();
        Set<Long> pids = new HashSet<>();
        try {
            for (String c : Files.readString(PROC.resolve(self + "/task/" + self + "/children")).trim().split("\\s+")) {
                if (!c.isEmpty()) pids.add(Long.parseLong(c));
            }
        } catch (IOException e) {
            // no children file: nothing found the cheap way
        }
        return pids;
    }

    /** Whether {@code pid}'s environment has {@code VIGIL_INSTANCE} starting with {@code prefix}. */
    public static boolean hasInstancePrefix(long pid, String prefix) {
        return environValue(PROC.resolve(pid + "/environ"), (new String(KEY) + prefix).getBytes()) != null;
    }

    private static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(PROC.resolve(pid + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException gone) {
            return false;
        }
    }

    /** Zombie processes whose parent is {@code ppid}. */
    public static Set<Long> zombieChildrenOf(long ppid) {
        Set<Long> pids = new HashSet<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(PROC)) {
            for (Path p : dir) {
                String name = p.getFileName().toString();
                if (name.isEmpty() || !Character.isDigit(name.charAt(0))) continue;
                String stat;
                try {
                    stat = Files.readString(p.resolve("stat"));
                } catch (IOException e) {
                    continue;
                }
                // "pid (comm) S ppid ...": comm may hold spaces and parentheses, so read after the last ')'.
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ", 3);
                if (f[0].equals("Z") && Long.parseLong(f[1]) == ppid) pids.add(Long.parseLong(name));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc", e);
        }
        return pids;
    }

    private static boolean startsWith(byte[] env, int from, int to, byte[] wanted) {
        if (to - from < wanted.length) return false;
        for (int k = 0; k < wanted.length; k++) {
            if (env[from + k] != wanted[k]) return false;
        }
        return true;
    }
}
