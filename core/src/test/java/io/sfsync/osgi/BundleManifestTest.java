package io.sfsync.osgi;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.api.Defaults;
import io.sfsync.api.IntelligentSync;
import io.sfsync.osgi.OsgiHeaders.Clause;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.lang.module.ModuleDescriptor;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The product jar as an OSGi bundle for Karaf: its imports resolve against the bundles its runtime dependencies are,
 * it exports the API alone, and its features file is valid for Karaf and names camel-karaf's features.
 *
 * <p>Reads what the build made: the manifest bnd wrote into target/classes (or the jar), target/runtime-classpath.txt
 * (core's runtime dependencies) and target/feature/feature.xml. Camel 4 jars carry no OSGi headers; camel-karaf
 * republishes each one as a bundle exporting {@code org.apache.camel*} at the Camel version, and that is what is assumed
 * of them here. Installing on camel-karaf itself is not checked here: its bundles do not resolve on this machine.
 */
class BundleManifestTest {

    private static final String CAMEL_RANGE = "[4.18,5)";

    private static Path target;
    private static Manifest manifest;
    private static List<Path> runtimeJars;

    @BeforeAll
    static void readBuild() throws Exception {
        Path classes = Path.of(IntelligentSync.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        target = classes.getParent();
        if (Files.isDirectory(classes)) {
            try (InputStream in = Files.newInputStream(classes.resolve("META-INF/MANIFEST.MF"))) {
                manifest = new Manifest(in);
            }
        } else {
            try (JarFile jar = new JarFile(classes.toFile())) {
                manifest = jar.getManifest();
            }
        }
        String classpath = Files.readString(target.resolve("runtime-classpath.txt")).trim();
        runtimeJars = new ArrayList<>();
        for (String entry : classpath.split(java.io.File.pathSeparator)) {
            runtimeJars.add(Path.of(entry));
        }
    }

    @Test
    void shouldResolveEveryMandatoryImportAgainstTheRuntimeBundlesInRange() throws IOException {
        Map<String, List<String>> exports = exportsOfRuntime();
        List<String> unresolved = new ArrayList<>();
        StringBuilder report = new StringBuilder("# Import-Package of io.sfsync -> provider (version)\n");
        for (Clause imp : imports()) {
            List<String> providers = exports.getOrDefault(imp.pkg(), List.of()).stream()
                    .filter(p -> OsgiHeaders.inRange(p.substring(p.lastIndexOf(' ') + 1), imp.version()))
                    .toList();
            report.append(imp.pkg()).append(' ').append(imp.version() == null ? "" : imp.version())
                    .append(imp.optional() ? " optional" : "").append(" -> ").append(providers).append('\n');
            if (providers.isEmpty() && !imp.optional()) {
                unresolved.add(imp.pkg() + ";version=" + imp.version() + " offered by "
                        + exports.getOrDefault(imp.pkg(), List.of()));
            }
        }
        report.append("# runtime jars that are not OSGi bundles\n");
        nonBundles().forEach(jar -> report.append(jar).append('\n'));
        Files.writeString(target.resolve("bundle-resolution.txt"), report);

        assertThat(imports()).as("Import-Package").isNotEmpty();
        assertThat(unresolved).as("mandatory imports no runtime bundle exports in range (see target/bundle-resolution.txt)")
                .isEmpty();
    }

    @Test
    void shouldImportCamelInTheRangeOf418AndTheDriversOptionally() {
        for (Clause imp : imports()) {
            if (imp.pkg().startsWith("org.apache.camel")) {
                assertThat(imp.version()).as(imp.pkg()).isEqualTo(CAMEL_RANGE);
            }
            if (imp.pkg().startsWith("org.duckdb") || imp.pkg().startsWith("net.snowflake")
                    || imp.pkg().startsWith("org.postgresql")) {
                assertThat(imp.optional()).as(imp.pkg() + " is a driver: optional").isTrue();
            }
        }
        assertThat(OsgiHeaders.inRange("4.18.0", CAMEL_RANGE)).isTrue();
        assertThat(OsgiHeaders.inRange("5.0.0", CAMEL_RANGE)).isFalse();
        assertThat(imports()).extracting(Clause::pkg).contains("org.apache.camel", "org.duckdb")
                .noneMatch(pkg -> pkg.startsWith("io.sfsync") || pkg.startsWith("org.junit")
                        || pkg.startsWith("org.assertj") || pkg.startsWith("org.apache.camel.test")
                        || pkg.startsWith("com.tngtech") || pkg.startsWith("io.zonky")
                        || pkg.startsWith("org.eclipse.jetty.server") || pkg.startsWith("org.slf4j.simple")
                        || pkg.startsWith("com.networknt"));
    }

    @Test
    void shouldExportTheApiAndTheConfigurationAlone() {
        String bundleVersion = manifest.getMainAttributes().getValue("Bundle-Version");
        assertThat(manifest.getMainAttributes().getValue("Bundle-SymbolicName")).isEqualTo("io.sfsync");
        assertThat(manifest.getMainAttributes().getValue("Bundle-ManifestVersion")).isEqualTo("2");
        List<Clause> exported = OsgiHeaders.parse(manifest.getMainAttributes().getValue("Export-Package"));
        assertThat(exported).extracting(Clause::pkg).containsExactlyInAnyOrder("io.sfsync.api", "io.sfsync.app");
        for (Clause e : exported) {
            assertThat(OsgiHeaders.compare(e.version(), bundleVersion)).as(e.pkg() + " exported at the bundle's release")
                    .isLessThanOrEqualTo(0);
            assertThat(e.attributes().get("uses:")).as(e.pkg() + " exposes no private package of sfsync")
                    .doesNotContain("io.sfsync");
        }
    }

    @Test
    void shouldBeAValidKarafFeaturesFileNamingCamelKarafFeaturesAndTheWrappedSnowflakeDriver() throws Exception {
        Path file = target.resolve("feature/feature.xml");
        URL xsd = getClass().getClassLoader().getResource("org/apache/karaf/features/karaf-features-1.6.0.xsd");
        assertThat(xsd).as("Karaf's features schema on the test classpath").isNotNull();
        SchemaFactory schemas = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        schemas.newSchema(xsd).newValidator().validate(new StreamSource(file.toFile()));

        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document doc = factory.newDocumentBuilder().parse(file.toFile());
        assertThat(text(doc.getDocumentElement(), "repository"))
                .containsExactly("mvn:org.apache.camel.karaf/apache-camel/4.18.0/xml/features");
        Element sfsync = feature(doc, "sfsync");
        assertThat(children(sfsync, "feature")).extracting(f -> f.getTextContent().trim())
                .contains("camel-salesforce", "camel-quartz", "camel-yaml-dsl", "camel-kamelet", "wrap");
        assertThat(children(sfsync, "feature")).filteredOn(f -> "wrap".equals(f.getTextContent().trim()))
                .allSatisfy(f -> assertThat(f.getAttribute("prerequisite")).as("wrap: installed first").isEqualTo("true"));
        children(sfsync, "feature").stream().filter(f -> f.getTextContent().trim().startsWith("camel-")).forEach(f ->
                assertThat(OsgiHeaders.inRange("4.18.0", f.getAttribute("version"))).as(f.getTextContent()).isTrue());
        assertThat(text(sfsync, "bundle")).contains("mvn:io.sfsync/sfsync/0.1.0-SNAPSHOT")
                .anyMatch(b -> b.startsWith("wrap:mvn:net.snowflake/snowflake-jdbc/4.4.1$"));

        Element config = children(sfsync, "config").get(0);
        assertThat(config.getAttribute("name")).isEqualTo("io.sfsync");
        Properties keys = new Properties();
        keys.load(new StringReader(config.getTextContent()));
        assertThat(keys.stringPropertyNames()).isNotEmpty()
                .allSatisfy(key -> assertThat(Defaults.all()).as("a key sfsync knows").containsKey(key));
    }

    @Test
    void shouldReadTheConfigPidFileThroughCamelsPropertiesLocationAsReadmeTellsKarafUsers(@TempDir Path etc)
            throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document doc = factory.newDocumentBuilder().parse(target.resolve("feature/feature.xml").toFile());
        // what Karaf writes for <config name="io.sfsync">: etc/io.sfsync.cfg with the element's text
        Files.writeString(etc.resolve("io.sfsync.cfg"), children(feature(doc, "sfsync"), "config").get(0).getTextContent());
        String before = System.getProperty("karaf.etc");
        System.setProperty("karaf.etc", etc.toString());
        try (CamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().addLocation("file:${karaf.etc}/io.sfsync.cfg");
            assertThat(context.getPropertiesComponent().resolveProperty("sfsync.warehouse.type")).contains("snowflake");
        } finally {
            if (before == null) {
                System.clearProperty("karaf.etc");
            } else {
                System.setProperty("karaf.etc", before);
            }
        }
    }

    @Test
    void shouldInstallEachJarOfTheFeaturesAsTheBundleItIsOrWrapItWhereItIsNot() throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document doc = factory.newDocumentBuilder().parse(target.resolve("feature/feature.xml").toFile());
        NodeList bundles = doc.getElementsByTagNameNS("*", "bundle");
        assertThat(bundles.getLength()).isGreaterThan(4);
        for (int i = 0; i < bundles.getLength(); i++) {
            String url = bundles.item(i).getTextContent().trim();
            boolean wrapped = url.startsWith("wrap:");
            String[] gav = url.replaceFirst("^wrap:", "").replaceFirst("^mvn:", "").replaceFirst("\\$.*", "").split("/");
            if (gav[1].equals("sfsync")) {
                continue;
            }
            Path jar = runtimeJars.stream()
                    .filter(p -> p.getFileName().toString().equals(gav[1] + "-" + gav[2] + ".jar"))
                    .findFirst().orElse(null);
            assertThat(jar).as(url + ": the version core's runtime dependencies have").isNotNull();
            assertThat(isBundle(jar)).as(url + (wrapped ? " is wrapped: not a bundle" : " is a bundle")).isNotEqualTo(wrapped);
            if (wrapped) {
                // what sfsync imports from the wrapped driver (its groupId's packages) is in the jar, and the wrap exports it
                Set<String> inside = packagesOf(jar);
                String prefix = gav[0];
                assertThat(imports()).extracting(Clause::pkg).filteredOn(pkg -> pkg.startsWith(prefix)).isNotEmpty()
                        .allSatisfy(pkg -> assertThat(inside).as(url).contains(pkg));
                assertThat(url).contains("Export-Package=" + prefix + ".*");
            }
        }
    }

    private static List<Clause> imports() {
        return OsgiHeaders.parse(manifest.getMainAttributes().getValue("Import-Package"));
    }

    /** package -> "source version" for every package a runtime jar exports, as a bundle or as camel-karaf does. */
    private static Map<String, List<String>> exportsOfRuntime() throws IOException {
        Map<String, List<String>> exports = new TreeMap<>();
        for (Path jar : runtimeJars) {
            Manifest m = manifestOf(jar);
            String name = jar.getFileName().toString();
            if (m != null && m.getMainAttributes().getValue("Bundle-SymbolicName") != null) {
                for (Clause e : OsgiHeaders.parse(m.getMainAttributes().getValue("Export-Package"))) {
                    String version = e.version() == null ? "0.0.0" : e.version();
                    exports.computeIfAbsent(e.pkg(), k -> new ArrayList<>()).add(name + " " + version);
                }
            } else if (jar.toString().contains("/org/apache/camel/")) {
                String version = OsgiHeaders.fromMaven(jar.getParent().getFileName().toString());
                for (String pkg : packagesOf(jar)) {
                    exports.computeIfAbsent(pkg, k -> new ArrayList<>()).add(name + " (as camel-karaf) " + version);
                }
            }
        }
        // the system bundle: the JDK's exported packages (Karaf's etc/config.properties lists them)
        for (Module module : ModuleLayer.boot().modules()) {
            for (ModuleDescriptor.Exports e : module.getDescriptor().exports()) {
                if (!e.isQualified()) {
                    exports.computeIfAbsent(e.source(), k -> new ArrayList<>()).add("system-bundle 0.0.0");
                }
            }
        }
        return exports;
    }

    private static Set<String> nonBundles() throws IOException {
        Set<String> names = new TreeSet<>();
        for (Path jar : runtimeJars) {
            if (!isBundle(jar)) {
                names.add(jar.getFileName().toString());
            }
        }
        return names;
    }

    private static boolean isBundle(Path jar) throws IOException {
        Manifest m = manifestOf(jar);
        return m != null && m.getMainAttributes().getValue("Bundle-SymbolicName") != null;
    }

    private static Manifest manifestOf(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.getManifest();
        }
    }

    private static Set<String> packagesOf(Path jar) throws IOException {
        Set<String> packages = new TreeSet<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            for (Enumeration<JarEntry> e = file.entries(); e.hasMoreElements();) {
                String entry = e.nextElement().getName();
                if (entry.endsWith(".class") && entry.contains("/") && !entry.startsWith("META-INF/")) {
                    packages.add(entry.substring(0, entry.lastIndexOf('/')).replace('/', '.'));
                }
            }
        }
        return packages;
    }

    private static Element feature(Document doc, String name) {
        List<Element> features = children(doc.getDocumentElement(), "feature").stream()
                .filter(f -> name.equals(f.getAttribute("name"))).toList();
        assertThat(features).as("feature " + name).hasSize(1);
        return features.get(0);
    }

    private static List<Element> children(Element parent, String localName) {
        List<Element> found = new ArrayList<>();
        for (org.w3c.dom.Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && localName.equals(e.getLocalName())) {
                found.add(e);
            }
        }
        return found;
    }

    private static List<String> text(Element parent, String localName) {
        return children(parent, localName).stream().map(e -> e.getTextContent().trim()).collect(Collectors.toList());
    }
}
