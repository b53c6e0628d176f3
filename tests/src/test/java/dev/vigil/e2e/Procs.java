package dev.vigil.e2e;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/** What {@code /proc} says, independently of vigil's own code. */
final class Procs {

    private Procs() {}

    /** Live (non-zombie) processes whose environment contains {@code KEY=VALUE}. */
    static Set<Long> withEnv(String key, String value) throws IOException {
        Set<Long> found = new HashSet<>();
        String wanted = key + "=" + value;
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path p : dir) {
                try {
                    for (String kv : Files.readString(p.resolve("environ")).split("\0")) {
                        if (kv.equals(wanted)) found.add(Long.parseLong(p.getFileName().toString()));
                    }
                } catch (IOException gone) {
                    // exited meanwhile
                }
            }
        }
        return found;
    }

    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && !isZombie(pid);
    }

    private static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException gone) {
            return false;
        }
    }
}
