import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GpuProbe, MemoryEstimate, MemoryPlan } from '../../electron/shared/gpu';
import { ACTIVATIONS_OVERHEAD_BYTES, CUDA_GRAPHS_BYTES, estimateMemory } from '../../electron/services/engines/gpu/memory-estimate';
import { planMemory, type PlanServerInput } from '../../electron/services/engines/gpu/memory-planner';
import { shapeFromConfig } from '../../electron/services/models/model-config';
import { parseComputeAppsCsv, parseGpuCsv } from '../../electron/services/engines/gpu/nvidia-smi';
import { GiB, MiB } from '../../electron/services/engines/gpu/units';
import {
  OPT_125M_CONFIG,
  QWEN25_05B_INSTRUCT_CONFIG,
  QWEN25_05B_SAFETENSORS_BYTES,
  QWEN2_7B_INSTRUCT_CONFIG,
  QWEN2_7B_TOTAL_SIZE,
  QWEN3_4B_INSTRUCT_2507_CONFIG,
  QWEN3_4B_TOTAL_SIZE,
} from '../fixtures/hf-cache/models';

const QWEN2_7B = shapeFromConfig(QWEN2_7B_INSTRUCT_CONFIG)!;
const QWEN3_4B = shapeFromConfig(QWEN3_4B_INSTRUCT_2507_CONFIG)!;
const QWEN25_05B = shapeFromConfig(QWEN25_05B_INSTRUCT_CONFIG)!;

const estimate = (weightsBytes: number | null, shape: typeof QWEN2_7B | null, maxModelLen: number | null, extra: Partial<Parameters<typeof estimateMemory>[0]> = {}): MemoryEstimate =>
  estimateMemory({ weightsBytes, shape, maxModelLen, dtype: 'auto', quantization: null, ...extra });

describe('estimateMemory', () => {
  it('sizes the KV cache of Qwen2-7B-Instruct: 2 x 28 layers x 4 KV heads x 128 x 2 bytes = 57,344 bytes/token', () => {
    const qwen = estimate(QWEN2_7B_TOTAL_SIZE, QWEN2_7B, 8192);
    expect(qwen.kvBytesPerToken).toBe(57_344);
    expect(qwen.weightsBytes).toBe(15_231_233_024);
    expect(qwen.totalBytes).toBe(15_231_233_024 + ACTIVATIONS_OVERHEAD_BYTES + CUDA_GRAPHS_BYTES + 57_344 * 8192);
    expect(qwen.notes).toEqual(expect.arrayContaining(['dtype auto = bfloat16 (config.json) = 2 bytes', 'activations and overhead ~1.5 GiB', 'CUDA graphs ~1.0 GiB']));
  });

  it('sizes Qwen3-4B-Instruct-2507 (explicit head_dim): 2 x 36 x 8 x 128 x 2 = 147,456 bytes/token', () => {
    expect(estimate(QWEN3_4B_TOTAL_SIZE, QWEN3_4B, 8192).kvBytesPerToken).toBe(147_456);
    expect(estimate(QWEN25_05B_SAFETENSORS_BYTES, QWEN25_05B, null).kvBytesPerToken).toBe(2 * 24 * 2 * 64 * 2);
  });

  it("uses the model's max_position_embeddings when max-model-len is not set", () => {
    const qwen = estimate(QWEN3_4B_TOTAL_SIZE, QWEN3_4B, null);
    expect(qwen.maxModelLen).toBe(262_144);
    expect(qwen.totalBytes! - QWEN3_4B_TOTAL_SIZE - ACTIVATIONS_OVERHEAD_BYTES - CUDA_GRAPHS_BYTES).toBe(147_456 * 262_144); // 36 GiB, as vLLM says
    expect(qwen.notes).toContain("max-model-len not set: the model's 262144 tokens");
  });

  it('drops the CUDA graphs under --enforce-eager', () => {
    const eager = estimate(QWEN2_7B_TOTAL_SIZE, QWEN2_7B, 8192, { enforceEager: true });
    expect(eager.totalBytes).toBe(estimate(QWEN2_7B_TOTAL_SIZE, QWEN2_7B, 8192).totalBytes! - CUDA_GRAPHS_BYTES);
    expect(eager.notes).toContain('no CUDA graphs (--enforce-eager)');
  });

  it('doubles weights and KV cache for --dtype float32, and halves a float32 checkpoint run with auto', () => {
    const fp32 = estimate(QWEN2_7B_TOTAL_SIZE, QWEN2_7B, 8192, { dtype: 'float32' });
    expect(fp32.kvBytesPerToken).toBe(114_688);
    expect(fp32.weightsBytes).toBe(2 * QWEN2_7B_TOTAL_SIZE);
    const fp32Checkpoint = estimate(1_000_000_000, { ...QWEN2_7B, torchDtype: 'float32' }, 8192);
    expect(fp32Checkpoint.weightsBytes).toBe(500_000_000);
    expect(fp32Checkpoint.kvBytesPerToken).toBe(57_344);
  });

  it('keeps quantized weights as stored and does not shrink the KV cache', () => {
    const awq = estimate(5_580_000_000, QWEN2_7B, 8192, { quantization: 'awq' });
    expect(awq.weightsBytes).toBe(5_580_000_000);
    expect(awq.kvBytesPerToken).toBe(57_344);
    expect(awq.notes.some((n) => n.startsWith('quantization awq: weights taken as stored on disk'))).toBe(true);
  });

  it('keeps unknowns null, with a note', () => {
    const noWeights = estimate(null, QWEN2_7B, 8192);
    expect(noWeights).toMatchObject({ weightsBytes: null, kvBytesPerToken: 57_344, totalBytes: null });
    expect(noWeights.notes.some((n) => n.startsWith('weights size unknown'))).toBe(true);
    const noShape = estimate(QWEN2_7B_TOTAL_SIZE, null, null);
    expect(noShape).toMatchObject({ kvBytesPerToken: null, maxModelLen: null, totalBytes: null });
    expect(noShape.notes.some((n) => n.startsWith('max-model-len unknown'))).toBe(true);
    const noHeads = estimate(QWEN2_7B_TOTAL_SIZE, shapeFromConfig({ architectures: ['X'], torch_dtype: 'bfloat16' }), 4096);
    expect(noHeads.notes).toContain('KV cache size unknown: config.json lacks layers, KV heads or head size');
    expect(estimate(100, shapeFromConfig(OPT_125M_CONFIG), 2048).kvBytesPerToken).toBe(2 * 12 * 12 * 64 * 2);
  });
});

