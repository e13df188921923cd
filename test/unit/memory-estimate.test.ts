import { describe, expect, it } from 'vitest';
import { estimateMemory, kvBytesFor, kvBytesPerToken, type ModelSizes } from '../../electron/services/engines/gpu/memory-estimate';
import { defaultProfileRun } from '../../electron/services/engines/gpu/memory-overheads';
import { linearParameters } from '../../electron/services/engines/gpu/memory-weights';
import { GiB } from '../../electron/services/engines/gpu/units';
import { modelSizes } from '../../electron/services/engines/memory-check';
import { shapeFromConfig } from '../../electron/services/models/model-config';
import { parametersFromName, quantizedVariantsOf, shapeOfFact, shippedFact } from '../../electron/services/models/model-facts';
import shippedFacts from '../../resources/models/facts.json';
import { HUB } from '../fixtures/hf-cache/models';

const RUN = defaultProfileRun(null, { maxNumSeqs: null, maxNumBatchedTokens: null });

async function estimateOf(source: string, more: Partial<Parameters<typeof estimateMemory>[0]> = {}) {
  return estimateMemory({ sizes: await modelSizes(source, [], {}), maxModelLen: 8192, dtype: 'auto', quantization: null, kvCacheDtype: 'auto', enforceEager: false, tensorParallelSize: 1, profileRun: RUN, ...more });
}

describe('the facts shipped in resources/models/facts.json', () => {
  it('are the published config.json values and weight sizes of every model of the emulated hub they name', () => {
    for (const fact of shippedFacts.models) {
      const published = HUB[fact.id];
      expect(published, fact.id).toBeDefined();
      expect(shapeOfFact(shippedFact(fact.id)!)).toEqual(shapeFromConfig(published!.config));
      expect(fact.weightsBytes).toBe(published!.weightsBytes);
    }
  });

  it('account for every byte of the 16-bit checkpoints: linear layers + embeddings + norms and biases = total_size / 2', () => {
    // Qwen2-7B: q/k/v carry biases; Qwen3-4B: q_norm and k_norm per layer, tied embeddings.
    const q2 = shapeOfFact(shippedFact('Qwen/Qwen2-7B-Instruct')!);
    expect(linearParameters(q2)).toBe(6_525_288_448);
    expect(linearParameters(q2)! + 2 * 152064 * 3584 + 28 * (3584 + 512 + 512 + 2 * 3584) + 3584).toBe(15_231_233_024 / 2);
    const q3 = shapeOfFact(shippedFact('Qwen/Qwen3-4B-Instruct-2507')!);
    expect(linearParameters(q3)! + 151936 * 2560 + 36 * (2 * 2560 + 2 * 128) + 2560).toBe(8_044_936_192 / 2);
  });

  it('are found case-insensitively, and list the known pre-quantized variants', () => {
    expect(shippedFact('qwen/qwen2-7b-instruct')?.id).toBe('Qwen/Qwen2-7B-Instruct');
    expect(quantizedVariantsOf('Qwen/Qwen2-7B-Instruct').map((v) => [v.id, v.quantization])).toEqual([
      ['Qwen/Qwen2-7B-Instruct-AWQ', { method: 'awq', bits: 4 }],
      ['Qwen/Qwen2-7B-Instruct-GPTQ-Int4', { method: 'gptq', bits: 4 }],
    ]);
    expect(shippedFact('someorg/mystery-model')).toBeNull();
  });
});

describe('model sizes, best source first', () => {
  it('takes shipped facts for an uncached preset, the name for an unknown id with a size in it, and nothing otherwise', async () => {
    expect(await modelSizes('Qwen/Qwen2-7B-Instruct', [], {})).toMatchObject({ source: 'shipped-facts', weightsBytes: 15_231_233_024 });
    expect(await modelSizes('someorg/Foo-13B-chat', [], {})).toMatchObject({ source: 'name', parametersFromName: 13, sourceLabel: 'estimated from the name (13 billion parameters)' });
    expect(await modelSizes('someorg/mystery-model', [], {})).toMatchObject({ source: 'none', weightsBytes: null });
  });

  it('prefers the HF cache to the shipped facts', async () => {
    const shape = shapeFromConfig(HUB['Qwen/Qwen2-7B-Instruct']!.config);
    const cached = [{ id: 'Qwen/Qwen2-7B-Instruct', sizeBytes: 1, revision: 'abc', snapshotPath: '/x', weightsBytes: 123, shape, complete: true }];
    expect(await modelSizes('Qwen/Qwen2-7B-Instruct', cached, {})).toMatchObject({ source: 'hf-cache', weightsBytes: 123 });
  });

  it.each([
    ['Qwen/Qwen2-7B-Instruct', 7],
    ['Qwen/Qwen2.5-0.5B-Instruct', 0.5],
    ['Qwen/Qwen3-4B-Instruct-2507', 4],
    ['meta-llama/Llama-3.1-8B-Instruct', 8],
    ['mistralai/Mixtral-8x7B-Instruct-v0.1', 56],
    ['facebook/opt-125m', 0.125],
    ['google/gemma-2-9b-it', 9],
    ['/models/my-finetune', null],
    ['someorg/mystery-model', null],
  ])('reads the parameter count in %s as %s billion', (source, billions) => {
    expect(parametersFromName(source)).toBe(billions);
  });
});

