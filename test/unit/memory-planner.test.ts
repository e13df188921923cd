import { describe, expect, it } from 'vitest';
import type { GpuInfo, GpuProbe, MemoryPlan } from '../../electron/shared/gpu';
import { planMemory } from '../../electron/services/engines/gpu/memory-planner';
import { A100_80GB, applyChanges, gpuOf, plannedServer, probeOf, RTX_4090_D, RTX_A6000, STUDY_PRESETS, type ServerSpec } from '../support/memory-plan-builders';

async function plan(specs: ServerSpec[], gpus: GpuInfo[], more: { processes?: Extract<GpuProbe, { available: true }>['processes']; ownPids?: number[] } = {}): Promise<MemoryPlan> {
  const servers = await Promise.all(specs.map((spec) => plannedServer(spec, gpus.find((g) => g.index === (spec.gpuIndices ?? [0])[0]) ?? null)));
  return planMemory({ probe: { ...probeOf(...gpus), processes: more.processes ?? [] }, servers, ownPids: more.ownPids });
}

/** Applying a proposal must give a plan that fits: the proposal is only as good as this. */
async function expectProposalFits(specs: ServerSpec[], gpus: GpuInfo[], before: MemoryPlan): Promise<MemoryPlan> {
  expect(before.proposal).not.toBeNull();
  const after = await plan(applyChanges(specs, before.proposal!.changes), gpus);
  expect(after.verdict).toBe('fits');
  return after;
}

const SMALL: ServerSpec = { name: 'Qwen2.5-0.5B', source: 'Qwen/Qwen2.5-0.5B-Instruct', utilization: 0.45, maxModelLen: null };

