package dev.zkautograd.core.run;

import dev.zkautograd.core.json.JsonFields;
import dev.zkautograd.core.json.JsonObject;

/**
 * The float-to-fixed-point error of one step (DESIGN §9), as non-negative decimal strings for
 * display: the largest and the mean absolute difference over the step's values.
 */
public record Quantisation(String maxAbsError, String meanAbsError) {
  public Quantisation {
    if (!JsonFields.isDecimal(maxAbsError, false) || !JsonFields.isDecimal(meanAbsError, false)) {
      throw new IllegalArgumentException("quantisation errors are non-negative decimals");
    }
  }

  public JsonObject toJson() {
    return JsonObject.builder().put("max_abs_error", maxAbsError).put("mean_abs_error", meanAbsError).build();
  }

  static Quantisation read(JsonFields f) throws dev.zkautograd.core.CoreException {
    Quantisation q = new Quantisation(f.decimal("max_abs_error", false), f.decimal("mean_abs_error", false));
    f.refuseUnknown();
    return q;
  }
}
