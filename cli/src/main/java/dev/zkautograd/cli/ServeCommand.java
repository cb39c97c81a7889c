package dev.zkautograd.cli;

import dev.zkautograd.generator.SiteException;
import dev.zkautograd.generator.companion.Companion;
import dev.zkautograd.generator.companion.CompanionConfig;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code zk-autograd serve}: the companion service ({@code docs/companion-api.md}) — the generated
 * site for local preview and as its torrents' web seed, and the verification API over the runs.
 * Runs until interrupted.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Serves a site written by 'zk-autograd site' and a verification API over the runs: GET /api/runs, /api/runs/{id}, "
        + "/api/runs/{id}/verify?k=N&seed=S, POST /api/runs/{id}/verifications (live status), POST /api/verify (an uploaded proof). "
        + "Listens on 127.0.0.1 unless told otherwise; stop it with Ctrl-C.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:stopped", "2:unusable input: no site, no runs folder, a port in use, a bad option", "3:internal error (a bug)"})
final class ServeCommand implements Callable<Integer> {
  @Option(names = "--site", defaultValue = "build/site", paramLabel = "DIR", description = "the site folder (default: ${DEFAULT-VALUE})")
  Path site;

  @Option(names = "--runs", defaultValue = "artifacts", paramLabel = "DIR", description = "the runs to verify (default: ${DEFAULT-VALUE})")
  Path runs;

  @Option(names = "--port", defaultValue = "8080", paramLabel = "N", description = "port, 0 for any free one (default: ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "ADDR",
      description = "address to listen on (default: ${DEFAULT-VALUE}, this machine only)")
  String host;

  @Option(names = "--rate", defaultValue = "20", paramLabel = "R", description = "API requests a second per client (default: ${DEFAULT-VALUE})")
  double rate;

  @Option(names = "--burst", defaultValue = "40", paramLabel = "N", description = "API requests a client may make at once (default: ${DEFAULT-VALUE})")
  int burst;

  @Option(names = "--max-upload-mb", defaultValue = "16", paramLabel = "MB", description = "largest request body (default: ${DEFAULT-VALUE})")
  int maxUploadMb;

  @Option(names = "--verifications", defaultValue = "2", paramLabel = "N", description = "verifications at once (default: ${DEFAULT-VALUE})")
  int verifications;

  @Option(names = "--key-dir", paramLabel = "DIR", description = "an EZKL key folder (zk-setup-zk): EZKL runs proven with these keys "
      + "are verified too (without it their proofs are reported skipped)")
  Path keyDir;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws SiteException, InterruptedException, dev.zkautograd.ezkl.EzklException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (maxUploadMb < 1 || maxUploadMb > 1024) {
      throw new SiteException(SiteException.Reason.BAD_INPUT, "--max-upload-mb out of range", "1 to 1024", Integer.toString(maxUploadMb), null);
    }
    if (!isLoopback(host)) {
      err.println("zk-autograd serve: listening on " + host + ", not only on this machine: the API verifies runs for anyone who reaches it");
    }
    CompanionConfig.Builder config = CompanionConfig.builder(site, runs).host(host).port(port).rate(rate, burst)
        .maxUploadBytes(maxUploadMb << 20).maxVerifications(verifications);
    EzklProofs ezkl = null;
    if (keyDir != null) {
      ezkl = EzklProofs.open(keyDir);
      config.proofVerifiers(ezkl.byBackend());
      if (ezkl.developmentSrs()) {
        err.println("zk-autograd serve: warning: the EZKL keys in " + keyDir + " rest on a development SRS (ezkl.gen_srs): their "
            + "proofs convince only whoever made that SRS");
      }
    }
    Companion companion;
    try {
      companion = Companion.start(config.build());
    } catch (SiteException e) {
      if (ezkl != null) ezkl.close();
      throw e;
    }
    EzklProofs keys = ezkl;
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      companion.close();
      if (keys != null) keys.close();
      stopped.countDown();
    }, "zk-serve-stop"));
    out.println("serving " + site + " and the runs in " + runs + " at " + companion.url());
    out.println("api     " + companion.url() + "api/runs   (docs/companion-api.md)");
    out.println("web seed for torrents: " + companion.url() + "files/   (zk-autograd site --base-url " + companion.url() + ")");
    out.println(keyDir == null ? "proofs  STARK runs (EZKL runs need --key-dir)" : "proofs  STARK runs, and EZKL runs proven with " + keyDir);
    out.println("stop with Ctrl-C");
    out.flush();
    stopped.await();
    return 0;
  }

  private static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