const FIXTURES = new URL('../fixtures/nvidia-smi/', import.meta.url).pathname;
function probe(gpusFile: string, appsFile = 'apps-none.csv'): GpuProbe {
  const read = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
  return { available: true, gpus: parseGpuCsv(read(gpusFile)), processes: parseComputeAppsCsv(read(appsFile)) };
}

function server(name: string, requestedUtilization: number, est: MemoryEstimate, more: Partial<PlanServerInput> = {}): PlanServerInput {
  return { profileId: name.toLowerCase().replace(/[^a-z0-9]+/g, '-'), name, gpuIndices: [0], requestedUtilization, estimate: est, tensorParallelSize: 1, ...more };
}

// Qwen3-4B at 4096 tokens (~10.6 GiB) and Qwen2.5-0.5B at its full 32768 (~3.8 GiB): both fit a 0.45 share of 24 GiB.
const QWEN3_4B_4K = estimate(QWEN3_4B_TOTAL_SIZE, QWEN3_4B, 4096);
const QWEN25_05B_32K = estimate(QWEN25_05B_SAFETENSORS_BYTES, QWEN25_05B, null);
const QWEN2_7B_8K = estimate(QWEN2_7B_TOTAL_SIZE, QWEN2_7B, 8192);
const QWEN3_4B_8K = estimate(QWEN3_4B_TOTAL_SIZE, QWEN3_4B, 8192);

/** Per GPU: sum of suggested utilization x total + others <= total, and each server at least its estimate. */
function expectSuggestionsFit(plan: MemoryPlan): void {
  for (const gpu of plan.gpus) {
    const suggested = plan.servers.filter((s) => s.gpuIndices.includes(gpu.index)).reduce((sum, s) => sum + s.suggestedUtilization! * gpu.totalMiB, 0);
    expect(suggested + gpu.usedByOthersMiB).toBeLessThanOrEqual(gpu.totalMiB);
  }
  for (const s of plan.servers) {
    const gpu = plan.gpus.find((g) => s.gpuIndices.includes(g.index))!;
    expect(s.suggestedUtilization! * gpu.totalMiB * MiB).toBeGreaterThanOrEqual(s.estimate.totalBytes!);
  }
}

