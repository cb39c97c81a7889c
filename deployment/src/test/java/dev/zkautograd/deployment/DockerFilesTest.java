package dev.zkautograd.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkautograd.enclave.service.ProverServiceConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docker/docker-compose.yml and the Dockerfiles. No Docker engine runs on the development machines
 * or in CI here, so nothing is built or started: the tests check the files' structure against the
 * compose file format, that every file they copy exists (or is the Maven/dist output they say), that
 * every command they run is a real zk-autograd subcommand with real options, that base images are
 * pinned by digest, and that the prover and the trainer agree on address, port and trust root.
 */
class DockerFilesTest {
  static final String COMPOSE = "docker/docker-compose.yml";
  static final List<String> DOCKERFILES = List.of("docker/Dockerfile", "deployment/aws-nitro/Dockerfile");
  private static final Pattern DIGEST = Pattern.compile("\\S+@sha256:[0-9a-f]{64}(\\s+AS\\s+\\w+)?", Pattern.CASE_INSENSITIVE);

  static Map<String, Object> services() {
    return Repo.map(Repo.map(Repo.yaml(COMPOSE), COMPOSE).get("services"), "services");
  }

  static Map<String, Object> service(String name) {
    return Repo.map(services().get(name), "service " + name);
  }

  /** The shell words a service runs: its entrypoint (default the image's: zk-autograd) and command; compose's $$ is $. */
  static String commandLine(String name) {
    Map<String, Object> s = service(name);
    List<String> entry = s.containsKey("entrypoint") ? words(s.get("entrypoint")) : List.of("zk-autograd");
    List<String> command = words(s.get("command"));
    if (entry.equals(List.of("/bin/sh", "-c"))) return String.join(" ", command).replace("$$", "$");
    List<String> all = new ArrayList<>(entry);
    all.addAll(command);
    return String.join(" ", all);
  }

  static List<String> words(Object o) {
    if (o instanceof String s) return List.of(s);
    return Repo.list(o, "command").stream().map(String::valueOf).toList();
  }

  @Test
  void compose_has_the_prover_and_the_trainer_with_builds_images_and_declared_volumes() {
    Map<String, Object> top = Repo.map(Repo.yaml(COMPOSE), COMPOSE);
    assertTrue(Set.of("name", "services", "volumes").containsAll(top.keySet()), "unknown top-level keys: " + top.keySet());
    assertEquals(Set.of("prover", "trainer"), services().keySet());
    Set<String> known = Set.of("build", "image", "command", "entrypoint", "volumes", "expose", "healthcheck", "depends_on", "environment");
    for (String name : services().keySet()) {
      Map<String, Object> s = service(name);
      assertTrue(known.containsAll(s.keySet()), name + " has keys compose does not know here: " + s.keySet());
      assertTrue(s.containsKey("image") || s.containsKey("build"), name + " has neither image nor build");
    }
    Map<String, Object> build = Repo.map(service("prover").get("build"), "prover build");
    Path context = Repo.path("docker").resolve(String.valueOf(build.get("context"))).normalize();
    assertEquals(Repo.ROOT, context, "the build context is the repository");
    assertTrue(Files.isRegularFile(context.resolve(String.valueOf(build.get("dockerfile")))), "the prover's Dockerfile exists");
    assertEquals(service("prover").get("image"), service("trainer").get("image"), "the trainer runs the image the prover's build makes");

    Set<String> declared = Repo.map(top.get("volumes"), "volumes").keySet();
    for (String name : services().keySet()) {
      for (Object v : Repo.list(service(name).get("volumes"), name + " volumes")) {
        String src = String.valueOf(v).split(":")[0];
        if (src.startsWith(".") || src.startsWith("/")) {
          Path host = Repo.path("docker").resolve(src).normalize();
          assertTrue(host.startsWith(Repo.ROOT), name + ": bind mount " + src + " leaves the repository");
        } else {
          assertTrue(declared.contains(src), name + ": volume " + src + " is not declared at the top level");
        }
      }
    }
  }

