package dev.firedrill.fault;

import dev.firedrill.Capability;
import dev.firedrill.Endpoint;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.capability.ServiceFiles;
import dev.firedrill.capability.SqlSessions;

import java.lang.reflect.Proxy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * A system under test for checks that act on nothing (validation, error messages): services of known protocols and
 * the capabilities a test gives it. A capability given as null is offered but refuses to act.
 */
final class FakeSystem implements SystemUnderTest {

    private final Map<String, String> protocols;
    private final Map<Class<? extends Capability>, Capability> offered;

    private FakeSystem(Map<String, String> protocols, Map<Class<? extends Capability>, Capability> offered) {
        this.protocols = new TreeMap<>(protocols);
        this.offered = offered;
    }

    static FakeSystem of(Map<String, String> protocols) {
        return new FakeSystem(protocols, new LinkedHashMap<>());
    }

    <T extends Capability> FakeSystem offering(Class<T> type, T capability) {
        Map<Class<? extends Capability>, Capability> more = new LinkedHashMap<>(offered);
        more.put(type, capability == null ? refusing(type) : capability);
        return new FakeSystem(protocols, more);
    }

    @Override
    public Set<String> services() {
        return protocols.keySet();
    }

    @Override
    public Endpoint endpoint(String service, int port) {
        return new Endpoint("127.0.0.1", port);
    }

    @Override
    public Map<String, String> environment(String service) {
        return Map.of();
    }

    @Override
    public Optional<String> protocol(String service) {
        return Optional.ofNullable(protocols.get(service));
    }

    @Override
    public Set<Class<? extends Capability>> capabilities() {
        return offered.keySet();
    }

    @Override
    public <T extends Capability> Optional<T> capability(Class<T> type) {
        return Optional.ofNullable(offered.get(type)).map(type::cast);
    }

    @Override
    public String describe() {
        return "the system under test (FakeSystem)";
    }

    /** SQL sessions that reach {@code databases} (and open none). */
    static SqlSessions sessions(List<String> databases) {
        return new SqlSessions() {
            @Override
            public List<String> databases() {
                return databases;
            }

            @Override
            public String directUrl(String service) {
                throw new UnsupportedOperationException("no session in a fake system");
            }

            @Override
            public String clientUrl(String service, int port) {
                throw new UnsupportedOperationException("no session in a fake system");
            }

            @Override
            public Map<String, String> credentials(String service) {
                return Map.of();
            }
        };
    }

    /** Files where the services named have a size-limited volume mounted at the path given. */
    static ServiceFiles limitedVolumes(Map<String, String> mounts) {
        ServiceFiles refusing = refusing(ServiceFiles.class);
        return new ServiceFiles() {
            @Override
            public Optional<LimitedVolume> sizeLimitedVolume(String service) {
                return Optional.ofNullable(mounts.get(service)).map(path -> new LimitedVolume(service + "-data", path, 1 << 20, null));
            }

            @Override
            public List<String> servicesWithSizeLimitedVolume() {
                return mounts.keySet().stream().sorted().toList();
            }

            @Override
            public String volumeOf(String service, String path) {
                return refusing.volumeOf(service, path);
            }

            @Override
            public String harnessVolume(String name) {
                return refusing.harnessVolume(name);
            }

            @Override
            public byte[] copyFrom(String service, String path) {
                return refusing.copyFrom(service, path);
            }

            @Override
            public void copyTo(String service, String path, byte[] content) {
                refusing.copyTo(service, path, content);
            }

            @Override
            public void writeHarnessFile(String name, String file, byte[] content, String imageOf) {
                refusing.writeHarnessFile(name, file, content, imageOf);
            }

            @Override
            public SortedMap<String, byte[]> readHarnessFiles(String name, Predicate<String> accept, String imageOf) {
                return refusing.readHarnessFiles(name, accept, imageOf);
            }
        };
    }

    private static <T> T refusing(Class<T> type) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            throw new UnsupportedOperationException(type.getSimpleName() + "." + method.getName() + " does not act in a fake system");
        }));
    }
}
