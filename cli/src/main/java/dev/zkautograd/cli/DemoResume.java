package dev.zkautograd.cli;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.CoreException.Reason;
import dev.zkautograd.core.hash.Digest;
import dev.zkautograd.core.run.Backend;
import dev.zkautograd.core.run.ChunkEntry;
import dev.zkautograd.core.run.DurableFiles;
import dev.zkautograd.core.run.ModelState;
import dev.zkautograd.core.run.OptimizerSpec;
import dev.zkautograd.core.run.ProverDeclaration;
import dev.zkautograd.core.run.Run;
import dev.zkautograd.core.run.RunLayout;
import dev.zkautograd.core.run.RunManifest;
import dev.zkautograd.core.run.RunReader;
import dev.zkautograd.core.run.RunSpec;
import dev.zkautograd.core.run.RunWriter;
import dev.zkautograd.core.run.SignedManifest;
import dev.zkautograd.core.run.StepRecord;
import dev.zkautograd.core.secret.SecretBytes;
import dev.zkautograd.trainer.TrainingState;
import dev.zkautograd.zk.VerificationException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * {@code demo --resume RUN_DIR}: an interrupted run (the demo or its prover killed) continued from
 * the last step in its log (docs/trainer.md, "Crashes and resume"). What the run is comes from the
 * run: its signed manifest (rule, parameters, chunks, model declaration, prover) and the options its
 * private folder recorded when it started ({@link #OPTIONS}); the rebuilt task must declare exactly
 * what the manifest declares, and the saved state must open the last record's state roots, so a
 * resumed run is the run that was started, never a look-alike.
 */
record DemoResume(Path runDir, RunSpec spec, PrivateFolder folder) {

  /**
   * The options that make a run what it is, recorded in {@code run.options} and restored on resume; the
   * others (where to anchor, which prover address, --out) say where the run goes, and come from the command line.
   */
  static final List<String> OPTIONS = List.of("--steps", "--params", "--model", "--data", "--batch", "--seed", "--chunks",
      "--optimizer", "--lr", "--beta1", "--beta2", "--eps", "--clip", "--backend", "--prover", "--proof-params");

  /** The effective values of the run options as {@code --name=value} lines: paths absolute, unset options left out. */
  static List<String> recordedOptions(CommandSpec spec) {
    List<String> lines = new ArrayList<>();
    for (String name : OPTIONS) {
      Object v = spec.findOption(name).getValue();
      if (v == null) continue;
      String s = v instanceof Path p ? p.toAbsolutePath().normalize().toString() : v.toString();
      if (s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
        throw new ParameterException(spec.commandLine(), name + ": a value with a line break cannot be recorded for --resume");
      }
      lines.add(name + "=" + s);
    }
    return lines;
  }

  /**
   * Reads the run in {@code runDir} and its private folder beside it, refusing a finished run, an EZKL run
   * and a run without its private folder, and applies the recorded options to {@code spec}'s command;
   * an option the command line gives with another value is refused, naming it.
   */
  static DemoResume open(Path runDir, CommandSpec spec) throws CoreException {
    Path dir = runDir.toAbsolutePath().normalize();
    Path manifestFile = dir.resolve(RunLayout.MANIFEST);
    RunManifest manifest;
    try {
      manifest = SignedManifest.parse(DurableFiles.read(manifestFile, manifestFile.toString(), RunManifest.MAX_BYTES)).manifest();
    } catch (CoreException e) {
      throw e.at(manifestFile.toString(), null);
    }
    if (manifest.status() != RunManifest.Status.OPEN) {
      throw CoreException.of(Reason.BAD_FIELD, "the run is finished: there is nothing to resume").file(manifestFile.toString())
          .field("status").expected(RunManifest.Status.OPEN.wire()).actual(manifest.status().wire()).build();
    }
    if (manifest.spec().backend() != Backend.STARK) {
      // EZKL's state roots are digests of unsalted Poseidon hashes, not the STARK's blinded commitments the saved state is checked against.
      throw CoreException.of(Reason.BAD_FIELD, "only STARK runs can be resumed: the saved state of an EZKL run cannot be checked "
          + "against its state roots here").file(manifestFile.toString()).field("backend").expected(Backend.STARK.wire())
          .actual(manifest.spec().backend().wire()).build();
    }
    PrivateFolder folder = PrivateFolder.open(dir.getParent().resolve(".private").resolve(dir.getFileName().toString()), dir);
    restore(spec, folder.options(), folder.file(PrivateFolder.OPTIONS));
    return new DemoResume(dir, manifest.spec(), folder);
  }

  private static void restore(CommandSpec spec, List<String> lines, Path file) throws CoreException {
    CommandLine recorded = new CommandLine(new DemoCommand());
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i);
      int eq = l.indexOf('=');
      if (eq < 0 || !OPTIONS.contains(l.substring(0, eq))) {
        throw CoreException.of(Reason.BAD_FIELD, "not a recorded run option").file(file + ", line " + (i + 1))
            .expected("--name=value of one of " + OPTIONS).actual(l).build();
      }
    }
    try {
      recorded.parseArgs(lines.toArray(new String[0]));
    } catch (ParameterException e) {
      throw CoreException.of(Reason.BAD_FIELD, "the recorded options do not parse: " + e.getMessage()).file(file.toString()).build(e);
    }
    CommandLine.ParseResult given = spec.commandLine().getParseResult();
    for (String name : OPTIONS) {
      OptionSpec mine = spec.findOption(name);
      Object theirs = recorded.getCommandSpec().findOption(name).getValue();
      if (given.hasMatchedOption(name) && !same(mine.getValue(), theirs)) {
        throw new ParameterException(spec.commandLine(), name + ": the run was started " + (theirs == null ? "without " + name
            : "with " + name + " " + theirs) + ", and --resume continues it with its own options (" + file + "): leave " + name + " out");
      }
      mine.setValue(theirs);
    }
  }

  private static boolean same(Object a, Object b) {
    if (a instanceof Path p && b instanceof Path q) {
      return p.toAbsolutePath().normalize().equals(q.toAbsolutePath().normalize());
    }
    return Objects.equals(a, b);
  }

  /**
   * Refuses a rebuilt run that is not the one the manifest declares: the rule, the parameter count, the chunks, the
   * model declaration (which carries the base model's and data file's SHA-256 and the data seed), and the prover,
   * whose attested key must be the one that signed the run's steps.
   */
  void check(OptimizerSpec rule, long params, int chunks, Map<String, String> model, ProverDeclaration attested) throws CoreException {
    mustEqual("optimizer", spec.optimizer(), rule);
    mustEqual("params", spec.params(), params);
    mustEqual("chunks", spec.chunks(), chunks);
    for (String key : new TreeSet<>(union(spec.model().keySet(), model.keySet()))) {
      mustEqual("model." + key, spec.model().get(key), model.get(key));
    }
    ProverDeclaration declared = spec.prover();
    if ((declared == null) != (attested == null)) {
      throw CoreException.of(Reason.BAD_FIELD, declared == null
              ? "the run's steps are proven in process, unsigned: resume it without --prover service or --prover-address"
              : "the run's steps are signed by an attested prover: resume it with that prover (--prover-address HOST:PORT, or "
                  + "--prover service for the one the demo starts)")
          .file(runDir.resolve(RunLayout.MANIFEST).toString()).field("prover")
          .expected(declared == null ? "no prover" : declared.keyId()).actual(attested == null ? "no prover" : attested.keyId()).build();
    }
    if (declared != null && !java.util.Arrays.equals(declared.signingKey(), attested.signingKey())) {
      throw CoreException.of(Reason.SIGNATURE_INVALID, "the prover attests another signing key than the one the run's steps are "
          + "signed with").file(runDir.resolve(RunLayout.MANIFEST).toString()).field("prover.signing_key")
          .expected(declared.keyId()).actual(attested.keyId()).build();
    }
  }

  private static java.util.Set<String> union(java.util.Set<String> a, java.util.Set<String> b) {
    java.util.Set<String> u = new java.util.HashSet<>(a);
    u.addAll(b);
    return u;
  }

  private void mustEqual(String field, Object declared, Object rebuilt) throws CoreException {
    if (!Objects.equals(declared, rebuilt)) {
      throw CoreException.of(Reason.BAD_FIELD, "the options recorded in " + folder.file(PrivateFolder.OPTIONS)
              + " do not rebuild the run its manifest declares (the model, the data or the options changed)")
          .file(runDir.resolve(RunLayout.MANIFEST).toString()).field(field).expected(declared).actual(rebuilt).build();
    }
  }

  /**
   * The state to continue from, after {@link RunWriter#resume} repaired the log: the base state before step 0, or the
   * saved state after the last record, which must open every chunk's {@code state_out} of that record; saved states of
   * steps the log does not hold (proven, never appended) are dropped.
   */
  TrainingState state(RunWriter writer, TrainingState base, SecretBytes master) throws CoreException, VerificationException {
    long last = writer.nextStep() - 1;
    if (last >= 0) {
      Run run = RunReader.read(runDir);
      StepRecord record = run.steps().get(Math.toIntExact(last));
      ModelState saved = folder.stepState(last, folder.latestSavedStep());
      String file = folder.file(PrivateFolder.stepStateName(last)).toString();
      StateRoots.checkShape(record, saved, file);
      for (ChunkEntry chunk : record.draft().chunks()) {
        Digest root = StateRoots.root(run, record, chunk, last + 1, saved, master);
        if (!root.equals(chunk.stateOut())) {
          throw CoreException.of(Reason.STATE_CHAIN_BROKEN, "the saved state is not the state the run's last step ended in "
                  + "(stale or altered): it does not open that step's state root in " + RunLayout.STEPS)
              .file(file).step(last).field("chunks[" + chunk.index() + "].state_out").expected(chunk.stateOut().hex())
              .actual("recomputed " + root.hex()).build();
        }
      }
      base = new TrainingState(saved.weights(), saved.moments(), saved.secondMoments());
    }
    folder.removeStepStatesAfter(last);
    return base;
  }
}
