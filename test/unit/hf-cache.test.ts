import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hasCachedWeights, hfCacheFolder, readLocalModel, repoIdFromFolderName, scanHfCache } from '../../electron/services/models/hf-cache';
import { shapeFromConfig } from '../../electron/services/models/model-config';
import { buildHfCache, snapshotBytes, type FakeRepo, type FakeSnapshot } from '../fixtures/hf-cache/build-cache';
import {
  OPT_125M_BIN_BYTES,
  OPT_125M_CONFIG,
  QWEN25_05B_INSTRUCT_CONFIG,
  QWEN25_05B_SAFETENSORS_BYTES,
  QWEN2_7B_INSTRUCT_CONFIG,
  QWEN2_7B_SHARDS,
  QWEN2_7B_TOTAL_SIZE,
  QWEN3_4B_INSTRUCT_2507_CONFIG,
  QWEN3_4B_SHARDS,
  QWEN3_4B_TOTAL_SIZE,
  safetensorsIndex,
  shardName,
} from '../fixtures/hf-cache/models';
import { makeTempDir } from '../support/temp-dir';

const json = (value: unknown): string => JSON.stringify(value, null, 2);
const LICENSE = 'Apache License\nVersion 2.0, January 2004\n';
const TOKENIZER = json({ version: '1.0', model: { type: 'BPE' } });

const shards = (sizes: number[]): Record<string, { sparseBytes: number }> =>
  Object.fromEntries(sizes.map((bytes, i) => [shardName(i + 1, sizes.length), { sparseBytes: bytes }]));

const qwen2Main: FakeSnapshot = {
  commit: 'f2826a00ceef68f0f2b946d945ecc0477ce4450c',
  files: {
    'config.json': json(QWEN2_7B_INSTRUCT_CONFIG),
    'generation_config.json': json({ bos_token_id: 151643, do_sample: true, temperature: 0.7, top_p: 0.8 }),
    'model.safetensors.index.json': safetensorsIndex(QWEN2_7B_TOTAL_SIZE, 28, 4, false),
    ...shards(QWEN2_7B_SHARDS),
    'tokenizer.json': TOKENIZER,
    // Two names, one content: huggingface_hub stores one blob, the scan must count it once.
    LICENSE,
    'LICENSE.txt': LICENSE,
  },
};

const REPOS: FakeRepo[] = [
  {
    id: 'Qwen/Qwen2-7B-Instruct',
    snapshots: [
      // An older revision still on disk: not what refs/main names, so not counted.
      { commit: '41c66b0be1c3081f13defc6bdf946c2ef240d6a6', files: { 'config.json': json({ ...QWEN2_7B_INSTRUCT_CONFIG, transformers_version: '4.40.1' }), 'old.bin': { sparseBytes: 123_456 } } },
      qwen2Main,
    ],
    mainRef: qwen2Main.commit,
  },
  {
    id: 'Qwen/Qwen3-4B-Instruct-2507',
    snapshots: [
      {
        commit: 'cdbee75f17c01a7cc42f958dc650907174af0554',
        files: { 'config.json': json(QWEN3_4B_INSTRUCT_2507_CONFIG), 'model.safetensors.index.json': safetensorsIndex(QWEN3_4B_TOTAL_SIZE, 36, 3, true), ...shards(QWEN3_4B_SHARDS) },
      },
    ],
  },
  {
    id: 'Qwen/Qwen2.5-0.5B-Instruct',
    snapshots: [{ commit: '7ae557604adf67be50417f59c2c2f167def9a775', files: { 'config.json': json(QWEN25_05B_INSTRUCT_CONFIG), 'model.safetensors': { sparseBytes: QWEN25_05B_SAFETENSORS_BYTES } } }],
  },
  {
    id: 'facebook/opt-125m',
    snapshots: [{ commit: '27dcfa74d334bc871f3234de431e71c6eeba5dd6', files: { 'config.json': json(OPT_125M_CONFIG), 'pytorch_model.bin': { sparseBytes: OPT_125M_BIN_BYTES } } }],
  },
  {
    // A download cut short: shard 1 arrived, shards 2-4 are still .incomplete in blobs/, one link lost its blob.
    id: 'Qwen/Qwen2.5-7B-Instruct',
    snapshots: [
      {
        commit: 'a09a35458c702b33eeacc393d103063234e8bc28',
        files: {
          'config.json': json(QWEN2_7B_INSTRUCT_CONFIG),
          'model.safetensors.index.json': safetensorsIndex(QWEN2_7B_TOTAL_SIZE, 28, 4, false),
          [shardName(1, 4)]: { sparseBytes: QWEN2_7B_SHARDS[0]! },
          'tokenizer.json': { brokenLink: true },
        },
      },
    ],
    incompleteBlobs: [2_000_000_000, 1_500_000_000, 10],
  },
  {
    // Downloaded by commit hash: no refs/main, the newest snapshot is the one.
    id: 'TinyOrg/no-main-ref',
    snapshots: [{ commit: '0123456789abcdef0123456789abcdef01234567', files: { 'config.json': json(QWEN25_05B_INSTRUCT_CONFIG) } }],
    mainRef: null,
  },
  { id: 'TinyOrg/only-started', snapshots: [], mainRef: null, incompleteBlobs: [42] },
  { id: 'HuggingFaceFW/fineweb', kind: 'datasets', snapshots: [{ commit: 'c0ffee0000000000000000000000000000000000', files: { 'data.parquet': { sparseBytes: 1_000_000 } } }] },
  { id: 'gradio/hello', kind: 'spaces', snapshots: [{ commit: 'beef000000000000000000000000000000000000', files: { 'app.py': 'print(1)\n' } }] },
];

