// config.json -> ModelShape: the few numbers that size a model's KV cache. Multimodal configs keep the language
// model's numbers in a nested config (text_config, or llm_config / language_config in some families), which wins
// over the top level; older architectures spell the fields differently (n_layer, n_head, n_positions...).
import type { ModelShape } from '../../shared/gpu';

type Json = Record<string, unknown>;

const NESTED_LANGUAGE_CONFIGS = ['text_config', 'llm_config', 'language_config'];

const FIELD_NAMES = {
  numHiddenLayers: ['num_hidden_layers', 'n_layer', 'num_layers', 'n_layers'],
  numAttentionHeads: ['num_attention_heads', 'n_head', 'n_heads'],
  numKeyValueHeads: ['num_key_value_heads', 'num_kv_heads', 'n_head_kv'],
  headDim: ['head_dim'],
  hiddenSize: ['hidden_size', 'n_embd', 'd_model'],
  // vLLM's _get_and_verify_max_len keys; it takes the smallest of those present.
  maxPositionEmbeddings: ['max_position_embeddings', 'n_positions', 'max_seq_len', 'seq_length', 'model_max_length', 'max_sequence_length', 'max_seq_length', 'seq_len'],
  intermediateSize: ['intermediate_size', 'ffn_dim', 'n_inner'],
  vocabSize: ['vocab_size'],
} as const;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function positiveNumber(sources: Json[], names: readonly string[]): number | null {
  for (const source of sources) {
    for (const name of names) {
      const value = source[name];
      if (typeof value === 'number' && Number.isFinite(value) && value > 0) return value;
    }
  }
  return null;
}

function dtypeName(sources: Json[]): string | null {
  for (const source of sources) {
    // transformers >= 4.56 writes `dtype`; earlier releases `torch_dtype`.
    for (const name of ['torch_dtype', 'dtype']) {
      const value = source[name];
      if (typeof value === 'string' && value !== '') return value.replace(/^torch\./, '');
    }
  }
  return null;
}

/** The parsed config.json of a model; null when it is not a JSON object. */
export function shapeFromConfig(config: unknown): ModelShape | null {
  if (!isRecord(config)) return null;
  const nested = NESTED_LANGUAGE_CONFIGS.map((key) => config[key]).filter(isRecord);
  const sources = [...nested, config];
  const hiddenSize = positiveNumber(sources, FIELD_NAMES.hiddenSize);
  const numAttentionHeads = positiveNumber(sources, FIELD_NAMES.numAttentionHeads);
  const derivedHeadDim = hiddenSize !== null && numAttentionHeads !== null && hiddenSize % numAttentionHeads === 0 ? hiddenSize / numAttentionHeads : null;
  // Falcon's multi-query attention has one KV head; otherwise no GQA field means one KV head per attention head.
  const kvHeads = positiveNumber(sources, FIELD_NAMES.numKeyValueHeads) ?? (config.multi_query === true ? 1 : numAttentionHeads);
  const architectures = Array.isArray(config.architectures) ? config.architectures.filter((a): a is string => typeof a === 'string') : [];
  return {
    architectures,
    numHiddenLayers: positiveNumber(sources, FIELD_NAMES.numHiddenLayers),
    numAttentionHeads,
    numKeyValueHeads: kvHeads,
    headDim: positiveNumber(sources, FIELD_NAMES.headDim) ?? derivedHeadDim,
    hiddenSize,
    maxPositionEmbeddings: derivedMaxLength(sources),
    torchDtype: dtypeName(sources),
    intermediateSize: positiveNumber(sources, FIELD_NAMES.intermediateSize),
    vocabSize: positiveNumber(sources, FIELD_NAMES.vocabSize),
    tieWordEmbeddings: sources.some((source) => source.tie_word_embeddings === true),
    quantization: quantizationOf(sources),
    attention: attentionOf(config, sources),
  };
}

/**
 * The longest context vLLM derives from config.json: the smallest of its length keys, times the RoPE scaling
 * factor (YaRN from original_max_position_embeddings), except for the rope types that already count it.
 */
function derivedMaxLength(sources: Json[]): number | null {
  const source = sources.find((s) => FIELD_NAMES.maxPositionEmbeddings.some((name) => typeof s[name] === 'number'));
  if (!source) return null;
  const lengths = FIELD_NAMES.maxPositionEmbeddings.map((name) => source[name]).filter((v): v is number => typeof v === 'number' && v > 0);
  let derived = lengths.length > 0 ? Math.min(...lengths) : null;
  const rope = sources.map((s) => s.rope_scaling).find(isRecord);
  const ropeType = rope ? String(rope.rope_type ?? rope.type ?? '') : '';
  if (derived !== null && rope && typeof rope.factor === 'number' && !['su', 'longrope', 'llama3'].includes(ropeType)) {
    if (ropeType === 'yarn' && typeof rope.original_max_position_embeddings === 'number') derived = rope.original_max_position_embeddings;
    derived = Math.floor(derived * rope.factor);
  }
  return derived;
}

const HYBRID_ARCHITECTURES = /Mamba|Jamba|Zamba|FalconH1|NemotronH|Qwen3Next|Bamba|GraniteMoeHybrid|Lfm2|MiniMax/i;

function attentionOf(config: Json, sources: Json[]): ModelShape['attention'] {
  const architectures = Array.isArray(config.architectures) ? config.architectures.join(' ') : '';
  if (HYBRID_ARCHITECTURES.test(architectures)) return 'hybrid';
  if (sources.some((s) => typeof s.kv_lora_rank === 'number')) return 'latent';
  const layerTypes = sources.map((s) => s.layer_types).find(Array.isArray) as unknown[] | undefined;
  if (layerTypes?.some((t) => typeof t === 'string' && t !== 'full_attention')) return 'sliding-window';
  // Qwen2 writes a sliding_window it does not use (use_sliding_window: false).
  const windowed = sources.some((s) => typeof s.sliding_window === 'number' && s.use_sliding_window !== false);
  return windowed ? 'sliding-window' : 'full';
}

/** quantization_config as vLLM reads it (quant_method, bits); fp8 checkpoints are 8 bits without saying so. */
function quantizationOf(sources: Json[]): ModelShape['quantization'] {
  for (const source of sources) {
    const q = source.quantization_config;
    if (!isRecord(q) || typeof q.quant_method !== 'string') continue;
    const method = q.quant_method.toLowerCase();
    const bits = typeof q.bits === 'number' ? q.bits : method.includes('fp8') ? 8 : null;
    return { method, bits };
  }
  return null;
}
