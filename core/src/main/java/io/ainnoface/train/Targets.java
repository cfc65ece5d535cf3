package io.ainnoface.train;

/**
 * Per-image training targets computed ahead of the network (on worker threads).
 *
 * <ul>
 *   <li>{@code cls1}: first-step labels over the STC-level anchors (1 face, 0 background, −1 ignore);</li>
 *   <li>{@code reg1Box}/{@code reg1Pos}: first-step matched face boxes over the STR-level anchors;</li>
 *   <li>{@code cls2}/{@code reg2Box}/{@code reg2Pos}: second-step targets over all anchors, final
 *       for non-STR levels; STR levels are matched after the forward pass against the refined
 *       anchors ({@link StrMatcher});</li>
 *   <li>{@code bestIou}/{@code bestAnchor}: each face's best second-step anchor outside the STR
 *       levels, before best-anchor compensation, so that it can compete with refined anchors.</li>
 * </ul>
 */
public record Targets(float[] gt, float[] cls1, float[] reg1Box, float[] reg1Pos,
        float[] cls2, float[] reg2Box, float[] reg2Pos, int[] bestAnchor, float[] bestIou) {}