let temp: { path: string; remove: () => Promise<void> };
let hub: string;

beforeEach(async () => {
  temp = await makeTempDir('pairwise-hf-');
  hub = join(temp.path, 'hf', 'hub');
  await buildHfCache(hub, REPOS);
});
afterEach(() => temp.remove());

const scan = () => scanHfCache({ env: { HF_HUB_CACHE: hub }, homedir: '/nowhere' });
const model = async (id: string) => (await scan()).models.find((m) => m.id === id);

describe('hfCacheFolder', () => {
  it('follows huggingface_hub: HF_HUB_CACHE, HUGGINGFACE_HUB_CACHE, HF_HOME/hub, XDG_CACHE_HOME, ~/.cache', () => {
    expect(hfCacheFolder({ HF_HUB_CACHE: '/data/hub', HF_HOME: '/data/hf' }, '/home/ana')).toBe('/data/hub');
    expect(hfCacheFolder({ HUGGINGFACE_HUB_CACHE: '/old/hub' }, '/home/ana')).toBe('/old/hub');
    expect(hfCacheFolder({ HF_HOME: '/data/hf' }, '/home/ana')).toBe('/data/hf/hub');
    expect(hfCacheFolder({ HF_HOME: '~/hf' }, '/home/ana')).toBe('/home/ana/hf/hub');
    expect(hfCacheFolder({ XDG_CACHE_HOME: '/xdg' }, '/home/ana')).toBe('/xdg/huggingface/hub');
    expect(hfCacheFolder({}, '/home/ana')).toBe('/home/ana/.cache/huggingface/hub');
    expect(hfCacheFolder({ HF_HUB_CACHE: '' }, '/home/ana')).toBe('/home/ana/.cache/huggingface/hub');
  });

  it('turns cache folder names back into repo ids', () => {
    expect(repoIdFromFolderName('models--Qwen--Qwen2-7B-Instruct')).toBe('Qwen/Qwen2-7B-Instruct');
    expect(repoIdFromFolderName('models--gpt2')).toBe('gpt2');
  });
});

