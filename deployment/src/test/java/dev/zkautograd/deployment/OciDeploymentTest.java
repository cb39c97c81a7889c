package dev.zkautograd.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkautograd.enclave.service.ProverServiceConfig;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * deployment/oci-cvm against the code: the systemd units run real subcommands with real options, as
 * their own users, writing only where they may; the trainer reaches the prover on the protocol port and
 * trusts the certificate the prover publishes; every setting the prover's command line takes from
 * prover.env is defined there. No OCI runs here; the Vault release itself is OciVaultKeyReleaseTest's.
 */
class OciDeploymentTest {
  static final String DIR = "deployment/oci-cvm/";

  @Test
  void the_units_run_existing_commands_as_their_own_users_in_their_own_folders() {
    for (String name : List.of("zk-prover.service", "zk-trainer.service")) {
      SystemdUnit u = SystemdUnit.read(DIR + name);
      String user = u.one("Service", "User");
      assertEquals(name.replace(".service", ""), user, name + " runs as its own user");
      assertEquals(user, u.one("Service", "Group"));
      assertEquals(user, u.one("Service", "StateDirectory"), "the state folder is /var/lib/" + user);
      assertEquals("yes", u.one("Service", "NoNewPrivileges"));
      assertEquals("strict", u.one("Service", "ProtectSystem"), "the file system is read-only but for ReadWritePaths");
      List<String> writable = List.of(u.one("Service", "ReadWritePaths").split("\\s+"));
      assertTrue(writable.contains("/var/lib/" + user), name + " may write its state folder");
      String exec = u.one("Service", "ExecStart");
      assertTrue(exec.startsWith("/opt/zk-autograd/zk-autograd "), name + " runs the distribution's command: " + exec);
      assertEquals(List.of(), RepoCommands.problems(exec, name));
      for (String path : paths(exec, "--state-dir", "--out")) {
        assertTrue(writable.stream().anyMatch(path::startsWith), name + " writes " + path + " outside ReadWritePaths " + writable);
      }
      assertTrue(!u.get("Install", "WantedBy").isEmpty(), name + " can be enabled");
    }
    assertTrue(Files.isExecutable(Repo.path(DIR + "publish-trust-root.sh")));
    assertEquals(List.of(), RepoCommands.problems(Repo.text(DIR + "publish-trust-root.sh"), "publish-trust-root.sh"));
  }

  @Test
  void the_prover_releases_its_key_from_oci_vault_with_settings_from_prover_env() {
    SystemdUnit prover = SystemdUnit.read(DIR + "zk-prover.service");
    String exec = prover.one("Service", "ExecStart");
    assertTrue(exec.contains("--key-release oci-vault"), exec);
    assertEquals("/etc/zk-autograd/prover.env", prover.one("Service", "EnvironmentFile"));
    Map<String, String> env = NitroDeploymentTest.env(Repo.text(DIR + "prover.env"));
    Matcher m = Pattern.compile("\\$\\{(\\w+)}").matcher(exec);
    int used = 0;
    while (m.find()) {
      used++;
      assertTrue(env.containsKey(m.group(1)), "zk-prover.service uses ${" + m.group(1) + "}, which prover.env does not define");
    }
    assertEquals(3, used, "endpoint, key and signing key id come from prover.env");
    assertTrue(env.get("OCI_KEY_ID").startsWith("ocid1.key."), "a Vault key OCID, as OciVaultKeyRelease demands");
    assertTrue(env.get("OCI_CRYPTO_ENDPOINT").startsWith("https://"), "the Vault is reached over TLS");
    assertTrue(Repo.text(DIR + "iam-policy.txt").contains("use keys in compartment zk-autograd where all {target.key.id = '${OCI_KEY_ID}'"));
  }

  @Test
  void the_trainer_reaches_the_prover_on_the_protocol_port_and_trusts_what_it_publishes() {
    String prover = SystemdUnit.read(DIR + "zk-prover.service").one("Service", "ExecStart");
    SystemdUnit trainer = SystemdUnit.read(DIR + "zk-trainer.service");
    String train = trainer.one("Service", "ExecStart");
    int port = ProverServiceConfig.DEFAULT_PORT;
    assertTrue(prover.contains("--bind 127.0.0.1 --port " + port), prover);
    assertTrue(train.contains("--prover-address 127.0.0.1:" + port), train);
    assertEquals(List.of("zk-prover.service"), trainer.get("Unit", "Requires"));
    String post = SystemdUnit.read(DIR + "zk-prover.service").one("Service", "ExecStartPost");
    String[] p = post.split("\\s+");
    assertEquals("/opt/zk-autograd/publish-trust-root.sh", p[0]);
    assertEquals(paths(prover, "--state-dir").get(0) + "/attestation-root.der", p[1], "the certificate the local attestor writes");
    assertEquals(paths(train, "--prover-trust-root").get(0), p[2], "the trainer trusts the published copy");
    assertTrue(p[2].startsWith("/run/zk-prover/"), "published in the prover's runtime folder");
    assertEquals("0755", SystemdUnit.read(DIR + "zk-prover.service").one("Service", "RuntimeDirectoryMode"));
    assertEquals("0700", SystemdUnit.read(DIR + "zk-prover.service").one("Service", "StateDirectoryMode"), "the prover's keys stay its own");
  }

  @Test
  void the_anchor_bucket_is_private_and_versioned() {
    Map<String, Object> bucket = Repo.map(Repo.yaml(DIR + "anchor-bucket.json"), "anchor-bucket.json");
    assertEquals("NoPublicAccess", bucket.get("publicAccessType"));
    assertEquals("Enabled", bucket.get("versioning"), "every head the counter had stays readable");
    assertTrue(String.valueOf(bucket.get("name")).matches("[a-z0-9][a-z0-9.-]{1,62}"), "a name the object-store anchor accepts");
    String iam = Repo.text(DIR + "iam-policy.txt");
    assertTrue(iam.contains("target.bucket.name = '" + bucket.get("name") + "'"));
    assertTrue(!iam.contains("OBJECT_DELETE") && !iam.contains("OBJECT_VERSION_DELETE"), "anchor writers never delete");
  }

  static List<String> paths(String exec, String... options) {
    List<String> t = RepoCommands.tokens(exec);
    List<String> out = new java.util.ArrayList<>();
    for (int i = 0; i + 1 < t.size(); i++) {
      if (List.of(options).contains(t.get(i))) out.add(t.get(i + 1));
    }
    return out;
  }
}
