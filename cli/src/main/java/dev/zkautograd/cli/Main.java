package dev.zkautograd.cli;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.audit.StepProofVerifier;
import dev.zkautograd.generator.SiteException;
import dev.zkautograd.trainer.TrainerException;
import dev.zkautograd.zk.VerificationException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code zk-autograd} command. Sub-commands do one job each; the seed's command names
 * ({@code zk-verify}, {@code zk-setup-zk}, {@code zk-generate-evm-verifier}) are scripts in {@code bin/} that call these
 * (and aliases of {@code setup-zk} and {@code evm-verifier}).
 *
 * <p>Exit codes: 0 success, 1 a check failed (the run or proof is not what it claims), 2 bad usage
 * or unreadable input, 3 an internal error.
 */
@Command(
    name = "zk-autograd",
    mixinStandardHelpOptions = true,
    version = "zk-autograd 0.1.0",
    description = "Zero-knowledge proofs of every optimizer step of a fine-tuning run.",
    subcommands = {
      DemoCommand.class, VerifyCommand.class, OpenModelCommand.class, BenchCommand.class, SiteCommand.class, ServeCommand.class,
      dev.zkautograd.enclave.service.ProverServiceCommand.class, SetupZkCommand.class, EvmVerifierCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  /** A run or proof failed a check. */
  public static final int EXIT_CHECK_FAILED = 1;
  /** Bad usage or input that could not be read. */
  public static final int EXIT_BAD_INPUT = 2;
  /** A bug: the message asks for a report. */
  public static final int EXIT_INTERNAL = 3;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, shared by {@link #main} and the tests. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler(Main::handle);
    return cl;
  }

  /**
   * The command line with another proof verifier behind {@code verify}: the format vectors carry
   * stand-in proof bytes (core cannot make STARK proofs), so their tests check everything but the
   * proofs, which the real-proof tests cover.
   */
  static CommandLine commandLine(StepProofVerifier proofs) {
    CommandLine cl = new CommandLine(new Main(), new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> cls) throws Exception {
        return cls == VerifyCommand.class ? cls.cast(new VerifyCommand(proofs)) : CommandLine.defaultFactory().create(cls);
      }
    });
    cl.setExecutionExceptionHandler(Main::handle);
    return cl;
  }

  /** Turns an exception into one line a user can act on; a stack trace only for bugs. */
  private static int handle(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
    PrintWriter err = cl.getErr();
    if (e instanceof CoreException || e instanceof VerificationException || e instanceof SiteException || e instanceof TrainerException
        || e instanceof dev.zkautograd.ezkl.EzklException || e instanceof dev.zkautograd.ezkl.UncheckedEzklException
        || e instanceof dev.zkautograd.zk.ProverUnavailableException) {
      err.println("zk-autograd: " + e.getMessage());
      return EXIT_BAD_INPUT;
    }
    err.println("zk-autograd: internal error: " + e);
    e.printStackTrace(err);
    err.println("This is a bug in zk-autograd; please report it with the output above.");
    return EXIT_INTERNAL;
  }
}