describe('scanHfCache', () => {
  it('lists models only, sorted by id', async () => {
    const result = await scan();
    expect(result).toMatchObject({ folder: hub, exists: true });
    expect(result.models.map((m) => m.id)).toEqual([
      'facebook/opt-125m',
      'Qwen/Qwen2-7B-Instruct',
      'Qwen/Qwen2.5-0.5B-Instruct',
      'Qwen/Qwen2.5-7B-Instruct',
      'Qwen/Qwen3-4B-Instruct-2507',
      'TinyOrg/no-main-ref',
      'TinyOrg/only-started',
    ]);
  });

  it('reads Qwen2-7B-Instruct: main revision, index total_size, shape, blobs counted once', async () => {
    const qwen = await model('Qwen/Qwen2-7B-Instruct');
    expect(qwen).toEqual({
      id: 'Qwen/Qwen2-7B-Instruct',
      revision: qwen2Main.commit,
      snapshotPath: join(hub, 'models--Qwen--Qwen2-7B-Instruct', 'snapshots', qwen2Main.commit),
      sizeBytes: snapshotBytes(qwen2Main),
      weightsBytes: 15_231_233_024,
      complete: true,
      shape: {
        architectures: ['Qwen2ForCausalLM'],
        numHiddenLayers: 28,
        numAttentionHeads: 28,
        numKeyValueHeads: 4,
        headDim: 128, // 3584 / 28: config.json has no head_dim
        hiddenSize: 3584,
        maxPositionEmbeddings: 32768,
        torchDtype: 'bfloat16',
        intermediateSize: 18944,
        vocabSize: 152064,
        tieWordEmbeddings: false,
        quantization: null,
        attention: 'full', // sliding_window: 131072 with use_sliding_window: false
      },
    });
    const textFiles = Object.values(qwen2Main.files).filter((f): f is string => typeof f === 'string');
    const licenseOnce = textFiles.reduce((sum, text) => sum + Buffer.byteLength(text), 0) - Buffer.byteLength(LICENSE);
    expect(qwen!.sizeBytes).toBe(licenseOnce + QWEN2_7B_SHARDS.reduce((a, b) => a + b, 0));
  });

  it('reads Qwen3-4B-Instruct-2507 with its explicit head_dim', async () => {
    const qwen3 = await model('Qwen/Qwen3-4B-Instruct-2507');
    expect(qwen3).toMatchObject({ weightsBytes: QWEN3_4B_TOTAL_SIZE, complete: true, revision: 'cdbee75f17c01a7cc42f958dc650907174af0554' });
    expect(qwen3!.shape).toMatchObject({ numHiddenLayers: 36, numKeyValueHeads: 8, headDim: 128, hiddenSize: 2560, maxPositionEmbeddings: 262144 });
  });

  it('sums a single model.safetensors when there is no index', async () => {
    const small = await model('Qwen/Qwen2.5-0.5B-Instruct');
    expect(small).toMatchObject({ weightsBytes: QWEN25_05B_SAFETENSORS_BYTES, complete: true });
    expect(small!.shape).toMatchObject({ headDim: 64, numKeyValueHeads: 2, numHiddenLayers: 24 });
  });

  it('falls back to pytorch_model.bin', async () => {
    const opt = await model('facebook/opt-125m');
    expect(opt).toMatchObject({ weightsBytes: OPT_125M_BIN_BYTES, complete: true });
    expect(opt!.shape).toMatchObject({ numKeyValueHeads: 12, headDim: 64, torchDtype: 'float16', maxPositionEmbeddings: 2048 });
  });

  it('tolerates a partial download: .incomplete blobs and a broken link; the index still gives the size', async () => {
    const partial = await model('Qwen/Qwen2.5-7B-Instruct');
    expect(partial).toMatchObject({ complete: false, weightsBytes: QWEN2_7B_TOTAL_SIZE });
    const linked = Buffer.byteLength(json(QWEN2_7B_INSTRUCT_CONFIG)) + Buffer.byteLength(safetensorsIndex(QWEN2_7B_TOTAL_SIZE, 28, 4, false)) + QWEN2_7B_SHARDS[0]!;
    expect(partial!.sizeBytes).toBe(linked);
  });

  it('uses the newest snapshot when refs/main is missing, and reports a repo with no snapshot', async () => {
    expect(await model('TinyOrg/no-main-ref')).toMatchObject({ revision: null, complete: false, weightsBytes: null, snapshotPath: expect.stringContaining('0123456789abcdef') });
    expect(await model('TinyOrg/only-started')).toEqual({ id: 'TinyOrg/only-started', sizeBytes: 0, revision: null, snapshotPath: null, weightsBytes: null, shape: null, complete: false });
  });

  it('tells a launch whether it will start with a download (one repo folder read, not the whole cache)', async () => {
    const env = { HF_HUB_CACHE: hub };
    expect(await hasCachedWeights('Qwen/Qwen2-7B-Instruct', { env })).toBe(true);
    expect(await hasCachedWeights('Qwen/Qwen2.5-7B-Instruct', { env })).toBe(false); // partial download
    expect(await hasCachedWeights('Qwen/Qwen9-4B', { env })).toBe(false);
    for (const local of ['/models/local-copy', './models/x', '~/models/x', 'C:\\models\\x']) expect(await hasCachedWeights(local, { env }), local).toBe(true);
  });

  it('says when the cache folder does not exist', async () => {
    const missing = join(temp.path, 'nothing');
    expect(await scanHfCache({ env: { HF_HOME: missing } })).toEqual({ folder: join(missing, 'hub'), exists: false, models: [] });
  });

  it('scans 50 models well under a second (stat only, weights never read)', async () => {
    const many: FakeRepo[] = Array.from({ length: 50 }, (_, i) => ({
      id: `Bench/model-${i}`,
      snapshots: [
        {
          commit: `${String(i).padStart(2, '0')}${'a'.repeat(38)}`,
          files: { 'config.json': json(QWEN3_4B_INSTRUCT_2507_CONFIG), 'model.safetensors.index.json': safetensorsIndex(QWEN3_4B_TOTAL_SIZE, 36, 3, true), ...shards(QWEN3_4B_SHARDS), 'tokenizer.json': TOKENIZER },
        },
      ],
    }));
    const benchHub = join(temp.path, 'bench-hub');
    await buildHfCache(benchHub, many);
    const started = performance.now();
    const result = await scanHfCache({ env: { HF_HUB_CACHE: benchHub } });
    const elapsed = performance.now() - started;
    expect(result.models).toHaveLength(50);
    expect(result.models.every((m) => m.weightsBytes === QWEN3_4B_TOTAL_SIZE && m.complete)).toBe(true);
    expect(elapsed).toBeLessThan(1000);
  });
});

