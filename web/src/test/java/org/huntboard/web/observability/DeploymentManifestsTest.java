package org.huntboard.web.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The Kubernetes manifests under deploy/kubernetes hold together with the application they deploy:
 * every document parses and has its required fields, the image is the one the Quarkus build names,
 * every setting they pass is a configuration key of the application, probes hit SmallRye Health's
 * paths on the port that serves them, and the references between the objects resolve.
 */
class DeploymentManifestsTest {

  private static final Path MANIFESTS = ConfigKeys.ROOT.resolve("deploy/kubernetes");

  /** The paths SmallRye Health serves (under the management root in production). */
  static final Set<String> HEALTH_PATHS =
      Set.of("/q/health", "/q/health/live", "/q/health/ready", "/q/health/started");

  /**
   * Environment variables read by the container image rather than by Huntboard (the base image's
   * launcher reads JAVA_OPTS_APPEND).
   */
  private static final Set<String> IMAGE_VARIABLES = Set.of("JAVA_OPTS_APPEND");

  private static final Map<String, List<Map<String, Object>>> DOCUMENTS = new LinkedHashMap<>();
  private static Properties application;
  private static TreeSet<String> known;

  @BeforeAll
  static void load() throws IOException {
    try (Stream<Path> files = Files.list(MANIFESTS)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        List<Map<String, Object>> docs = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file)) {
          for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(reader)) {
            if (doc != null) {
              assertThat(doc).as("%s holds a mapping", file).isInstanceOf(Map.class);
              docs.add(map(doc));
            }
          }
        }
        DOCUMENTS.put(file.getFileName().toString(), docs);
      }
    }
    application = new Properties();
    try (Reader reader =
        Files.newBufferedReader(
            ConfigKeys.ROOT.resolve("web/src/main/resources/application.properties"))) {
      application.load(reader);
    }
    known = new TreeSet<>(ConfigKeys.fromCode());
    known.addAll(ConfigKeys.documented());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object value) {
    return value == null ? List.of() : (List<Object>) value;
  }

  private static Object at(Map<String, Object> doc, String path) {
    Object current = doc;
    for (String part : path.split("\\.")) {
      if (!(current instanceof Map<?, ?> m)) {
        return null;
      }
      current = m.get(part);
    }
    return current;
  }

  private static List<Map<String, Object>> kind(String kind) {
    return DOCUMENTS.values().stream()
        .flatMap(List::stream)
        .filter(d -> kind.equals(d.get("kind")))
        .toList();
  }

  private static Map<String, Object> only(String kind) {
    List<Map<String, Object>> found = kind(kind);
    assertThat(found).as("one %s", kind).hasSize(1);
    return found.get(0);
  }

  private static Map<String, Object> container() {
    return map(list(at(only("Deployment"), "spec.template.spec.containers")).get(0));
  }

  private static String projectVersion() throws IOException {
    String pom = Files.readString(ConfigKeys.ROOT.resolve("web/pom.xml"));
    Matcher m =
        Pattern.compile("<parent>.*?<version>([^<]+)</version>", Pattern.DOTALL).matcher(pom);
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  @Test
  void everyDocumentParsesWithItsRequiredFields() {
    assertThat(DOCUMENTS.keySet())
        .contains(
            "deployment.yaml",
            "service.yaml",
            "configmap.yaml",
            "poddisruptionbudget.yaml",
            "ingress.yaml",
            "kustomization.yaml");
    DOCUMENTS.forEach(
        (file, docs) -> {
          assertThat(docs).as("%s has a document", file).isNotEmpty();
          for (Map<String, Object> doc : docs) {
            assertThat(doc.get("apiVersion")).as("%s apiVersion", file).isNotNull();
            assertThat(doc.get("kind")).as("%s kind", file).isNotNull();
            if (!"Kustomization".equals(doc.get("kind"))) {
              assertThat(at(doc, "metadata.name")).as("%s metadata.name", file).isNotNull();
            }
          }
        });
  }

  @Test
  void kustomizationListsFilesThatExistAndNamesTheBuiltImage() throws IOException {
    Map<String, Object> kustomization = only("Kustomization");
    for (Object resource : list(kustomization.get("resources"))) {
      assertThat(MANIFESTS.resolve(resource.toString())).as("resource %s", resource).exists();
    }
    assertThat(list(kustomization.get("resources"))).doesNotContain("secret.example.yaml");
    Map<String, Object> image = map(list(kustomization.get("images")).get(0));
    assertThat(image.get("name")).isEqualTo(imageRepository());
    assertThat(image.get("newTag")).isEqualTo(projectVersion());
  }

  private static String imageRepository() {
    String group = application.getProperty("quarkus.container-image.group");
    String name = application.getProperty("quarkus.container-image.name");
    assertThat(name).as("quarkus.container-image.name").isNotBlank();
    return group == null || group.isBlank() ? name : group + "/" + name;
  }

  @Test
  void deploymentRunsTheQuarkusImageOnTwoOrMoreReplicasWithResources() throws IOException {
    Map<String, Object> deployment = only("Deployment");
    assertThat((Integer) at(deployment, "spec.replicas")).isGreaterThanOrEqualTo(2);
    assertThat(application.getProperty("quarkus.quartz.clustered")).isEqualTo("true");
    Map<String, Object> container = container();
    assertThat(container.get("image")).isEqualTo(imageRepository() + ":" + projectVersion());
    for (String part : List.of("requests", "limits")) {
      for (String resource : List.of("cpu", "memory")) {
        assertThat(at(container, "resources." + part + "." + resource))
            .as("resources.%s.%s", part, resource)
            .isNotNull();
      }
    }
    Map<String, Object> selector = map(at(deployment, "spec.selector.matchLabels"));
    assertThat(map(at(deployment, "spec.template.metadata.labels"))).containsAllEntriesOf(selector);
  }

  @Test
  void probesHitSmallRyeHealthOnTheManagementPort() {
    Map<String, Object> container = container();
    Map<String, Integer> ports = new LinkedHashMap<>();
    for (Object port : list(container.get("ports"))) {
      ports.put((String) map(port).get("name"), (Integer) map(port).get("containerPort"));
    }
    int management = Integer.parseInt(application.getProperty("quarkus.management.port"));
    int http = Integer.parseInt(application.getProperty("quarkus.http.port"));
    assertThat(application.getProperty("%prod.quarkus.management.enabled")).isEqualTo("true");
    assertThat(ports).containsEntry("management", management).containsEntry("http", http);
    for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
      Map<String, Object> get = map(at(container, probe + ".httpGet"));
      assertThat(get).as(probe).isNotNull();
      assertThat(HEALTH_PATHS).as(probe + " path").contains((String) get.get("path"));
      assertThat(get.get("port")).as(probe + " port").isEqualTo("management");
    }
    assertThat(at(container, "livenessProbe.httpGet.path")).isEqualTo("/q/health/live");
    assertThat(at(container, "readinessProbe.httpGet.path")).isEqualTo("/q/health/ready");
  }

  @Test
  void everySettingTheManifestsPassIsAConfigurationKeyOfTheApplication() {
    List<String> variables = new ArrayList<>();
    variables.addAll(map(only("ConfigMap").get("data")).keySet());
    for (Object env : list(container().get("env"))) {
      variables.add((String) map(env).get("name"));
    }
    for (String variable : variables) {
      if (IMAGE_VARIABLES.contains(variable)) {
        continue;
      }
      assertThat(ConfigKeys.propertyOfEnv(variable, known))
          .as("%s names a key of the application or of docs/configuration.md", variable)
          .isPresent();
    }
    // Quarkus's own keys must be ones its extensions on the class path declare, and read at run
    // time: a build-time key set on a pod has no effect. The OIDC keys are accepted unchecked only
    // while quarkus-oidc is not part of the build, which the model shows.
    Map<String, ConfigKeys.QuarkusProperty> quarkus = ConfigKeys.quarkusProperties();
    assertThat(quarkus).containsKey("QUARKUS_HTTP_HOST");
    boolean oidcInBuild =
        quarkus.values().stream().anyMatch(p -> p.property().startsWith("quarkus.oidc."));
    for (String variable : variables) {
      if (!variable.startsWith("QUARKUS_")
          || (!oidcInBuild && variable.startsWith("QUARKUS_OIDC_"))) {
        continue;
      }
      Optional<ConfigKeys.QuarkusProperty> property = ConfigKeys.quarkusProperty(variable, quarkus);
      assertThat(property).as("%s is a Quarkus property of this build", variable).isPresent();
      assertThat(property.get().runtime())
          .as("%s (%s) is read at run time", variable, property.get().phase())
          .isTrue();
    }
    assertThat(variables)
        .contains(
            "QUARKUS_DATASOURCE_JDBC_URL",
            "QUARKUS_DATASOURCE_PASSWORD",
            "QUARKUS_OIDC_AUTH_SERVER_URL",
            "QUARKUS_OIDC_PORTAL_CREDENTIALS_SECRET",
            "QUARKUS_OIDC_PORTAL_AUTHENTICATION_STATE_SECRET",
            "QUARKUS_HTTP_HOST");
  }

  @Test
  void secretsComeFromTheSecretTheExampleDescribes() throws IOException {
    Map<String, Object> secret = only("Secret");
    Map<String, Object> data = map(secret.get("stringData"));
    String secretName = (String) at(secret, "metadata.name");
    for (Object env : list(container().get("env"))) {
      Object ref = at(map(env), "valueFrom.secretKeyRef");
      if (ref != null) {
        assertThat(map(ref).get("name")).isEqualTo(secretName);
        assertThat(data).containsKey((String) map(ref).get("key"));
      }
    }
    Map<String, Object> volume =
        list(at(only("Deployment"), "spec.template.spec.volumes")).stream()
            .map(DeploymentManifestsTest::map)
            .filter(v -> v.get("secret") != null)
            .findFirst()
            .orElseThrow();
    assertThat(at(volume, "secret.secretName")).isEqualTo(secretName);
    Properties file = new Properties();
    file.load(new java.io.StringReader((String) data.get("secrets.properties")));
    assertThat(file).isNotEmpty();
    for (String key : file.stringPropertyNames()) {
      assertThat(ConfigKeys.isKnownProperty(key, known)).as("secrets.properties: %s", key).isTrue();
    }
    assertThat(file.stringPropertyNames()).contains("huntboard.secrets.current-key");
    // The Deployment points Quarkus at the mounted file.
    String locations = (String) map(only("ConfigMap").get("data")).get("QUARKUS_CONFIG_LOCATIONS");
    String mountPath =
        list(container().get("volumeMounts")).stream()
            .map(DeploymentManifestsTest::map)
            .filter(m -> volume.get("name").equals(m.get("name")))
            .map(m -> (String) m.get("mountPath"))
            .findFirst()
            .orElseThrow();
    assertThat(locations).isEqualTo("file:" + mountPath + "/secrets.properties");
  }

  @Test
  void serviceDisruptionBudgetAndIngressSelectThePortal() {
    Map<String, Object> labels = map(at(only("Deployment"), "spec.template.metadata.labels"));
    Map<String, Object> service = only("Service");
    assertThat(labels).containsAllEntriesOf(map(at(service, "spec.selector")));
    Set<String> portNames = new TreeSet<>();
    for (Object port : list(container().get("ports"))) {
      portNames.add((String) map(port).get("name"));
    }
    List<Object> servicePorts = list(at(service, "spec.ports"));
    for (Object port : servicePorts) {
      assertThat(portNames).contains(String.valueOf(map(port).get("targetPort")));
      assertThat(map(port).get("targetPort")).as("health stays off the Service").isEqualTo("http");
    }
    Map<String, Object> pdb = only("PodDisruptionBudget");
    assertThat(labels).containsAllEntriesOf(map(at(pdb, "spec.selector.matchLabels")));
    assertThat((Integer) at(pdb, "spec.minAvailable"))
        .isLessThan((Integer) at(only("Deployment"), "spec.replicas"));
    String serviceName = (String) at(service, "metadata.name");
    Set<String> servicePortNames = new TreeSet<>();
    servicePorts.forEach(p -> servicePortNames.add((String) map(p).get("name")));
    for (Object rule : list(at(only("Ingress"), "spec.rules"))) {
      for (Object path : list(at(map(rule), "http.paths"))) {
        assertThat(at(map(path), "backend.service.name")).isEqualTo(serviceName);
        assertThat(servicePortNames).contains((String) at(map(path), "backend.service.port.name"));
      }
    }
  }

  @Test
  void configurationDocumentListsEveryKeyTheCodeDeclaresAndNoOther() {
    TreeSet<String> code = ConfigKeys.fromCode();
    assertThat(code)
        .contains(
            "huntboard.scheduling.max-jitter",
            "huntboard.secrets.keys.*",
            "huntboard.observability.oidc-readiness");
    TreeSet<String> documented = ConfigKeys.documented();
    assertThat(documented).as("keys in docs/configuration.md").containsAll(code);
    List<String> stale =
        documented.stream().filter(k -> k.startsWith("huntboard.") && !code.contains(k)).toList();
    assertThat(stale).as("huntboard keys documented but not in the code").isEmpty();
  }
}