describe('planMemory on one 24 GiB card with 1 GiB used by others', () => {
  const card = probe('rtx4090-1gib-used.csv');

  it('fits two servers at 0.45 each', () => {
    const plan = planMemory({ probe: card, servers: [server('Qwen3-4B', 0.45, QWEN3_4B_4K), server('Qwen2.5-0.5B', 0.45, QWEN25_05B_32K)] });
    expect(plan).toMatchObject({ checked: true, fits: true, messages: [] });
    expect(plan.gpus).toEqual([{ index: 0, name: 'NVIDIA GeForce RTX 4090', totalMiB: 24564, usedByOthersMiB: 1024, requestedMiB: Math.ceil(0.9 * 24564), fits: true }]);
    expect(plan.servers.map((s) => s.suggestedUtilization)).toEqual([0.45, 0.45]);
  });

  it('does not fit 0.5 + 0.5, and suggests a split that does', () => {
    const plan = planMemory({ probe: card, servers: [server('Qwen3-4B', 0.5, QWEN3_4B_4K), server('Qwen2.5-0.5B', 0.5, QWEN25_05B_32K)] });
    expect(plan.fits).toBe(false);
    expect(plan.gpus[0]).toMatchObject({ requestedMiB: 24564, usedByOthersMiB: 1024, fits: false });
    expect(plan.messages[0]).toBe(
      'GPU 0 (NVIDIA GeForce RTX 4090) has 24.0 GiB, but gpu-memory-utilization asks it for Qwen3-4B 12.0 GiB (0.50) and Qwen2.5-0.5B 12.0 GiB (0.50) while other processes already use 1.0 GiB: 1.0 GiB more than it has, so vLLM would refuse to start ("Free memory on device ... is less than desired GPU memory utilization").',
    );
    // Estimates 45 and 16 hundredths (rounded up); 93 hundredths free above the 2% margin; the 32 spare split 16/16.
    expect(plan.servers.map((s) => s.suggestedUtilization)).toEqual([0.61, 0.32]);
    expect(plan.messages).toContain("Raise Qwen3-4B's gpu-memory-utilization to 0.61 (14.6 GiB of GPU 0).");
    expect(plan.messages).toContain("Lower Qwen2.5-0.5B's gpu-memory-utilization to 0.32 (7.7 GiB of GPU 0).");
    expectSuggestionsFit(plan);
  });

  it('splits the spare room in proportion to what was asked', () => {
    const plan = planMemory({ probe: card, servers: [server('A', 0.8, QWEN25_05B_32K), server('B', 0.4, QWEN25_05B_32K)] });
    // Both need 16 hundredths; the 61 spare go 2:1, as asked.
    expect(plan.servers.map((s) => s.suggestedUtilization)).toEqual([0.56, 0.36]);
    expectSuggestionsFit(plan);
  });

  it('says when even the estimates do not fit, with the GiB figures', () => {
    const plan = planMemory({ probe: card, servers: [server('Qwen2-7B', 0.5, QWEN2_7B_8K), server('Qwen3-4B', 0.5, QWEN3_4B_8K)] });
    expect(plan.fits).toBe(false);
    expect(plan.servers.map((s) => s.suggestedUtilization)).toEqual([null, null]);
    expect(plan.messages).toContain(
      'Qwen2-7B (about 17.1 GiB) and Qwen3-4B (about 11.1 GiB) need about 28.2 GiB together on GPU 0 (NVIDIA GeForce RTX 4090) but only 23.0 GiB are free for both (other processes use 1.0 GiB). Use a smaller or quantized model, lower max-model-len, put the servers on different GPUs, or free memory on the GPU.',
    );
  });

  it('flags a request below the estimate and suggests raising it', () => {
    const plan = planMemory({ probe: card, servers: [server('Qwen2-7B', 0.45, QWEN2_7B_8K)] });
    expect(plan.fits).toBe(false);
    expect(plan.gpus[0]!.fits).toBe(true);
    expect(plan.messages[0]).toBe(
      'Qwen2-7B needs about 17.1 GiB on GPU 0 (NVIDIA GeForce RTX 4090) but gpu-memory-utilization 0.45 gives it 10.8 GiB: too little for its weights and the KV cache of one sequence of 8192 tokens.',
    );
    expect(plan.servers[0]!.suggestedUtilization).toBe(0.93);
    expect(plan.messages[1]).toBe("Raise Qwen2-7B's gpu-memory-utilization to 0.93 (22.3 GiB of GPU 0).");
  });
});