describe('readLocalModel', () => {
  it('reads a plain folder the same way, leaving .git out of the size', async () => {
    const folder = join(temp.path, 'models', 'my-qwen');
    await mkdir(join(folder, '.git', 'lfs'), { recursive: true });
    await writeFile(join(folder, 'config.json'), json(QWEN25_05B_INSTRUCT_CONFIG));
    await writeFile(join(folder, '.git', 'lfs', 'copy-of-weights'), 'x'.repeat(1000));
    await writeFile(join(folder, 'model.safetensors'), 'y'.repeat(5000));
    const local = await readLocalModel(folder, '/home/me');
    expect(local).toMatchObject({ id: folder, revision: null, snapshotPath: folder, weightsBytes: 5000, complete: true });
    expect(local!.sizeBytes).toBe(5000 + Buffer.byteLength(json(QWEN25_05B_INSTRUCT_CONFIG)));
    expect(local!.shape?.numHiddenLayers).toBe(24);
  });

  it('follows symlinks in a local folder and counts a shared target once', async () => {
    const folder = join(temp.path, 'linked');
    await mkdir(folder);
    await writeFile(join(temp.path, 'weights.bin'), 'z'.repeat(300));
    await symlink(join(temp.path, 'weights.bin'), join(folder, 'model.safetensors'));
    await symlink(join(temp.path, 'weights.bin'), join(folder, 'copy.safetensors'));
    expect(await readLocalModel(folder, '/home/me')).toMatchObject({ weightsBytes: 300, sizeBytes: 300, shape: null });
  });

  it('returns null for a folder that does not exist', async () => {
    expect(await readLocalModel(join(temp.path, 'missing'), '/home/me')).toBeNull();
  });

  it('reads a folder written under ~ from the home folder, as the launch command passes it to vLLM', async () => {
    const folder = join(temp.path, 'models', 'home-qwen');
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, 'model.safetensors'), 'w'.repeat(700));
    expect(await readLocalModel('~/models/home-qwen', temp.path)).toMatchObject({ id: '~/models/home-qwen', snapshotPath: folder, weightsBytes: 700 });
  });
});

