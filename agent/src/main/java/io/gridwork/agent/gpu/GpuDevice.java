package io.gridwork.agent.gpu;

import java.util.OptionalLong;

/**
 * A GPU the agent can pin units to. Sealed so that code handling a card always knows whether it is
 * real hardware or a devnet simulation.
 */
public sealed interface GpuDevice permits Gpu, SimulatedGpu {
  /** The host's index for the card, as {@code CUDA_VISIBLE_DEVICES} expects it. */
  int index();

  /** The model name as nvidia-smi reports it, e.g. {@code NVIDIA GeForce RTX 4090}. */
  String name();

  int memoryTotalMib();

  /** The board power limit, the basis of the electricity floor; empty if the card hides it. */
  OptionalLong powerLimitMilliwatts();

  boolean simulated();
}