describe('planMemory with processes on the GPU', () => {
  // 4090 with 23.4 GiB in use: python (6 GiB) and a running vLLM server (EngineCore pids 51234 and 51876).
  const busy: GpuProbe = (() => {
    const base = probe('rtx4090.csv', 'apps-two-vllm-and-python.csv');
    if (!base.available) throw new Error('fixture');
    return { ...base, gpus: [{ ...base.gpus[0]!, memoryUsedMiB: 23_300, memoryFreeMiB: 833 }] };
  })();

  it("does not count this plan's running servers as others (ownPids)", () => {
    const servers = [server('Qwen3-4B', 0.45, QWEN3_4B_4K), server('Qwen2.5-0.5B', 0.2, QWEN25_05B_32K)];
    const plan = planMemory({ probe: busy, servers, ownPids: [51234, 51876] });
    // not free = 24564 - 833 = 23731 MiB, of which 21920 are ours.
    expect(plan.gpus[0]).toMatchObject({ usedByOthersMiB: 23731 - 21920, fits: true });
    expect(plan.fits).toBe(true);
  });

  it('names the other processes to stop when the plan does not fit', () => {
    const plan = planMemory({ probe: busy, servers: [server('Qwen3-4B', 0.45, QWEN3_4B_4K)] });
    expect(plan.fits).toBe(false);
    expect(plan.gpus[0]!.usedByOthersMiB).toBe(23731);
    expect(plan.messages).toContain(
      "To free GPU memory, stop the process 'VLLM::EngineCore' (pid 51234) using 10.7 GiB, the process 'VLLM::EngineCore' (pid 51876) using 10.7 GiB or the process '/usr/bin/python3' (pid 4242) using 6.0 GiB.",
    );
    expect(plan.servers[0]!.suggestedUtilization).toBeNull();
  });

  it('asks to stop only what is not ours', () => {
    const servers = [server('Qwen3-4B', 0.5, QWEN3_4B_4K), server('Qwen2.5-0.5B', 0.45, QWEN25_05B_32K)];
    const plan = planMemory({ probe: busy, servers, ownPids: [51234, 51876] });
    expect(plan.fits).toBe(false);
    expect(plan.messages).toContain("To free GPU memory, stop the process '/usr/bin/python3' (pid 4242) using 6.0 GiB.");
    expectSuggestionsFit(plan);
  });

  it('leaves other processes out of the messages when the plan fits', () => {
    const plan = planMemory({ probe: busy, servers: [server('Qwen3-4B', 0.45, QWEN3_4B_4K)], ownPids: [51234, 51876] });
    expect(plan).toMatchObject({ fits: true, messages: [] });
  });
});