describe('shapeFromConfig', () => {
  it('takes the language model from text_config in a multimodal config (google/gemma-3-4b-it, trimmed)', () => {
    const gemma3 = {
      architectures: ['Gemma3ForConditionalGeneration'],
      model_type: 'gemma3',
      torch_dtype: 'bfloat16',
      text_config: { hidden_size: 2560, head_dim: 256, num_attention_heads: 8, num_hidden_layers: 34, num_key_value_heads: 4, max_position_embeddings: 131072, model_type: 'gemma3_text' },
      vision_config: { hidden_size: 1152, num_attention_heads: 16, num_hidden_layers: 27, model_type: 'siglip_vision_model' },
    };
    expect(shapeFromConfig(gemma3)).toEqual({
      architectures: ['Gemma3ForConditionalGeneration'],
      numHiddenLayers: 34,
      numAttentionHeads: 8,
      numKeyValueHeads: 4,
      headDim: 256,
      hiddenSize: 2560,
      maxPositionEmbeddings: 131072,
      torchDtype: 'bfloat16',
      intermediateSize: null,
      vocabSize: null,
      tieWordEmbeddings: false,
      quantization: null,
      attention: 'full',
    });
  });

  it('reads the newer `dtype` key, defaults KV heads to attention heads, and leaves unknowns null', () => {
    expect(shapeFromConfig({ dtype: 'float16', hidden_size: 4096, num_attention_heads: 32, num_hidden_layers: 32 })).toMatchObject({ torchDtype: 'float16', numKeyValueHeads: 32, headDim: 128, maxPositionEmbeddings: null });
    expect(shapeFromConfig({ architectures: ['X'] })).toMatchObject({ numHiddenLayers: null, headDim: null, numKeyValueHeads: null, torchDtype: null });
    expect(shapeFromConfig({ n_layer: 12, n_head: 12, n_embd: 768, n_positions: 1024 })).toMatchObject({ numHiddenLayers: 12, headDim: 64, maxPositionEmbeddings: 1024 });
    // A pre-quantized checkpoint declares its method; fp8 ones do not say "bits".
    expect(shapeFromConfig({ quantization_config: { quant_method: 'AWQ', bits: 4, group_size: 128 } })!.quantization).toEqual({ method: 'awq', bits: 4 });
    expect(shapeFromConfig({ quantization_config: { quant_method: 'fp8', weight_block_size: [128, 128] } })!.quantization).toEqual({ method: 'fp8', bits: 8 });
    expect(shapeFromConfig({ tie_word_embeddings: true })!.tieWordEmbeddings).toBe(true);
  });

  it('derives the longest context as vLLM does: the smallest length key, times the RoPE factor (YaRN from the original length)', () => {
    expect(shapeFromConfig({ max_position_embeddings: 32768, seq_length: 8192 })!.maxPositionEmbeddings).toBe(8192);
    // Qwen's documented YaRN setting for long context.
    const yarn = { max_position_embeddings: 32768, rope_scaling: { type: 'yarn', factor: 4.0, original_max_position_embeddings: 32768 } };
    expect(shapeFromConfig(yarn)!.maxPositionEmbeddings).toBe(131072);
    // Llama 3.1's rope type already counts the scaling in max_position_embeddings.
    expect(shapeFromConfig({ max_position_embeddings: 131072, rope_scaling: { rope_type: 'llama3', factor: 8.0 } })!.maxPositionEmbeddings).toBe(131072);
  });

  it('tells full attention from sliding windows, latent attention and hybrids, whose KV cache it does not size', () => {
    expect(shapeFromConfig({ sliding_window: 4096 })!.attention).toBe('sliding-window'); // Mistral-7B v0.1
    expect(shapeFromConfig({ layer_types: ['sliding_attention', 'full_attention'] })!.attention).toBe('sliding-window');
    expect(shapeFromConfig({ kv_lora_rank: 512 })!.attention).toBe('latent'); // DeepSeek-V2/V3
    expect(shapeFromConfig({ architectures: ['JambaForCausalLM'] })!.attention).toBe('hybrid');
    expect(shapeFromConfig({ sliding_window: null, use_sliding_window: false })!.attention).toBe('full');
    expect(shapeFromConfig([1, 2])).toBeNull();
  });
});
