package dev.vigil.dsl.toml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vigil.engine.model.SocketSpec;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SocketUrisTest {

    private static final Path DIR = Path.of("/etc/vigil");

    @Test
    void tcp_hostAndPort() {
        assertEquals(new SocketSpec.Tcp("127.0.0.1", 8080), SocketUris.parse("tcp://127.0.0.1:8080", DIR));
        assertEquals(new SocketSpec.Tcp("localhost", 1), SocketUris.parse("tcp://localhost:1", DIR));
        assertEquals(new SocketSpec.Tcp("0.0.0.0", 65535), SocketUris.parse("tcp://0.0.0.0:65535", DIR));
    }

    @Test
    void tcp_ipv6InBrackets_keepsTheAddressWithoutThem() {
        SocketSpec socket = SocketUris.parse("tcp://[::1]:80", DIR);
        assertEquals(new SocketSpec.Tcp("::1", 80), socket);
        assertEquals("tcp://[::1]:80", socket.uri());
    }

    @Test
    void unix_absolutePath_isKept() {
        assertEquals(new SocketSpec.Unix(Path.of("/run/x.sock")), SocketUris.parse("unix:///run/x.sock", DIR));
    }

    @Test
    void unix_relativePath_resolvesAgainstTheConfigFolder() {
        assertEquals(
                new SocketSpec.Unix(Path.of("/etc/vigil/run/x.sock")), SocketUris.parse("unix://run/./x.sock", DIR));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "udp://x:1         | use tcp://HOST:PORT or unix:///PATH",
                "127.0.0.1:80      | use tcp://HOST:PORT or unix:///PATH",
                "tcp://localhost   | no port (use tcp://HOST:PORT)",
                "tcp://:80         | no host (use 0.0.0.0 for every IPv4 interface)",
                "tcp://x:0         | the port must be a number from 1 to 65535",
                "tcp://x:65536     | the port must be a number from 1 to 65535",
                "tcp://x:http      | the port must be a number from 1 to 65535",
                "tcp://x:80/path   | the port must be a number from 1 to 65535",
                "tcp://x:          | the port must be a number from 1 to 65535",
                "tcp://::1:80      | put an IPv6 address in brackets, e.g. tcp://[::1]:8080",
                "tcp://[::1]       | no port (use tcp://[::1]:PORT)",
                "tcp://[::1:80     | the [ before the IPv6 address is never closed",
                "tcp://[host]:80   | not an IPv6 address in [ ]",
                "tcp://a b:80      | bad host \"a b\"",
                "unix://           | no path (use unix:///PATH)",
            })
    void bad_saysWhatIsWrong(String uri, String why) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SocketUris.parse(uri, DIR));
        assertEquals("bad socket " + TomlText.quote(uri) + ": " + why, e.getMessage());
    }

    @Test
    void unix_pathLongerThanTheKernelTakes_isOneClearError() {
        String longPath = "/run/" + "x".repeat(103); // 108 bytes
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> SocketUris.parse("unix://" + longPath, DIR));
        assertEquals(
                "bad socket " + TomlText.quote("unix://" + longPath)
                        + ": the path is 108 bytes long, and a Unix socket path can have at most 107",
                e.getMessage());
        String relative = "x".repeat(100);
        e = assertThrows(IllegalArgumentException.class, () -> SocketUris.parse("unix://" + relative, DIR));
        assertEquals(
                "bad socket " + TomlText.quote("unix://" + relative) + ": the path /etc/vigil/" + relative
                        + " (from the config folder) is 111 bytes long, and a Unix socket path can have at most 107",
                e.getMessage());
        String fits = "/run/" + "x".repeat(102);
        assertEquals(new SocketSpec.Unix(Path.of(fits)), SocketUris.parse("unix://" + fits, DIR));
    }

    // --- without a scheme, as probes write them -------------------------------------------------------

    @Test
    void address_hostAndPort_orIpv6InBrackets() {
        assertEquals(new SocketSpec.Tcp("127.0.0.1", 6379), SocketUris.address("127.0.0.1:6379"));
        assertEquals(new SocketSpec.Tcp("::1", 80), SocketUris.address("[::1]:80"));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "localhost    | no port (use HOST:PORT)",
                ":80          | no host (use e.g. 127.0.0.1:PORT)",
                "::1:80       | put an IPv6 address in brackets, e.g. [::1]:8080",
                "[::1]        | no port (use [::1]:PORT)",
                "tcp://x:80   | write HOST:PORT, without a scheme",
                "x:99999      | the port must be a number from 1 to 65535",
            })
    void address_bad_saysWhatIsWrong(String address, String why) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SocketUris.address(address));
        assertEquals("bad tcp address " + TomlText.quote(address) + ": " + why, e.getMessage());
    }

    @Test
    void path_relativeResolvesAgainstTheConfigFolder_andLengthIsChecked() {
        assertEquals(new SocketSpec.Unix(Path.of("/etc/vigil/run/x.sock")), SocketUris.path("run/x.sock", DIR));
        assertEquals(new SocketSpec.Unix(Path.of("/run/x.sock")), SocketUris.path("/run/x.sock", DIR));
        String longPath = "/run/" + "x".repeat(103);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SocketUris.path(longPath, DIR));
        assertEquals(
                "bad unix socket path " + TomlText.quote(longPath)
                        + ": the path is 108 bytes long, and a Unix socket path can have at most 107",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SocketUris.path("", DIR));
        assertEquals("bad unix socket path \"\": no path", e.getMessage());
    }
}