describe('the sample study on its own GPU, an RTX 4090 D (24 GB, 400 MiB used by the desktop)', () => {
  it('says the two presets do not fit, with the numbers, and proposes the nearest configuration that does', async () => {
    const result = await plan(STUDY_PRESETS, [RTX_4090_D()]);
    expect(result.verdict).toBe('does-not-fit');
    expect(result.gpus.map((g) => g.verdict)).toEqual(['does-not-fit']); // its servers cannot start there
    expect(result.messages[0]).toBe(
      'Qwen3-4B-Instruct-2507 needs about 9.8 GiB on GPU 0 (NVIDIA GeForce RTX 4090 D) (weights 7.5 GiB, activations up to 1.2 GiB and KV cache of one 8,192-token sequence 1.1 GiB), but gpu-memory-utilization 0.35 gives it 8.2 GiB: vLLM would stop with "No available memory for the cache blocks".',
    );
    expect(result.messages[1]).toMatch(/^Qwen2-7B-Instruct needs about 15\.9 GiB .*weights 14\.2 GiB/);
    // Utilizations and shorter contexts cannot help 21.7 GiB of weights; online fp8 of the 7B cannot load next to the
    // 4B (its 16-bit weights are on the GPU first), so the proposal takes the AWQ checkpoint of the larger model.
    const { proposal } = result;
    expect(proposal).toMatchObject({ kind: 'quantization' });
    expect(proposal!.changes.find((c) => c.name === 'Qwen2-7B-Instruct')).toMatchObject({ source: 'Qwen/Qwen2-7B-Instruct-AWQ' });
    expect(proposal!.givesUp.join(' ')).toMatch(/Qwen2-7B-Instruct becomes Qwen\/Qwen2-7B-Instruct-AWQ \(AWQ 4-bit weights\)/);
    expect(proposal!.summary).toMatch(/^Smaller weights make them fit: once ready they hold about \d+\.\d GiB of GPU 0's 24\.0 GiB\.$/);
    const after = await expectProposalFits(STUDY_PRESETS, [RTX_4090_D()], result);
    expect(after.servers.every((s) => (s.concurrency ?? 0) >= 1)).toBe(true);
  });

  it("explains in one sentence each why the study's own settings cannot start", async () => {
    const study: ServerSpec[] = [
      { name: 'Qwen3-4B-Instruct-2507', source: 'Qwen/Qwen3-4B-Instruct-2507', utilization: 0.9, maxModelLen: 262144 },
      { name: 'Qwen2-7B-Instruct', source: 'Qwen/Qwen2-7B-Instruct', utilization: 0.9, maxModelLen: 32768 },
    ];
    const result = await plan(study, [RTX_4090_D()]);
    expect(result.verdict).toBe('does-not-fit');
    expect(result.messages).toContain(
      '2 servers at 0.90 and 0.90 ask for 1.80 of GPU 0 (NVIDIA GeForce RTX 4090 D): gpu-memory-utilization is each server\'s share of the whole GPU, so together they can have at most 1.00, less what other processes and their CUDA contexts and graphs use.',
    );
    expect(result.messages).toContain(
      "A 262,144-token context needs 36.0 GiB of KV cache for one sequence of Qwen3-4B-Instruct-2507, more than all of GPU 0 (NVIDIA GeForce RTX 4090 D)'s 24.0 GiB: vLLM refuses to start until max-model-len is lower.",
    );
    expect(result.messages.some((m) => m.includes('can never pass vLLM\'s start-up check, whatever the models\' sizes'))).toBe(true);
    const after = await expectProposalFits(study, [RTX_4090_D()], result);
    expect(after.servers.find((s) => s.name === 'Qwen3-4B-Instruct-2507')!.estimate.maxModelLen).toBeLessThan(262144);
  });
});

describe('the presets on bigger cards', () => {
  it('fit at once on an 80 GB A100, with no proposal', async () => {
    const result = await plan(STUDY_PRESETS, [A100_80GB()]);
    expect(result).toMatchObject({ verdict: 'fits', proposal: null, messages: [] });
    expect(result.gpus.map((g) => g.verdict)).toEqual(['fits']);
    expect(result.gpus[0]!.profileIds).toEqual(result.servers.map((s) => s.profileId));
    expect(result.verdictReason).toMatch(/^Every server's weights, KV cache and overheads are known/);
    expect(result.servers.map((s) => s.kvTokens! > 100_000)).toEqual([true, true]);
  });

  it('fit on a 48 GB RTX A6000 in 16-bit after at most a change of utilizations', async () => {
    const result = await plan(STUDY_PRESETS, [RTX_A6000()]);
    if (result.verdict !== 'fits') {
      expect(result.proposal?.kind).toBe('utilization');
      await expectProposalFits(STUDY_PRESETS, [RTX_A6000()], result);
    }
  });
});

describe("can't tell", () => {
  it('for a model with no size anywhere, never a check mark, and says how to find out', async () => {
    const result = await plan([STUDY_PRESETS[0]!, { name: 'Mystery', source: 'someorg/mystery-model', utilization: 0.4 }], [A100_80GB()]);
    expect(result.verdict).toBe('unknown');
    expect(result.verdictReason).toBe('Pairwise cannot tell whether they fit: the memory need of Mystery is not known.');
    expect(result.gpus.map((g) => g.verdict)).toEqual(['unknown']); // never a check mark
    expect(result.messages.join(' ')).toMatch(/Can't tell for Mystery: its size: someorg\/mystery-model is not in the Hugging Face cache .*Download it first/);
    expect(result.proposal).toBeNull();
  });

  it('for a size read only from the name, labelled as an estimate', async () => {
    const result = await plan([{ name: 'Foo', source: 'someorg/Foo-7B-chat', utilization: 0.5 }], [A100_80GB()]);
    expect(result.verdict).toBe('unknown');
    expect(result.servers[0]!.estimate.sourceLabel).toBe('estimated from the name (7 billion parameters)');
    expect(result.messages[0]).toMatch(/Its size is estimated from the name \(7 billion parameters\), not known/);
  });

  it('but does not fit, whatever the sizes, when the utilizations alone ask for more than the GPU has', async () => {
    const result = await plan([{ name: 'A', source: 'someorg/mystery-a', utilization: 0.6 }, { name: 'B', source: 'someorg/mystery-b', utilization: 0.6 }], [A100_80GB()]);
    expect(result.verdict).toBe('does-not-fit');
    expect(result.messages[0]).toMatch(/asks GPU 0 \(NVIDIA A100-SXM4-80GB\) for 0\.60 \+ 0\.60 = 1\.20 of its 80\.0 GiB/);
  });

  it('without nvidia-smi: not checked, launching allowed', () => {
    const result = planMemory({ probe: { available: false, reason: 'not-installed', message: 'nvidia-smi was not found on PATH.' }, servers: [] });
    expect(result).toMatchObject({ checked: false, verdict: 'unknown', proposal: null });
    expect(result.messages[0]).toMatch(/^Pairwise could not check GPU memory: nvidia-smi was not found on PATH\. Launching is still allowed/);
  });
});

describe('proposals, in order', () => {
  it('first tries utilizations', async () => {
    const specs: ServerSpec[] = [{ ...STUDY_PRESETS[0]!, utilization: 0.2 }, { ...SMALL, utilization: 0.7 }];
    const result = await plan(specs, [RTX_4090_D()]);
    expect(result.verdict).toBe('does-not-fit');
    expect(result.proposal!.kind).toBe('utilization');
    expect(result.proposal!.givesUp).toEqual([]);
    await expectProposalFits(specs, [RTX_4090_D()], result);
  });

  it('then a max-model-len that leaves a useful KV cache, saying how many sequences of that length fit', async () => {
    const specs: ServerSpec[] = [{ ...STUDY_PRESETS[0]!, utilization: 0.6, maxModelLen: null }, { ...SMALL, utilization: 0.3 }];
    const result = await plan(specs, [RTX_4090_D()]);
    expect(result.proposal!.kind).toBe('max-model-len');
    expect(result.proposal!.givesUp.join(' ')).toMatch(/Qwen3-4B-Instruct-2507 takes prompt plus answer up to [\d,]+ tokens \(was 262,144\); its KV cache holds [\d,]+ tokens, \d+\.\d sequences of that length at once\./);
    await expectProposalFits(specs, [RTX_4090_D()], result);
  });

  it('offers fp8 of the same checkpoint when its 16-bit weights can load', async () => {
    // Qwen2-7B alone on a 16 GB card: 14.2 GiB of 16-bit weights load, but leave no room for activations and graphs.
    const specs: ServerSpec[] = [{ ...STUDY_PRESETS[1]!, utilization: 0.9 }];
    const rtx4080 = gpuOf('NVIDIA GeForce RTX 4080', 16376, '8.9');
    const result = await plan(specs, [rtx4080]);
    expect(result.proposal).toMatchObject({ kind: 'quantization' });
    expect(result.proposal!.changes.find((c) => c.name === 'Qwen2-7B-Instruct')).toMatchObject({ quantization: 'fp8' });
    expect(result.proposal!.givesUp.join(' ')).toMatch(/runs with fp8 weights, quantized by vLLM as it loads/);
    await expectProposalFits(specs, [rtx4080], result);
  });

  it('does not offer fp8 or Marlin kernels to a GPU below compute capability 8.0, nor when it is unknown', async () => {
    for (const cc of ['7.5', null]) {
      const result = await plan(STUDY_PRESETS, [gpuOf('Tesla T4', 15360, cc)]);
      const quantizations = result.proposal?.changes.map((c) => c.quantization ?? c.source) ?? [];
      expect(quantizations.some((q) => q === 'fp8' || /FP8/.test(q ?? ''))).toBe(false);
    }
  });

  it('then a second GPU, when no quantization the GPU runs would do', async () => {
    // Two V100s (compute capability 7.0): no fp8, no AWQ, and Qwen3-4B's only known variant is an FP8 checkpoint.
    const gpus = [gpuOf('Tesla V100-SXM2-16GB', 16384, '7.0', 0, 0), gpuOf('Tesla V100-SXM2-16GB', 16384, '7.0', 0, 1)];
    const specs: ServerSpec[] = [{ ...STUDY_PRESETS[0]!, utilization: 0.45 }, { ...STUDY_PRESETS[0]!, name: 'Twin', utilization: 0.45 }];
    const result = await plan(specs, gpus);
    expect(result.proposal).toMatchObject({ kind: 'second-gpu' });
    expect(result.proposal!.changes.some((c) => c.gpuIndices?.join() === '1')).toBe(true);
    expect(result.proposal!.givesUp.join(' ')).toMatch(/moves to GPU 1/);
    await expectProposalFits(specs, gpus, result);
  });
});

describe('settings vLLM refuses whatever the memory', () => {
  it('does not fit fp8 on a GPU below compute capability 8.0, nor a context longer than the model', async () => {
    const t4 = gpuOf('Tesla T4', 15360, '7.5');
    const fp8 = await plan([{ ...SMALL, quantization: 'fp8' }], [t4]);
    expect(fp8.verdict).toBe('does-not-fit');
    expect(fp8.messages[0]).toBe(
      'Qwen2.5-0.5B cannot start as configured: Tesla T4 (compute capability 7.5) cannot run fp8 quantization: vLLM stops with "The quantization method fp8 is not supported for the current GPU. Minimum capability: 80. Current capability: 75."',
    );
    const long = await plan([{ ...SMALL, maxModelLen: 65536 }], [A100_80GB()]);
    expect(long.verdict).toBe('does-not-fit');
    expect(long.proposal?.changes[0]?.maxModelLen).toBe(32768);
  });
});

describe("quantizations Pairwise cannot judge are can't tell, not a refusal", () => {
  it('for a method vLLM applies as it loads that Pairwise does not model (bitsandbytes), and fp8 where the GPU hides its capability', async () => {
    const bnb = await plan([{ ...SMALL, quantization: 'bitsandbytes' }], [A100_80GB()]);
    expect(bnb.verdict).toBe('unknown');
    expect(bnb.messages.join(' ')).toMatch(/does not model --quantization bitsandbytes/);
    const hidden = await plan([{ ...SMALL, quantization: 'fp8' }], [gpuOf('Tesla T4', 15360, null)]);
    expect(hidden.verdict).toBe('unknown');
    expect(hidden.messages.join(' ')).toMatch(/nvidia-smi did not report the GPU's, so Pairwise cannot tell whether it runs fp8/);
  });

  it('but refuses fp8 in float32, which vLLM refuses, with no dangling "can\'t tell" line', async () => {
    const f32 = await plan([{ ...SMALL, quantization: 'fp8', dtype: 'float32' }], [A100_80GB()]);
    expect(f32.verdict).toBe('does-not-fit');
    expect(f32.messages[0]).toMatch(/fp8 quantization runs in bfloat16 or float16 only/);
    const awqOn16 = await plan([{ ...SMALL, quantization: 'awq' }], [A100_80GB()]);
    expect(awqOn16.verdict).toBe('does-not-fit');
    expect(awqOn16.messages.some((m) => m.startsWith("Can't tell"))).toBe(false);
  });
});

describe('the accounting the verdict rests on', () => {
  it('counts what a server holds once ready: its budget, CUDA context and graphs, against what others leave', async () => {
    const fits = await plan([{ ...SMALL, utilization: 0.4 }, { ...SMALL, name: 'Twin', utilization: 0.4 }], [RTX_4090_D()]);
    expect(fits.verdict).toBe('fits');
    const [gpu] = fits.gpus;
    expect(gpu!.footprintMiB).toBeGreaterThan(gpu!.requestedMiB);
    // 0.47 + 0.47 of the GPU leaves no room for two CUDA contexts and graph pools next to the desktop's 400 MiB.
    const tight = await plan([{ ...SMALL, utilization: 0.47 }, { ...SMALL, name: 'Twin', utilization: 0.47 }], [RTX_4090_D()]);
    expect(tight.verdict).toBe('does-not-fit');
    expect(tight.messages[0]).toMatch(/Once ready, .*: \d+\.\d GiB more than it can give\. Whichever starts second stops with "Free memory on device/);
  });

  it('calls a plan too close when it fits only if the estimated parts take the least they can, and proposes room', async () => {
    const specs: ServerSpec[] = [{ ...SMALL, utilization: 0.45 }, { ...SMALL, name: 'Twin', utilization: 0.45 }];
    const result = await plan(specs, [RTX_4090_D()]);
    expect(result.verdict).toBe('unknown');
    expect(result.verdictReason).toMatch(/^Too close to call: every size is known/);
    expect(result.proposal?.kind).toBe('utilization');
    await expectProposalFits(specs, [RTX_4090_D()], result);
  });

  it("refuses online fp8 whose 16-bit weights cannot load next to the others' servers", async () => {
    const specs: ServerSpec[] = [{ ...STUDY_PRESETS[0]!, utilization: 0.45 }, { ...STUDY_PRESETS[1]!, utilization: 0.45, quantization: 'fp8' }];
    const result = await plan(specs, [RTX_4090_D()]);
    expect(result.verdict).toBe('does-not-fit');
    expect(result.messages.join(' ')).toMatch(/Qwen2-7B-Instruct first loads its 16-bit weights \(14\.2 GiB\) and only then quantizes them to fp8/);
  });

  it("does not count this plan's running servers as others, and names the others to stop when crowded", async () => {
    const busy = gpuOf('NVIDIA GeForce RTX 4090 D', 24564, '8.9', 12000);
    const processes = [{ pid: 4242, processName: 'python3', usedMemoryMiB: 12000 }];
    const crowded = await plan([{ ...SMALL, utilization: 0.4 }, { ...SMALL, name: 'Twin', utilization: 0.4 }], [busy], { processes });
    expect(crowded.verdict).toBe('does-not-fit');
    expect(crowded.messages).toContain("To free GPU memory, stop the process 'python3' (pid 4242) using 11.7 GiB.");
    const ours = await plan([{ ...SMALL, utilization: 0.4, running: true }, { ...SMALL, name: 'Twin', utilization: 0.4 }], [busy], { processes, ownPids: [4242] });
    expect(ours.verdict).toBe('fits');
  });

  it('counts a running server at what it holds, even after its profile was edited down', async () => {
    // Launched at 0.7, it holds 18,000 MiB; its profile now says 0.3 (it takes effect at the next launch).
    const gpu = gpuOf('NVIDIA GeForce RTX 4090 D', 24564, '8.9', 18400);
    const processes = [{ pid: 777, processName: 'VLLM::EngineCore', usedMemoryMiB: 18000 }];
    const specs: ServerSpec[] = [{ ...SMALL, utilization: 0.3, running: true }, { ...SMALL, name: 'Twin', utilization: 0.3 }];
    const result = await plan(specs, [gpu], { processes, ownPids: [777] });
    expect(result.verdict).toBe('does-not-fit');
    expect(result.gpus[0]!.footprintMiB).toBeGreaterThan(18000);
    // Not edited, and holding what its settings say, it leaves room for the twin.
    const honest = await plan([{ ...SMALL, utilization: 0.3, running: true }, { ...SMALL, name: 'Twin', utilization: 0.3 }], [gpuOf('NVIDIA GeForce RTX 4090 D', 24564, '8.9', 8400)], {
      processes: [{ pid: 777, processName: 'VLLM::EngineCore', usedMemoryMiB: 8000 }],
      ownPids: [777],
    });
    expect(honest.verdict).toBe('fits');
  });

  it('does not check a running server as if it were loading (its fp8 weights are loaded already)', async () => {
    const specs: ServerSpec[] = [{ ...STUDY_PRESETS[0]!, utilization: 0.45 }, { ...STUDY_PRESETS[1]!, utilization: 0.45, quantization: 'fp8', running: true }];
    const gpu = gpuOf('NVIDIA GeForce RTX 4090 D', 24564, '8.9', 11500);
    const result = await plan(specs, [gpu], { processes: [{ pid: 778, processName: 'VLLM::EngineCore', usedMemoryMiB: 11100 }], ownPids: [778] });
    expect(result.messages.join(' ')).not.toMatch(/first loads its 16-bit weights/);
  });

  it('reports a GPU nvidia-smi does not list, and too few GPUs for the tensor-parallel size', async () => {
    const missing = await plan([{ ...SMALL, gpuIndices: [3] }], [A100_80GB()]);
    expect(missing.verdict).toBe('does-not-fit');
    expect(missing.messages[0]).toBe('Qwen2.5-0.5B is set to GPU 3, which nvidia-smi does not list (it lists GPU 0). Choose a listed GPU in the profile.');
    const tp = await plan([{ ...SMALL, tensorParallelSize: 2 }], [A100_80GB()]);
    expect(tp.messages[0]).toMatch(/uses tensor-parallel size 2 but only 1 GPU is visible/);
  });

  it("cannot tell on a GPU that does not report its memory (unified memory)", async () => {
    const gb10 = { ...gpuOf('NVIDIA GB10', 0, '12.1'), memoryTotalMiB: 0, memoryUsedMiB: 0, memoryFreeMiB: 0 };
    const result = await plan([SMALL], [gb10]);
    expect(result.verdict).toBe('unknown');
    expect(result.messages).toContain('GPU 0 (NVIDIA GB10) does not report its memory to nvidia-smi, so Pairwise cannot check it; launching there is still allowed.');
    expect(result.gpus).toEqual([expect.objectContaining({ index: 0, verdict: 'unknown' })]);
  });
});

describe('what a bigger card changes', () => {
  it('says it for the sample pair on the 24 GB card: 48 GB needs other utilizations at most, 80 GB fits as configured', async () => {
    const result = await plan(STUDY_PRESETS, [RTX_4090_D()]);
    expect(result.largerGpus).toHaveLength(2);
    expect(result.largerGpus[0]).toMatch(/^On a 48 GB GPU (they fit as configured|other utilizations are enough \(.*\))\.$/);
    expect(result.largerGpus[1]).toBe('On an 80 GB GPU they fit as configured.');
  });
});
