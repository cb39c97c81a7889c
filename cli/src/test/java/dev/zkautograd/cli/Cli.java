package dev.zkautograd.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import dev.zkautograd.core.audit.StepProofVerifier;
import picocli.CommandLine;

/** Runs the command in this JVM, as {@code zk-autograd ARGS} would, with standard output and error captured. */
record Cli(int exit, String out, String err) {

  /**
   * Runs the command with proof checks off: for the format vectors of {@code core}, whose proof
   * files are stand-in bytes. Proofs are checked by {@link #withProofs}.
   */
  static Cli run(String... args) {
    return run(Main.commandLine(StepProofVerifier.NONE), args);
  }

  /** Runs the command exactly as {@code zk-autograd ARGS} does, the STARK verifier included. */
  static Cli withProofs(String... args) {
    return run(Main.commandLine(), args);
  }

  private static Cli run(CommandLine cl, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new Cli(exit, out.toString(), err.toString());
  }

  @Override
  public String toString() {
    return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
  }
}
