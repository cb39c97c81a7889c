package dev.zkautograd.zk.prover;

import dev.zkautograd.zk.merkle.BatchOpening;
import dev.zkautograd.zk.merkle.MerkleHash;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A salted Merkle tree over the rows of some columns (the prover's side of {@code merkle}): hashes
 * with the JDK's SHA-256 (intrinsic), in parallel, the bytes {@link MerkleHash} defines. Heap
 * layout: node 1 is the root, leaves are nodes N..2N-1.
 */
final class MerkleTree {
  private static final int CHUNK = 1 << 12;
  private final int leaves;
  private final byte[] nodes; // 32 bytes per heap node
  private final byte[] salts;
  private final long[][] columns;
  private final int stride; // leaf i reads column values at element i*stride... see leafRow
  private final int groups; // values per column per leaf (FRI cosets) or 1

  /**
   * Leaves are rows: leaf i holds, for each column, the elements at i + g * leaves for g &lt; groups
   * (groups = 1: one row; groups = k: a FRI coset).
   */
  MerkleTree(long[][] columns, int leaves, int groups, byte[] salts) {
    this.columns = columns;
    this.leaves = leaves;
    this.groups = groups;
    this.stride = leaves;
    this.salts = salts;
    this.nodes = new byte[2 * leaves * 32];
    int width = columns.length * groups;
    int chunks = Math.max(1, leaves / CHUNK);
    IntStream.range(0, chunks).parallel().forEach(c -> {
      MessageDigest md = sha256();
      byte[] buf = new byte[MerkleHash.leafLength(width)];
      long[][] row = new long[width][2];
      int from = (int) ((long) c * leaves / chunks);
      int to = (int) ((long) (c + 1) * leaves / chunks);
      for (int i = from; i < to; i++) {
        gather(i, row);
        MerkleHash.leafBytes(buf, salts, 32 * i, row, 0);
        md.update(buf);
        digestInto(md, leaves + i);
      }
    });
    for (int level = leaves / 2; level >= 1; level /= 2) {
      int size = level;
      int lchunks = Math.max(1, size / CHUNK);
      IntStream.range(0, lchunks).parallel().forEach(c -> {
        MessageDigest md = sha256();
        int from = (int) ((long) c * size / lchunks);
        int to = (int) ((long) (c + 1) * size / lchunks);
        for (int j = size + from; j < size + to; j++) {
          md.update(MerkleHash.NODE_PREFIX);
          md.update(nodes, 64 * j, 64);
          digestInto(md, j);
        }
      });
    }
  }

  private void gather(int leaf, long[][] row) {
    int w = 0;
    for (long[] col : columns) {
      for (int g = 0; g < groups; g++) {
        int e = leaf + g * stride;
        row[w][0] = col[2 * e];
        row[w][1] = col[2 * e + 1];
        w++;
      }
    }
  }

  private void digestInto(MessageDigest md, int node) {
    try {
      md.digest(nodes, 32 * node, 32);
    } catch (java.security.DigestException e) {
      throw new IllegalStateException(e);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  byte[] root() {
    byte[] r = new byte[32];
    System.arraycopy(nodes, 32, r, 0, 32);
    return r;
  }

  /** The batch opening of the leaves at {@code sortedIndices} (strictly increasing). */
  BatchOpening open(int[] sortedIndices) {
    int width = columns.length * groups;
    byte[][] s = new byte[sortedIndices.length][];
    long[][] values = new long[sortedIndices.length][];
    long[][] row = new long[width][2];
    for (int q = 0; q < sortedIndices.length; q++) {
      int i = sortedIndices[q];
      s[q] = new byte[32];
      System.arraycopy(salts, 32 * i, s[q], 0, 32);
      gather(i, row);
      values[q] = new long[2 * width];
      for (int k = 0; k < width; k++) {
        values[q][2 * k] = row[k][0];
        values[q][2 * k + 1] = row[k][1];
      }
    }
    List<byte[]> proof = new ArrayList<>();
    int[] idx = sortedIndices.clone();
    int count = idx.length;
    int levelSize = leaves;
    while (levelSize > 1) {
      int next = 0;
      for (int i = 0; i < count; i++) {
        int index = idx[i];
        if ((index & 1) == 0 && i + 1 < count && idx[i + 1] == index + 1) {
          i++;
        } else {
          byte[] sib = new byte[32];
          System.arraycopy(nodes, 32 * (levelSize + (index ^ 1)), sib, 0, 32);
          proof.add(sib);
        }
        idx[next++] = index >>> 1;
      }
      count = next;
      levelSize /= 2;
    }
    return new BatchOpening(sortedIndices.clone(), s, values, proof.toArray(new byte[0][]));
  }
}
