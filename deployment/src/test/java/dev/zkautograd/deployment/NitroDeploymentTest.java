package dev.zkautograd.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkautograd.enclave.attestation.AttestationException;
import dev.zkautograd.enclave.attestation.AttestationPolicy;
import dev.zkautograd.enclave.attestation.LocalAttestor;
import dev.zkautograd.enclave.attestation.LocalCertificates;
import dev.zkautograd.enclave.attestation.NitroAttestationVerifier;
import dev.zkautograd.enclave.service.ProverServiceConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deployment/aws-nitro against the code it configures. No enclave, KMS or DynamoDB runs here: what is
 * checked is that the files say what the code expects — the KMS key policy's attestation conditions
 * name the PCRs the attestation verifier checks and, filled with an image's measurements, admit that
 * image and no other; the DynamoDB table has the anchor's key; the vsock wiring uses one CID and the
 * prover protocol's port throughout; the systemd units run files that exist.
 */
class NitroDeploymentTest {
  static final String DIR = "deployment/aws-nitro/";
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z0-9_]+)}");

  static Map<String, Object> json(String file) {
    return Repo.map(Repo.yaml(DIR + file), file);
  }

  static Map<String, Object> statement(Map<String, Object> policy, String sid) {
    return Repo.list(policy.get("Statement"), "Statement").stream().map(s -> Repo.map(s, "statement"))
        .filter(s -> sid.equals(s.get("Sid"))).findFirst().orElseThrow(() -> new AssertionError("no statement " + sid));
  }

  @Test
  void the_shipped_root_is_the_aws_nitro_enclaves_root_and_the_verifier_reads_it() throws Exception {
    byte[] pem = Files.readAllBytes(Repo.path(DIR + "aws-nitro-enclaves-root-g1.pem"));
    X509Certificate root = LocalCertificates.parse(pem);
    // AWS publishes this SHA-256 fingerprint of AWS_NitroEnclaves_Root-G1 (Nitro Enclaves user guide, "Verifying the root of trust").
    assertEquals("641a0321a3e244efe456463195d606317ed7cdcc3c1756e09893f3c68f79bb5b",
        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(root.getEncoded())));
    assertEquals("CN=aws.nitro-enclaves,OU=AWS,O=Amazon,C=US", root.getSubjectX500Principal().getName());
    assertEquals(384, ((ECPublicKey) root.getPublicKey()).getParams().getCurve().getField().getFieldSize());
    assertTrue(root.getBasicConstraints() >= 0, "a CA");
  }

  @Test
  void the_key_policy_releases_the_seed_only_to_the_measured_image(@TempDir Path dir) throws Exception {
    Map<String, Object> policy = json("kms-key-policy.json");
    Map<String, Object> release = statement(policy, "ReleaseOnlyToTheMeasuredEnclave");
    assertEquals("Allow", release.get("Effect"));
    assertEquals("kms:Decrypt", release.get("Action"));
    Map<String, Object> cond = Repo.map(Repo.map(release.get("Condition"), "Condition").get("StringEqualsIgnoreCase"), "StringEqualsIgnoreCase");
    assertEquals("${PCR0}", cond.get("kms:RecipientAttestation:ImageSha384"), "ImageSha384 is PCR0");

    // Every PCR condition names a register the verifier checks, by the name nitro-cli's Measurements use (PCRn).
    LocalAttestor image = LocalAttestor.open(dir.resolve("image"), LocalAttestor.defaultPcrs(), Clock.systemUTC());
    Map<String, String> measurements = new TreeMap<>();
    image.pcrs().forEach((i, v) -> measurements.put("PCR" + i, HexFormat.of().formatHex(v)));
    Map<Integer, byte[]> kmsPolicy = new TreeMap<>();
    for (Map.Entry<String, Object> c : cond.entrySet()) {
      if (!c.getKey().startsWith("kms:RecipientAttestation:PCR")) continue;
      String pcr = c.getKey().substring("kms:RecipientAttestation:".length());
      assertEquals("${" + pcr + "}", c.getValue(), c.getKey() + " must be filled with the measurement of the same name");
      String value = render((String) c.getValue(), measurements);
      Map.Entry<Integer, byte[]> parsed = AttestationPolicy.parsePcr(pcr.substring(3) + "=" + value);
      kmsPolicy.put(parsed.getKey(), parsed.getValue());
    }
    assertEquals(List.of(0, 1, 2), List.copyOf(kmsPolicy.keySet()), "PCR0-2: image, kernel and boot ramdisk, application");

    // The filled policy, as our verifier reads it, admits the image it was filled for and refuses another.
    NitroAttestationVerifier verifier = new NitroAttestationVerifier(new AttestationPolicy(image.root(), kmsPolicy, AttestationPolicy.DEFAULT_FRESHNESS));
    byte[] nonce = new byte[32];
    verifier.verifyDocument(image.attest(nonce, null, null), nonce, Instant.now());
    Map<Integer, byte[]> otherPcrs = new TreeMap<>(LocalAttestor.defaultPcrs());
    otherPcrs.put(2, new byte[48]);
    LocalAttestor other = LocalAttestor.open(dir.resolve("image"), otherPcrs, Clock.systemUTC());
    AttestationException e = assertThrows(AttestationException.class, () -> verifier.verifyDocument(other.attest(nonce, null, null), nonce, Instant.now()));
    assertEquals(AttestationException.Reason.PCR_MISMATCH, e.reason());

    // Nobody gets the seed without an attestation, and nobody can seal a seed they know.
    Map<String, Object> deny = statement(policy, "NoSeedInTheClearEver");
    assertEquals("Deny", deny.get("Effect"));
    assertTrue(Repo.list(deny.get("Action"), "Action").containsAll(List.of("kms:Decrypt", "kms:Encrypt")));
    assertEquals("true", Repo.map(Repo.map(deny.get("Condition"), "Condition").get("Null"), "Null").get("kms:RecipientAttestation:ImageSha384"));
    assertEquals("kms:GenerateDataKeyWithoutPlaintext", statement(policy, "SealNewSeedsNobodySees").get("Action"));
    assertFalse(String.valueOf(statement(policy, "KeyAdministrationWithoutUse").get("Action")).contains("kms:Decrypt"));

    // render-policy.sh fills exactly these placeholders: the PCRs from pcrs.json, the rest from the environment it documents.
    String script = Repo.text(DIR + "render-policy.sh");
    for (String file : List.of("kms-key-policy.json", "instance-role-policy.json")) {
      Matcher m = PLACEHOLDER.matcher(Repo.text(DIR + file));
      while (m.find()) {
        String name = m.group(1);
        assertTrue(name.matches("PCR[0-9]+") ? script.contains("for i in 0 1 2 8") : script.contains(name), file + ": " + name + " is not filled by render-policy.sh");
      }
    }
  }

  static String render(String template, Map<String, String> values) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) m.appendReplacement(out, values.get(m.group(1)));
    return m.appendTail(out).toString();
  }

  @Test
  void the_anchor_table_has_the_dynamodb_anchors_key() {
    // The anchor module's DynamoDbAnchor (branch anchoring): item {run_id (S, partition key), counter (N), head (S)},
    // conditional writes on attribute_not_exists(run_id) / counter = :read. Only the key is part of a table definition.
    Map<String, Object> table = json("dynamodb-anchor-table.json");
    assertEquals(List.of(Map.of("AttributeName", "run_id", "KeyType", "HASH")), table.get("KeySchema"));
    assertEquals(List.of(Map.of("AttributeName", "run_id", "AttributeType", "S")), table.get("AttributeDefinitions"));
    assertEquals("PAY_PER_REQUEST", table.get("BillingMode"));
    assertEquals(Boolean.TRUE, table.get("DeletionProtectionEnabled"), "the counters are the anchors: the table must not be dropped by accident");
    assertTrue(String.valueOf(table.get("TableName")).matches("[A-Za-z0-9_.-]{3,255}"));
    Map<String, Object> role = statement(json("instance-role-policy.json"), "AnchorRunRoots");
    assertEquals(List.of("dynamodb:GetItem", "dynamodb:PutItem"), role.get("Action"), "the anchor reads (consistently) and writes conditionally, nothing else");
    assertTrue(String.valueOf(role.get("Resource")).endsWith(":table/" + table.get("TableName")));
  }

  @Test
  void the_vsock_wiring_uses_one_cid_and_the_protocol_port_throughout() {
    Map<String, Object> enclave = json("enclave-config.json");
    assertEquals(Boolean.FALSE, enclave.get("debug_mode"), "a debug-mode enclave reports all-zero PCRs: KMS must never see one");
    int cid = ((Number) enclave.get("enclave_cid")).intValue();
    int port = ProverServiceConfig.DEFAULT_PORT;
    Map<String, String> env = env(Repo.text(DIR + "enclave.env"));
    assertEquals(String.valueOf(port), env.get("PROVER_PORT"));

    SystemdUnit bridge = SystemdUnit.read(DIR + "parent/zk-prover-bridge.service");
    assertEquals("/usr/bin/socat TCP-LISTEN:" + port + ",bind=127.0.0.1,fork,reuseaddr VSOCK-CONNECT:" + cid + ":" + port,
        bridge.one("Service", "ExecStart"), "trainers on the parent reach the enclave's listener");
    SystemdUnit run = SystemdUnit.read(DIR + "parent/zk-prover-enclave.service");
    assertEquals("/opt/zk-autograd/send-credentials.sh " + cid + " " + env.get("CREDENTIALS_PORT"), run.one("Service", "ExecStartPost"));
    assertTrue(run.one("Service", "ExecStart").endsWith("run-enclave --config /opt/zk-autograd/enclave-config.json"));
    assertEquals("/usr/bin/nitro-cli terminate-enclave --enclave-name " + enclave.get("enclave_name"), run.one("Service", "ExecStop"));

    SystemdUnit proxy = SystemdUnit.read(DIR + "parent/zk-kms-proxy.service");
    String[] p = proxy.one("Service", "ExecStart").split("\\s+");
    assertEquals("/usr/bin/vsock-proxy", p[0]);
    assertEquals(env.get("KMS_PROXY_PORT"), p[1]);
    Map<String, Object> allow = Repo.map(Repo.list(Repo.map(Repo.yaml(DIR + "parent/vsock-proxy.yaml"), "vsock-proxy").get("allowlist"), "allowlist").get(0), "entry");
    assertEquals(p[2], allow.get("address"));
    assertEquals(Integer.parseInt(p[3]), ((Number) allow.get("port")).intValue());
    assertTrue(p[2].equals("kms." + env.get("AWS_REGION") + ".amazonaws.com"), "the proxy reaches KMS of the enclave's region");
    String init = Repo.text(DIR + "enclave-init.sh");
    assertTrue(init.contains("VSOCK-LISTEN:\"${PROVER_PORT}\"") && init.contains("VSOCK-CONNECT:3:\"${KMS_PROXY_PORT}\"")
        && init.contains("VSOCK-LISTEN:\"${CREDENTIALS_PORT}\""), "enclave-init.sh listens and connects on enclave.env's ports");
  }

  @Test
  void the_parent_units_run_files_that_exist() {
    for (String unit : List.of("zk-prover-bridge.service", "zk-prover-enclave.service", "zk-kms-proxy.service")) {
      SystemdUnit u = SystemdUnit.read(DIR + "parent/" + unit);
      assertFalse(u.get("Install", "WantedBy").isEmpty(), unit + " is never started");
      for (String key : List.of("ExecStart", "ExecStartPost", "ExecStop")) {
        for (String exec : u.get("Service", key)) {
          String program = SystemdUnit.program(exec);
          assertTrue(program.startsWith("/"), unit + ": " + key + " needs an absolute path: " + program);
          if (program.startsWith("/opt/zk-autograd/")) {
            String name = program.substring("/opt/zk-autograd/".length());
            assertTrue(Files.isExecutable(Repo.path(DIR + "parent/" + name)), unit + ": " + program + " is parent/" + name + " of this folder");
          } else {
            assertTrue(List.of("/usr/bin/socat", "/usr/bin/nitro-cli", "/usr/bin/vsock-proxy").contains(program),
                unit + ": " + program + " is not one of the packages the README installs");
          }
        }
      }
    }
    for (String script : List.of("build-image.sh", "build-eif.sh", "render-policy.sh", "enclave-init.sh", "parent/send-credentials.sh")) {
      assertTrue(Files.isExecutable(Repo.path(DIR + script)), script + " is executable");
      assertEquals(List.of(), RepoCommands.problems(Repo.text(DIR + script), script));
    }
  }

  static Map<String, String> env(String text) {
    Map<String, String> out = new TreeMap<>();
    for (String line : text.split("\n")) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#")) continue;
      int eq = l.indexOf('=');
      out.put(l.substring(0, eq), l.substring(eq + 1));
    }
    return out;
  }
}
