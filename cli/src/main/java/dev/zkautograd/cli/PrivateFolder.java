package dev.zkautograd.cli;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.CoreException.Reason;
import dev.zkautograd.core.checkpoint.NoteSigner;
import dev.zkautograd.core.run.DurableFiles;
import dev.zkautograd.core.run.ModelState;
import dev.zkautograd.core.secret.InsecureSecretAccess;
import dev.zkautograd.core.secret.SecretBytes;
import dev.zkautograd.trainer.StateJournal;
import dev.zkautograd.trainer.TrainingState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A demo run's private folder, {@code <out>/.private/<run>/}, readable by the owner only and never
 * published (docs/trainer.md, "Crashes and resume"): the checkpoint key, the blinding master seed,
 * the options the run was started with, the base and final model states, and, while the run is
 * open, the state the last appended step ended in. Every file is replaced atomically and durably
 * (write a temporary file, fsync, rename, fsync the folder), so a kill leaves each whole.
 */
final class PrivateFolder implements StateJournal {
  static final String KEY = "checkpoint.key";
  static final String SEED = "blinding.seed";
  static final String OPTIONS = "run.options";
  static final String BASE = "base.state";
  static final String FINAL = "final.state";
  /** {@code after-step-<t>.state}: the state step t led to, a zk-autograd/model-state/v1 file. */
  static final String STEP_STATE_PREFIX = "after-step-";
  static final String STATE_SUFFIX = ".state";
  private static final int SEED_BYTES = 32;
  private static final long MAX_KEY_BYTES = 1 << 10;
  private static final long MAX_OPTIONS_BYTES = 64 << 10;

  private final Path dir;

  private PrivateFolder(Path dir) {
    this.dir = dir;
  }

  /** Creates the folder of a new run with its key, master seed and the options it is started with (one {@code --name=value} a line). */
  static PrivateFolder create(Path dir, NoteSigner signer, SecretBytes masterSeed, List<String> options) throws CoreException {
    PrivateFolder f = new PrivateFolder(dir);
    try {
      DurableFiles.createDirectories(dir);
      ownerOnly(dir);
    } catch (IOException e) {
      throw DurableFiles.io("cannot create the private folder", dir.toString(), e);
    }
    f.write(KEY, (signer.encodePrivate(InsecureSecretAccess.get()) + "\n").getBytes(StandardCharsets.UTF_8));
    f.write(SEED, masterSeed.toByteArray(InsecureSecretAccess.get()));
    f.write(OPTIONS, (String.join("\n", options) + "\n").getBytes(StandardCharsets.UTF_8));
    return f;
  }

  /** The folder of an existing run, refused when it is not there: without it the run cannot be continued. */
  static PrivateFolder open(Path dir, Path runDir) throws CoreException {
    if (!Files.isDirectory(dir)) {
      throw CoreException.of(Reason.IO, "the run's private folder is missing: its checkpoint key, blinding seed and model states "
          + "are needed to continue " + runDir + ", which without them can only be verified as it is, open")
          .file(dir.toString()).expected("a folder").actual("none").build();
    }
    return new PrivateFolder(dir);
  }

  Path dir() {
    return dir;
  }

  Path file(String name) {
    return dir.resolve(name);
  }

  /** The run's checkpoint signer. */
  NoteSigner signer() throws CoreException {
    String line = new String(read(KEY, MAX_KEY_BYTES), StandardCharsets.UTF_8).strip();
    try {
      return NoteSigner.parse(line, InsecureSecretAccess.get());
    } catch (CoreException e) {
      throw e.at(file(KEY).toString(), null);
    }
  }

  SecretBytes masterSeed() throws CoreException {
    return readMasterSeed(file(SEED));
  }

  /** The options the run was started with, one {@code --name=value} a line. */
  List<String> options() throws CoreException {
    return new String(read(OPTIONS, MAX_OPTIONS_BYTES), StandardCharsets.UTF_8).lines().filter(l -> !l.isEmpty()).toList();
  }

  /** Writes {@code base.state} or {@code final.state}. */
  void writeState(String name, TrainingState state) throws CoreException {
    write(name, ModelState.of(state.weights(), state.moments(), state.secondMoments()).toBytes());
  }

