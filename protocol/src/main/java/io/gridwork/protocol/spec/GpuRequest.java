package io.gridwork.protocol.spec;

import java.util.List;

/**
 * The GPUs one run needs: how many, which models are acceptable (empty = any) and the least memory
 * each card must have (0 = no minimum).
 */
public record GpuRequest(int count, List<String> models, int minVramMib) {
  public static final GpuRequest NONE = new GpuRequest(0, List.of(), 0);

  public GpuRequest {
    models = List.copyOf(models);
  }
}
