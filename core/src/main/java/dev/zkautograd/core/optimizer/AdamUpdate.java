package dev.zkautograd.core.optimizer;

/**
 * One parameter's Adam update with every intermediate the proof constrains
 * (docs/optimizer-rules.md, "Per parameter").
 *
 * @param weight w, Q32
 * @param clip the clipped gradient c with its side
 * @param moment m' (Q32), the new first moment
 * @param momentRemainder r_m ∈ [0, 2^32)
 * @param secondMoment v' (Q64, unsigned), the new second moment
 * @param secondMomentRemainder r_v ∈ [0, 2^32)
 * @param root s = isqrt(v'), Q32
 * @param rootRemainder e_s = v' − s² ∈ [0, 2s]
 * @param quotient u = floor(lr_t · m' / (s + ε_t)), Q32
 * @param quotientRemainder r_u ∈ [0, s + ε_t)
 * @param next w' = w − u
 */
public record AdamUpdate(
    long weight,
    GradientClip clip,
    long moment,
    long momentRemainder,
    long secondMoment,
    long secondMomentRemainder,
    long root,
    long rootRemainder,
    long quotient,
    long quotientRemainder,
    long next) {}