  @Override
  public void save(long step, TrainingState after) throws CoreException {
    writeState(stepStateName(step), after);
  }

  /** Keeps only the states of step {@code step} and later: the log's last record's state is all a resume needs. */
  @Override
  public void appended(long step) throws CoreException {
    removeStepStates(s -> s < step);
  }

  /** Removes the states of steps the log does not hold yet (proven ahead, never appended), or all of them once the run is finished. */
  void removeStepStatesAfter(long step) throws CoreException {
    removeStepStates(s -> s > step);
  }

  /** The state step {@code step} led to, as saved; the error names the file. */
  ModelState stepState(long step, long latestSaved) throws CoreException {
    Path p = file(stepStateName(step));
    if (!Files.exists(p)) {
      throw CoreException.of(Reason.MISSING_FIELD, "no saved state for the run's last step, so nothing to continue from")
          .file(p.toString()).step(step).expected("the state after step " + step)
          .actual(latestSaved < 0 ? "no saved state" : "the latest saved state is after step " + latestSaved).build();
    }
    try {
      return ModelState.parse(read(stepStateName(step), 24L * ModelState.MAX_COUNT + 16));
    } catch (CoreException e) {
      throw e.file() == null ? e.at(p.toString(), step) : e;
    }
  }

  /** The latest step whose state is saved, or -1. */
  long latestSavedStep() throws CoreException {
    try {
      long[] steps = listSteps();
      return steps.length == 0 ? -1 : steps[steps.length - 1];
    } catch (IOException e) {
      throw DurableFiles.io("cannot list", dir.toString(), e);
    }
  }

  static String stepStateName(long step) {
    return STEP_STATE_PREFIX + step + STATE_SUFFIX;
  }

  /** A 32-byte blinding master seed file. */
  static SecretBytes readMasterSeed(Path file) throws CoreException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw DurableFiles.io("cannot read the blinding master seed", file.toString(), e);
    }
    if (bytes.length != SEED_BYTES) {
      throw CoreException.of(Reason.BAD_FIELD, "a blinding master seed has 32 bytes").file(file.toString())
          .expected(SEED_BYTES).actual(bytes.length).build();
    }
    SecretBytes seed = SecretBytes.copyFrom(bytes, InsecureSecretAccess.get());
    Arrays.fill(bytes, (byte) 0);
    return seed;
  }

  /** Saved step states, and the temporary files a kill may have left of them ({@code DurableFiles.replace}'s). */
  private static final Pattern STEP_FILE = Pattern.compile("(\\.?)" + STEP_STATE_PREFIX + "(0|[1-9][0-9]{0,17})\\" + STATE_SUFFIX
      + "(\\.tmp)?");

  /** The steps whose state is saved, ascending. */
  private long[] listSteps() throws IOException {
    return stepFiles().stream().filter(m -> m.group(1).isEmpty() && m.group(3) == null)
        .mapToLong(m -> Long.parseLong(m.group(2))).sorted().toArray();
  }

  private List<java.util.regex.MatchResult> stepFiles() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> STEP_FILE.matcher(p.getFileName().toString())).filter(Matcher::matches)
          .map(Matcher::toMatchResult).toList();
    }
  }

  private void removeStepStates(java.util.function.LongPredicate which) throws CoreException {
    try {
      boolean removed = false;
      for (java.util.regex.MatchResult m : stepFiles()) {
        if (which.test(Long.parseLong(m.group(2)))) {
          Files.deleteIfExists(file(m.group()));
          removed = true;
        }
      }
      if (removed) DurableFiles.fsyncDirectory(dir);
    } catch (IOException e) {
      throw DurableFiles.io("cannot remove old saved states", dir.toString(), e);
    }
  }

  private void write(String name, byte[] bytes) throws CoreException {
    Path p = file(name);
    try {
      DurableFiles.replace(p, bytes, null);
      ownerOnly(p);
    } catch (IOException e) {
      throw DurableFiles.io("cannot write", p.toString(), e);
    }
  }

  private byte[] read(String name, long maxBytes) throws CoreException {
    return DurableFiles.read(file(name), file(name).toString(), maxBytes);
  }

  private static void ownerOnly(Path p) throws IOException {
    try {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwx------" : "rw-------"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: the folder's own permissions are all there is.
    }
  }
}
