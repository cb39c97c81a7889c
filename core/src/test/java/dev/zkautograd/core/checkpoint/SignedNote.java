package dev.zkautograd.core.checkpoint;

import dev.zkautograd.core.CoreException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/** MERGE: test-scope stand-in (delete on merge). {@link #text()} is the whole signed note. */
public final class SignedNote {
  record Sig(String name, byte[] blob) {}

  private final String text;
  private final String body;
  private final List<Sig> sigs;

  SignedNote(String text, String body, List<Sig> sigs) {
    this.text = text;
    this.body = body;
    this.sigs = sigs;
  }

  public static SignedNote parse(String text) throws CoreException {
    int split = text.lastIndexOf("\n\n");
    if (split < 0 || !text.endsWith("\n")) throw bad("no signature block");
    String body = text.substring(0, split + 1);
    List<Sig> sigs = new ArrayList<>();
    for (String line : text.substring(split + 2, text.length() - 1).split("\n", -1)) {
      if (!line.startsWith("\u2014 ")) throw bad("bad signature line");
      String[] p = line.substring(2).split(" ", -1);
      if (p.length != 2) throw bad("bad signature line");
      try {
        sigs.add(new Sig(p[0], Base64.getDecoder().decode(p[1])));
      } catch (IllegalArgumentException e) {
        throw bad("bad base64");
      }
    }
    return new SignedNote(text, body, sigs);
  }

  private static CoreException bad(String why) {
    return CoreException.of(CoreException.Reason.MALFORMED, "signed note: " + why).build();
  }

  public String text() {
    return text;
  }

  public void verify(NoteVerifier v) throws CoreException {
    byte[] msg = body.getBytes(StandardCharsets.UTF_8);
    for (Sig s : sigs) {
      if (s.name().equals(v.name()) && s.blob().length == 68
          && Arrays.equals(Arrays.copyOf(s.blob(), 4), v.keyHash())
          && v.verifies(msg, Arrays.copyOfRange(s.blob(), 4, 68))) {
        return;
      }
    }
    throw CoreException.of(CoreException.Reason.SIGNATURE_INVALID, "no valid signature by " + v.name()).build();
  }
}