describe('estimateMemory, by vLLM accounting', () => {
  it('sizes the KV cache: 2 x layers x KV heads x head size x bytes, in whole blocks of 16 tokens', async () => {
    const q2 = await estimateOf('Qwen/Qwen2-7B-Instruct');
    expect(q2.kvBytesPerToken).toBe(2 * 28 * 4 * 128 * 2);
    const q3 = await estimateOf('Qwen/Qwen3-4B-Instruct-2507', { maxModelLen: null });
    expect(q3.kvBytesPerToken).toBe(2 * 36 * 8 * 128 * 2);
    // The study's 262,144 tokens for Qwen3-4B: 36 GiB for one sequence, more than a 24 GB card.
    expect(q3.maxModelLen).toBe(262_144);
    expect(q3.kvBytes).toBe(36 * GiB);
    expect(kvBytesFor(100, 17)).toBe(3200);
    expect(kvBytesPerToken(shapeFromConfig({ num_hidden_layers: 12, num_attention_heads: 12, hidden_size: 768 }), 2)).toBe(2 * 12 * 12 * 64 * 2);
  });

  it('halves the KV cache with --kv-cache-dtype fp8', async () => {
    const fp8 = await estimateOf('Qwen/Qwen3-4B-Instruct-2507', { kvCacheDtype: 'fp8' });
    expect(fp8.kvBytesPerToken).toBe(2 * 36 * 8 * 128);
    expect(fp8.kvCacheDtype).toBe('fp8');
  });

  it('models online fp8: linear layers in 1 byte once loaded, the 16-bit weights while loading', async () => {
    const fp8 = await estimateOf('Qwen/Qwen2-7B-Instruct', { quantization: 'fp8' });
    expect(fp8.weightsBytes).toBe(6_525_288_448 + (7_615_616_512 - 6_525_288_448) * 2);
    expect(fp8.loadPeakBytes).toBe(15_231_233_024);
    expect(fp8.kvBytesPerToken).toBe(2 * 28 * 4 * 128 * 2); // quantized weights do not shrink the KV cache
  });

  it('loads a pre-quantized checkpoint as stored, and refuses a method it was not quantized with', async () => {
    const awq = await estimateOf('Qwen/Qwen2-7B-Instruct-AWQ');
    expect(awq).toMatchObject({ weightsBytes: 5_570_747_392, loadPeakBytes: 5_570_747_392, unknowns: [] });
    expect((await estimateOf('Qwen/Qwen2-7B-Instruct-AWQ', { quantization: 'awq_marlin' })).weightsBytes).toBe(5_570_747_392);
    const wrong = await estimateOf('Qwen/Qwen2-7B-Instruct-AWQ', { quantization: 'gptq' });
    expect(wrong.budgetNeedBytes).toBeNull();
    expect(wrong.refusals[0]).toMatch(/quantized with awq, and vLLM refuses --quantization gptq/);
    const awqOn16 = await estimateOf('Qwen/Qwen2-7B-Instruct', { quantization: 'awq' });
    expect(awqOn16.refusals[0]).toMatch(/needs a checkpoint quantized with awq .*"Cannot find the config file for awq"/);
    expect(awq.quantization).toBe('awq');
  });

  it('refuses a max-model-len beyond max_position_embeddings, as vLLM does, unless VLLM_ALLOW_LONG_MAX_MODEL_LEN', async () => {
    const long = await estimateOf('Qwen/Qwen2-7B-Instruct', { maxModelLen: 65536 });
    expect(long.refusals).toEqual([expect.stringMatching(/^max-model-len 65,536 is longer than the model's 32,768 tokens/)]);
    expect((await estimateOf('Qwen/Qwen2-7B-Instruct', { maxModelLen: 65536, allowLongMaxModelLen: true })).refusals).toEqual([]);
    expect((await estimateOf('Qwen/Qwen2-7B-Instruct', { maxModelLen: 32768 })).refusals).toEqual([]);
  });

  it('doubles 16-bit weights for --dtype float32, and drops the CUDA graphs under --enforce-eager', async () => {
    const f32 = await estimateOf('Qwen/Qwen2-7B-Instruct', { dtype: 'float32' });
    expect(f32.weightsBytes).toBe(2 * 15_231_233_024);
    expect(f32.kvBytesPerToken).toBe(2 * 28 * 4 * 128 * 4);
    expect((await estimateOf('Qwen/Qwen2-7B-Instruct', { enforceEager: true })).cudaGraphBytes).toBe(0);
    expect((await estimateOf('Qwen/Qwen2-7B-Instruct')).cudaGraphBytes).toBeGreaterThan(0);
  });

  it('splits weights and KV cache over tensor-parallel GPUs, not the per-GPU overheads', async () => {
    const one = await estimateOf('Qwen/Qwen2-7B-Instruct');
    const two = await estimateOf('Qwen/Qwen2-7B-Instruct', { tensorParallelSize: 2 });
    expect(two.budgetNeedBytes! - two.activationBytes).toBeCloseTo((one.budgetNeedBytes! - one.activationBytes) / 2, 0);
    expect(two.activationBytes).toBeGreaterThan(one.activationBytes); // NCCL buffers
  });

  it('keeps at least one KV head on each GPU, as vLLM does, and refuses heads that do not split', async () => {
    // Qwen2-7B: 28 attention heads, 4 KV heads. Over 7 GPUs each holds one whole KV head, not 4/7 of one.
    const seven = await estimateOf('Qwen/Qwen2-7B-Instruct', { tensorParallelSize: 7 });
    expect(seven.kvBytesPerTokenPerGpu).toBe((2 * 28 * 4 * 128 * 2) / 4);
    expect(seven.refusals).toEqual([]);
    expect((await estimateOf('Qwen/Qwen2-7B-Instruct', { tensorParallelSize: 2 })).kvBytesPerTokenPerGpu).toBe((2 * 28 * 4 * 128 * 2) / 2);
    const three = await estimateOf('Qwen/Qwen2-7B-Instruct', { tensorParallelSize: 3 });
    expect(three.refusals[0]).toMatch(/Total number of attention heads \(28\) must be divisible by tensor parallel size \(3\)/);
  });

  it('never has a budget need without every size, and says what is unknown and how to find out', async () => {
    const none = await estimateOf('someorg/mystery-model');
    expect(none.budgetNeedBytes).toBeNull();
    expect(none.unknowns.join(' ')).toMatch(/not in the Hugging Face cache.*Download it first/);
    const named = await estimateOf('someorg/Foo-7B');
    expect(named.budgetNeedBytes).toBeNull();
    expect(named.weightsBytes).toBe(7e9 * 2);
    expect(named.unknowns.join(' ')).toMatch(/only the name says how big the model is/);
    const sizes: ModelSizes = { source: 'local-folder', sourceLabel: 'x', weightsBytes: 1e9, shape: shapeFromConfig({ architectures: ['X'], torch_dtype: 'bfloat16' }), parametersFromName: null };
    const noShape = estimateMemory({ sizes, maxModelLen: 4096, dtype: 'auto', quantization: null, kvCacheDtype: 'auto', enforceEager: false, tensorParallelSize: 1, profileRun: RUN });
    expect(noShape.budgetNeedBytes).toBeNull();
    expect(noShape.unknowns[0]).toMatch(/lacks its layers, KV heads or head size/);
  });

  it("takes vLLM's API-server profile run: 2,048 tokens and 256 sequences, 8,192 and 1,024 on a 70 GiB card that is no A100", () => {
    expect(RUN).toEqual({ maxNumBatchedTokens: 2048, maxNumSeqs: 256 });
    const none = { maxNumSeqs: null, maxNumBatchedTokens: null };
    expect(defaultProfileRun({ name: 'NVIDIA H100 80GB HBM3', totalMiB: 81559 }, none)).toEqual({ maxNumBatchedTokens: 8192, maxNumSeqs: 1024 });
    expect(defaultProfileRun({ name: 'NVIDIA A800-SXM4-80GB', totalMiB: 81920 }, none)).toEqual({ maxNumBatchedTokens: 8192, maxNumSeqs: 1024 });
    expect(defaultProfileRun({ name: 'NVIDIA A100-SXM4-80GB', totalMiB: 81920 }, { maxNumSeqs: 64, maxNumBatchedTokens: null })).toEqual({ maxNumBatchedTokens: 2048, maxNumSeqs: 64 });
  });
});