  @Test
  void the_services_run_real_commands_and_agree_on_address_port_and_trust_root() {
    List<String> problems = new ArrayList<>();
    for (String name : services().keySet()) problems.addAll(RepoCommands.problems(commandLine(name), COMPOSE + " " + name));
    assertEquals(List.of(), problems);

    String prover = commandLine("prover");
    String trainer = commandLine("trainer");
    assertTrue(prover.contains("zk-autograd prover-service"), prover);
    assertTrue(trainer.startsWith("zk-autograd demo"), trainer);
    int port = ProverServiceConfig.DEFAULT_PORT;
    assertTrue(prover.contains("--port " + port), "the prover listens on the protocol's port " + port + ": " + prover);
    assertEquals(List.of(String.valueOf(port)), words(service("prover").get("expose")));
    assertTrue(trainer.contains("--prover-address prover:" + port), "the trainer dials the prover service by its compose name: " + trainer);
    assertFalse(service("prover").containsKey("ports"), "the protocol has no TLS: its port is not published to the host");

    // The trust root: the prover copies its certificate (only) onto a volume the trainer mounts read-only.
    Matcher root = Pattern.compile("--prover-trust-root (\\S+)").matcher(trainer);
    assertTrue(root.find(), trainer);
    String file = root.group(1);
    assertTrue(prover.contains("/" + file.substring(file.lastIndexOf('/') + 1)) && prover.contains(file), "the prover writes " + file + ": " + prover);
    String dir = file.substring(0, file.lastIndexOf('/'));
    assertTrue(words(service("trainer").get("volumes")).stream().anyMatch(v -> v.endsWith(":" + dir + ":ro")), "the trainer mounts " + dir + " read-only");
    assertFalse(words(service("trainer").get("volumes")).stream().anyMatch(v -> v.startsWith("prover-state")),
        "the trainer must not see the prover's state (its signing key)");
  }

  @Test
  void dockerfiles_pin_bases_by_digest_copy_existing_files_and_run_existing_commands() {
    Set<String> runtimeBases = new LinkedHashSet<>();
    for (String f : DOCKERFILES) {
      Dockerfile d = Dockerfile.read(f);
      List<Dockerfile.Instruction> froms = d.all("FROM");
      assertFalse(froms.isEmpty(), f);
      for (Dockerfile.Instruction from : froms) assertTrue(DIGEST.matcher(from.args()).matches(), f + ": FROM " + from.args() + " is not pinned by digest");
      runtimeBases.add(froms.get(froms.size() - 1).args());
      for (Dockerfile.Instruction copy : d.all("COPY")) {
        if (copy.args().startsWith("--from=")) continue;
        List<String> w = Dockerfile.words(copy.args());
        for (String src : w.subList(0, w.size() - 1)) {
          if (src.equals(".")) continue;
          if (src.startsWith("dist/")) {
            assertTrue(Repo.text("scripts/dist.sh").contains(src), f + ": " + src + " must be what scripts/dist.sh makes");
          } else {
            assertTrue(Files.exists(Repo.path(src)), f + ": COPY " + src + " is not in the repository");
          }
        }
      }
      for (Dockerfile.Instruction run : d.all("CMD")) {
        String program = run.args().replaceAll("[\\[\\]\"]", "").split("[ ,]+")[0];
        assertTrue(program.startsWith("/opt/zk-autograd/") || program.startsWith("--"), f + ": CMD " + program);
      }
    }
    assertEquals(1, runtimeBases.size(), "the compose image and the enclave image run on the same pinned JRE: " + runtimeBases);
  }

  @Test
  void the_enclave_image_starts_the_prover_service_with_nsm_and_kms() {
    Dockerfile d = Dockerfile.read("deployment/aws-nitro/Dockerfile");
    String cmd = d.all("CMD").get(0).args();
    assertEquals("[\"/opt/zk-autograd/enclave-init.sh\"]", cmd);
    assertTrue(d.all("COPY").stream().anyMatch(c -> c.args().equals("deployment/aws-nitro/enclave-init.sh /opt/zk-autograd/enclave-init.sh")));
    assertTrue(Files.isExecutable(Repo.path("deployment/aws-nitro/enclave-init.sh")));
    String init = Repo.text("deployment/aws-nitro/enclave-init.sh");
    assertEquals(List.of(), RepoCommands.problems(init, "enclave-init.sh"));
    for (String needed : List.of("zk-autograd prover-service", "--attestor nsm", "--key-release aws-kms",
        "--trust-root /opt/zk-autograd/aws-nitro-enclaves-root-g1.pem")) {
      assertTrue(init.contains(needed), "enclave-init.sh must run " + needed);
    }
    assertTrue(d.all("COPY").stream().anyMatch(c -> c.args().endsWith("/opt/zk-autograd/aws-nitro-enclaves-root-g1.pem")));
  }

  @Test
  void the_readme_says_the_docker_files_are_validated_not_run() {
    String readme = Repo.text("README.md");
    assertTrue(readme.contains("## Deployment"), "README needs a Deployment section");
    assertTrue(readme.contains("validated") && readme.contains("Docker engine"), "README must say the Docker files are validated but not run here");
  }
}