describe('planMemory across GPUs', () => {
  it('fits two 7B servers at 0.45 on an A100 80GB', () => {
    const plan = planMemory({ probe: probe('a100-80gb.csv'), servers: [server('Qwen2-7B', 0.45, QWEN2_7B_8K), server('Qwen2-7B seed 1', 0.45, QWEN2_7B_8K)] });
    expect(plan.fits).toBe(true);
    expect(plan.messages).toEqual([]);
  });

  it('keeps servers on different GPUs of a two-GPU box apart', () => {
    const box = probe('two-rtx3090-windows.csv');
    const plan = planMemory({ probe: box, servers: [server('Qwen3-4B', 0.45, QWEN3_4B_4K, { gpuIndices: [1] }), server('Qwen2.5-0.5B', 0.2, QWEN25_05B_32K, { gpuIndices: [1] })] });
    expect(plan.fits).toBe(true);
    expect(plan.gpus.map((g) => g.requestedMiB)).toEqual([0, Math.ceil(0.65 * 24576)]);
    // GPU 0 is 18.8 GiB full: putting a server there at 0.45 does not fit.
    const onZero = planMemory({ probe: box, servers: [server('Qwen3-4B', 0.45, QWEN3_4B_4K, { gpuIndices: [0] })] });
    expect(onZero.gpus[0]!.fits).toBe(false);
    expect(onZero.messages[0]).toMatch(/^GPU 0 \(NVIDIA GeForce RTX 3090\) has 24.0 GiB/);
  });

  it('spreads a tensor-parallel server over its GPUs (empty gpuIndices = every GPU)', () => {
    const twoFree: GpuProbe = { available: true, gpus: [0, 1].map((index) => ({ index, uuid: `GPU-${index}`, name: 'NVIDIA GeForce RTX 3090', memoryTotalMiB: 24576, memoryUsedMiB: 0, memoryFreeMiB: 24576 })), processes: [] };
    const qwen32k = estimate(QWEN2_7B_TOTAL_SIZE, QWEN2_7B, 32768);
    const plan = planMemory({ probe: twoFree, servers: [server('Qwen2-7B', 0.45, qwen32k, { gpuIndices: [], tensorParallelSize: 2 })] });
    // Half of the weights and KV cache (7.1 + 0.9 GiB) plus the per-GPU 2.5 GiB: 10.5 GiB < 0.45 x 24 GiB.
    expect(plan.fits).toBe(true);
    expect(plan.gpus.map((g) => g.requestedMiB)).toEqual([11060, 11060]); // ceil(0.45 x 24576)
    const alone = planMemory({ probe: twoFree, servers: [server('Qwen2-7B', 0.45, qwen32k, { gpuIndices: [] })] });
    expect(alone.fits).toBe(false);
    expect(alone.gpus.map((g) => g.requestedMiB)).toEqual([11060, 0]);
  });

  it('reports a GPU index nvidia-smi does not list, and too few GPUs for the tensor-parallel size', () => {
    const plan = planMemory({ probe: probe('rtx4090.csv'), servers: [server('Qwen3-4B', 0.45, QWEN3_4B_4K, { gpuIndices: [3] }), server('Big', 0.9, QWEN2_7B_8K, { gpuIndices: [], tensorParallelSize: 2 })] });
    expect(plan.fits).toBe(false);
    expect(plan.messages[0]).toBe('Qwen3-4B is set to GPU 3, which nvidia-smi does not list (it lists GPU 0). Choose a listed GPU in the profile.');
    expect(plan.messages[1]).toBe('Big uses tensor-parallel size 2 but only 1 GPU is visible to it. Lower the tensor-parallel size or give it more GPUs.');
    expect(plan.servers.map((s) => s.suggestedUtilization)).toEqual([null, null]);
  });

  it('cannot check a GPU that does not report its memory, and says so', () => {
    const plan = planMemory({ probe: probe('gb10-unified-memory.csv'), servers: [server('Qwen2-7B', 0.45, QWEN2_7B_8K)] });
    expect(plan).toMatchObject({ checked: true, fits: true });
    expect(plan.messages).toEqual(['GPU 0 (NVIDIA GB10) does not report its memory to nvidia-smi, so Pairwise cannot check it; launching there is still allowed.']);
    expect(plan.servers[0]!.suggestedUtilization).toBe(0.45);
  });
});

describe('planMemory without nvidia-smi', () => {
  it('allows launching and says it could not check', () => {
    const unavailable: GpuProbe = { available: false, reason: 'not-installed', message: 'nvidia-smi was not found on PATH.' };
    const plan = planMemory({ probe: unavailable, servers: [server('Qwen2-7B', 0.45, QWEN2_7B_8K), server('Unknown', 0.45, estimate(null, null, 8192))] });
    expect(plan).toMatchObject({ checked: false, fits: true, gpus: [] });
    expect(plan.servers.map((s) => s.suggestedUtilization)).toEqual([null, null]);
    expect(plan.messages).toEqual([
      'Pairwise could not check GPU memory: nvidia-smi was not found on PATH. Launching is still allowed; if a server stops with an out-of-memory error, lower its gpu-memory-utilization.',
      'Qwen2-7B needs about 17.1 GiB (estimate).',
    ]);
  });

  it('computes GiB the way vLLM prints them', () => {
    expect((QWEN2_7B_8K.totalBytes! / GiB).toFixed(1)).toBe('17.1');
  });
});
