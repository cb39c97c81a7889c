package dev.zkautograd.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The command checker the other tests rely on finds what it should (and so can fail them). */
class RepoCommandsTest {
  @Test
  void real_commands_pass() {
    assertEquals(List.of(), RepoCommands.problems("./zk-autograd demo --steps 3 --out artifacts && bash scripts/test.sh", "t"));
    assertEquals(List.of(), RepoCommands.problems("zk-autograd prover-service --port 7410 \\\n  --attestor nsm; mvn -Psbom package", "t"));
  }

  @Test
  void a_missing_subcommand_option_script_or_profile_is_named() {
    List<String> p = RepoCommands.problems("./zk-autograd demox --steps 3", "t");
    assertTrue(p.size() == 1 && p.get(0).contains("no subcommand 'demox'"), p::toString);
    p = RepoCommands.problems("zk-autograd verify --run x --kk 3 | tee log", "t");
    assertTrue(p.size() == 1 && p.get(0).contains("verify has no option --kk"), p::toString);
    p = RepoCommands.problems("bash scripts/nope.sh && deployment/aws-nitro/build-image.sh x", "t");
    assertTrue(p.size() == 1 && p.get(0).contains("scripts/nope.sh"), p::toString);
    p = RepoCommands.problems("mvn -Pnosuch package", "t");
    assertTrue(p.size() == 1 && p.get(0).contains("profile nosuch"), p::toString);
  }

  @Test
  void options_after_a_separator_belong_to_the_next_command() {
    assertEquals(List.of(), RepoCommands.problems("zk-autograd verify --run x; ls --color", "t"));
    assertEquals(List.of(), RepoCommands.problems("\"$(ls -d artifacts/run-* | tail -n 1)\" # zk-autograd nothing", "t"));
  }
}
