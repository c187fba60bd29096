package dev.slipway.isolate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.graalvm.polyglot.Source;

/**
 * The JavaScript every context evaluates before user code, in this order:
 *
 * <ol>
 *   <li>{@code runtime/inspect.js}: console formatting, evaluates to the {@code inspect} function;
 *   <li>{@code runtime/core.js}: a function called with the host bridge and {@code inspect}; installs
 *       the Convex global, console, determinism and timers, and returns the driver;
 *   <li>{@code web/*.js}, when present, in file-name order: the web platform (URL, Headers, Request,
 *       Response, ...), classic scripts that define what is absent;
 *   <li>{@code runtime/finish.js}: a function called with the core's internal object; defines {@code
 *       fetch} and stand-ins for web globals still missing.
 * </ol>
 *
 * <p>Resources are found on the class path (a directory while testing, the jar in a distribution);
 * the {@code web/} folder is listed, so files added there are picked up without a registry. Each file
 * becomes one cached {@link Source} shared by every context of the engine, so its parsed and compiled
 * code is shared too. Source names start with {@code slipway-runtime/}, which error stacks shown to
 * developers leave out.
 */
final class Prelude {
    static final String SOURCE_PREFIX = "slipway-runtime/";
    private static final String BASE = "dev/slipway/isolate/";

    private final Source inspect;
    private final Source core;
    private final List<Source> web;
    private final Source finish;

    private Prelude(Source inspect, Source core, List<Source> web, Source finish) {
        this.inspect = inspect;
        this.core = core;
        this.web = List.copyOf(web);
        this.finish = finish;
    }

    static Prelude load() {
        List<Source> web = new ArrayList<>();
        for (String name : listWeb()) {
            web.add(source("web/" + name));
        }
        return new Prelude(source("runtime/inspect.js"), source("runtime/core.js"), web, source("runtime/finish.js"));
    }

    Source inspect() {
        return inspect;
    }

    Source core() {
        return core;
    }

    List<Source> web() {
        return web;
    }

    Source finish() {
        return finish;
    }

    /** Reads a JavaScript resource of this package as a source named {@code slipway-runtime/<path>}. */
    static Source source(String path) {
        String text = read(path);
        return Source.newBuilder("js", text, SOURCE_PREFIX + path).cached(true).buildLiteral();
    }

    static String read(String path) {
        return readResource(BASE + path);
    }

    private static String readResource(String resource) {
        try (InputStream in = Objects.requireNonNull(
                Prelude.class.getClassLoader().getResourceAsStream(resource),
                () -> "missing runtime resource " + resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading runtime resource " + resource, e);
        }
    }

    /** The {@code .js} file names in {@code web/}, sorted, from every class-path root that has the folder. */
    private static List<String> listWeb() {
        TreeSet<String> names = new TreeSet<>();
        try {
            Enumeration<URL> roots = Prelude.class.getClassLoader().getResources(BASE + "web");
            while (roots.hasMoreElements()) {
                URL url = roots.nextElement();
                switch (url.getProtocol()) {
                    case "file" -> listDirectory(Path.of(url.toURI()), names);
                    case "jar" -> listJar((JarURLConnection) url.openConnection(), names);
                    default -> throw new IllegalStateException("cannot list runtime resources at " + url);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("listing the web prelude", e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("listing the web prelude", e);
        }
        return List.copyOf(names);
    }

    private static void listDirectory(Path dir, Set<String> names) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".js"))
                    .forEach(names::add);
        }
    }

    private static void listJar(JarURLConnection connection, Set<String> names) throws IOException {
        connection.setUseCaches(false);
        String prefix = BASE + "web/";
        try (JarFile jar = connection.getJarFile()) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                String name = entries.nextElement().getName();
                if (name.startsWith(prefix) && name.endsWith(".js") && name.indexOf('/', prefix.length()) < 0) {
                    names.add(name.substring(prefix.length()));
                }
            }
        }
    }
}
