// What Pairwise knows about a model's size before anything is downloaded (design §4): the facts shipped in
// resources/models/facts.json (the published config.json and safetensors index of the presets' models and their
// quantized variants), and, as a last resort, the parameter count written in the name.
import { z } from 'zod';
import type { ModelShape } from '../../shared/gpu';
import shipped from '../../../resources/models/facts.json';

const factSchema = z.object({
  id: z.string().min(1),
  weightsBytes: z.number().int().positive(),
  weightsFrom: z.string().min(1),
  torchDtype: z.string().min(1),
  numHiddenLayers: z.number().int().positive(),
  numAttentionHeads: z.number().int().positive(),
  numKeyValueHeads: z.number().int().positive(),
  headDim: z.number().int().positive(),
  hiddenSize: z.number().int().positive(),
  intermediateSize: z.number().int().positive(),
  vocabSize: z.number().int().positive(),
  tieWordEmbeddings: z.boolean(),
  maxPositionEmbeddings: z.number().int().positive(),
  architectures: z.array(z.string()),
  quantization: z.object({ method: z.string(), bits: z.number().int().positive().nullable() }).nullable(),
  quantizedVariants: z.array(z.string()).optional(),
});

export type ModelFact = z.infer<typeof factSchema>;

// Validated at load like user input: a bad edit to the JSON must fail loudly, not plan with a wrong size.
const FACTS: ModelFact[] = z.object({ models: z.array(factSchema) }).passthrough().parse(shipped).models;

/** The shipped facts of a hub id (case-insensitive, as the Hub resolves ids); null when Pairwise ships none. */
export function shippedFact(id: string): ModelFact | null {
  const wanted = id.trim().toLowerCase();
  return FACTS.find((fact) => fact.id.toLowerCase() === wanted) ?? null;
}

export function shapeOfFact(fact: ModelFact): ModelShape {
  return {
    architectures: fact.architectures,
    numHiddenLayers: fact.numHiddenLayers,
    numAttentionHeads: fact.numAttentionHeads,
    numKeyValueHeads: fact.numKeyValueHeads,
    headDim: fact.headDim,
    hiddenSize: fact.hiddenSize,
    maxPositionEmbeddings: fact.maxPositionEmbeddings,
    torchDtype: fact.torchDtype,
    intermediateSize: fact.intermediateSize,
    vocabSize: fact.vocabSize,
    tieWordEmbeddings: fact.tieWordEmbeddings,
    quantization: fact.quantization,
    attention: 'full',
  };
}

/** Known pre-quantized variants of a model, each with its facts. */
export function quantizedVariantsOf(id: string): ModelFact[] {
  const fact = shippedFact(id);
  return (fact?.quantizedVariants ?? []).map(shippedFact).filter((v): v is ModelFact => v !== null);
}

/**
 * Billions of parameters written in a name: `Qwen2-7B-Instruct` 7, `Qwen2.5-0.5B` 0.5, `Mixtral-8x7B` 56 (experts
 * times size: an over-estimate, as shared layers are counted once per expert), `Llama-3.1-405B` 405, `gpt2-1.5b`.
 * Millions (`opt-125m`) count too. Null when the name says nothing.
 */
export function parametersFromName(source: string): number | null {
  const name = source.split(/[\\/]/).pop() ?? source;
  const experts = /(?:^|[-_.])(\d+)x(\d+(?:\.\d+)?)([bm])(?=$|[-_.])/i.exec(name);
  if (experts) return (Number(experts[1]) * Number(experts[2])) / (experts[3]!.toLowerCase() === 'm' ? 1000 : 1);
  const plain = /(?:^|[-_.])(\d+(?:\.\d+)?)([bm])(?=$|[-_.])/i.exec(name);
  if (!plain) return null;
  const value = Number(plain[1]) / (plain[2]!.toLowerCase() === 'm' ? 1000 : 1);
  return value > 0 ? value : null;
}
