// The answer of `GET /v1/models`, whatever OpenAI-compatible server sent it. vLLM:
// `{"object":"list","data":[{"id":"<served name>","object":"model","max_model_len":32768,...}]}`; Ollama, llama.cpp
// and SGLang list ids without max_model_len. Someone else's server may send anything, so nothing is trusted.

export interface ListedModel {
  id: string;
  /** The context length the server serves the model with, when it says (vLLM does). */
  maxModelLen: number | null;
}

/** The models a body lists, in its order; entries without a string id are left out, never guessed at. */
export function parseModelList(body: unknown): ListedModel[] {
  const data = isRecord(body) ? body.data : undefined;
  if (!Array.isArray(data)) return [];
  return data.flatMap((entry: unknown) => {
    if (!isRecord(entry) || typeof entry.id !== 'string' || entry.id === '') return [];
    const length = entry.max_model_len;
    return [{ id: entry.id, maxModelLen: typeof length === 'number' && Number.isInteger(length) && length > 0 ? length : null }];
  });
}

/** The entry of the name a profile serves under (ids are compared exactly, as the API will route them). */
export function findServedModel(models: readonly ListedModel[], servedName: string): ListedModel | null {
  return models.find((model) => model.id === servedName) ?? null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
