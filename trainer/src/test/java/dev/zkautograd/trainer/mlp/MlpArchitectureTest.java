package dev.zkautograd.trainer.mlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The flattening order as docs/trainer.md writes it down, and the limits on architectures. */
class MlpArchitectureTest {

  @Test
  void theEmbeddedArchitectureHasTheDocumentedTensorsInOrder() {
    MlpArchitecture a = MlpArchitecture.of(64, 256, 128, 10);
    assertEquals(50_826, a.parameterCount());
    List<MlpArchitecture.Tensor> t = a.tensors();
    assertEquals(List.of("layer1.weight", "layer1.bias", "layer2.weight", "layer2.bias", "layer3.weight", "layer3.bias"),
        t.stream().map(MlpArchitecture.Tensor::name).toList());
    // offsets from docs/trainer.md's table
    assertEquals(List.of(0, 16_384, 16_640, 49_408, 49_536, 50_816), t.stream().map(MlpArchitecture.Tensor::offset).toList());
    assertEquals("[256, 64]", java.util.Arrays.toString(t.get(0).shape()));
    assertEquals("[256]", java.util.Arrays.toString(t.get(1).shape()));
    assertEquals("[10, 128]", java.util.Arrays.toString(t.get(4).shape()));
  }

  @Test
  void coordinatesAreNamedRowMajor() {
    MlpArchitecture a = MlpArchitecture.of(3, 4, 2);
    assertEquals("layer1.weight[0,0]", a.coordinate(0));
    assertEquals("layer1.weight[0,2]", a.coordinate(2));
    assertEquals("layer1.weight[1,0]", a.coordinate(3));
    assertEquals("layer1.bias[0]", a.coordinate(12));
    assertEquals("layer2.weight[1,3]", a.coordinate(16 + 7));
    assertEquals("layer2.bias[1]", a.coordinate(a.parameterCount() - 1));
    assertThrows(IndexOutOfBoundsException.class, () -> a.coordinate(a.parameterCount()));
  }

  @Test
  void limitsAreRefusedWithTheReason() {
    assertNull(MlpArchitecture.problem(List.of(1, 2)));
    assertNotNull(MlpArchitecture.problem(List.of(5)));
    assertNotNull(MlpArchitecture.problem(List.of(5, 1)));
    assertNotNull(MlpArchitecture.problem(List.of(0, 2)));
    assertNotNull(MlpArchitecture.problem(List.of(5, (1 << 16) + 1, 2)));
    assertNotNull(MlpArchitecture.problem(List.of(1 << 16, 1 << 16, 2)));
    assertNotNull(MlpArchitecture.problem(java.util.Collections.nCopies(18, 2)));
    assertThrows(IllegalArgumentException.class, () -> MlpArchitecture.of(4, 1));
  }
}
