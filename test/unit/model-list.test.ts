import { describe, expect, it } from 'vitest';
import { findServedModel, parseModelList } from '../../electron/services/inference/model-list';

// Bodies as the servers send them (vllm-facts.md for vLLM; Ollama's and llama.cpp server's OpenAI-compatible lists).
const VLLM = `{"object":"list","data":[{"id":"qwen2.5-7b","object":"model","created":1730000000,"owned_by":"vllm","root":"Qwen/Qwen2.5-7B-Instruct","parent":null,"max_model_len":32768,"permission":[{"id":"modelperm-1","object":"model_permission","created":1730000000,"allow_create_engine":false,"allow_sampling":true,"allow_logprobs":true,"allow_search_indices":false,"allow_view":true,"allow_fine_tuning":false,"organization":"*","group":null,"is_blocking":false}]}]}`;
const OLLAMA = `{"object":"list","data":[{"id":"llama3.2:latest","object":"model","created":1730000000,"owned_by":"library"},{"id":"qwen2.5:7b","object":"model","created":1729000000,"owned_by":"library"}]}`;
const LLAMA_CPP = `{"models":[{"name":"qwen2.5-7b-instruct-q4_k_m.gguf","model":"qwen2.5-7b-instruct-q4_k_m.gguf"}],"object":"list","data":[{"id":"qwen2.5-7b-instruct-q4_k_m.gguf","object":"model","created":1730000000,"owned_by":"llamacpp","meta":{"vocab_type":2,"n_vocab":152064,"n_ctx_train":32768,"n_embd":3584,"n_params":7615616512,"size":4677120000}}]}`;

describe('the /v1/models list', () => {
  it("reads vLLM's list with the context length it serves at", () => {
    const models = parseModelList(JSON.parse(VLLM));
    expect(models).toEqual([{ id: 'qwen2.5-7b', maxModelLen: 32768 }]);
    expect(findServedModel(models, 'qwen2.5-7b')).toEqual({ id: 'qwen2.5-7b', maxModelLen: 32768 });
    // The served name, not the model it came from (`root`), is what the API routes by.
    expect(findServedModel(models, 'Qwen/Qwen2.5-7B-Instruct')).toBeNull();
  });

  it('reads lists without max_model_len (Ollama, llama.cpp server) as a length nobody said', () => {
    expect(parseModelList(JSON.parse(OLLAMA))).toEqual([
      { id: 'llama3.2:latest', maxModelLen: null },
      { id: 'qwen2.5:7b', maxModelLen: null },
    ]);
    // llama.cpp's n_ctx_train is the training context, not what it serves at: not taken for max_model_len.
    expect(parseModelList(JSON.parse(LLAMA_CPP))).toEqual([{ id: 'qwen2.5-7b-instruct-q4_k_m.gguf', maxModelLen: null }]);
  });

  it('finds nothing in bodies that are no model list, and never throws', () => {
    for (const body of [null, 'ok', 42, [], {}, { object: 'list' }, { data: null }, { data: {} }, { data: 'qwen' }, { error: { message: 'Unauthorized' } }]) {
      expect(parseModelList(body), JSON.stringify(body)).toEqual([]);
    }
  });

  it('leaves out entries without an id, and lengths that are no length', () => {
    const body = { data: [null, 7, 'x', {}, { id: '' }, { id: 3 }, { id: 'a', max_model_len: '4096' }, { id: 'b', max_model_len: 0 }, { id: 'c', max_model_len: 2048.5 }, { id: 'd', max_model_len: 8192 }] };
    expect(parseModelList(body)).toEqual([
      { id: 'a', maxModelLen: null },
      { id: 'b', maxModelLen: null },
      { id: 'c', maxModelLen: null },
      { id: 'd', maxModelLen: 8192 },
    ]);
    expect(findServedModel(parseModelList(body), 'D')).toBeNull(); // ids are exact: the API routes them so
  });
});
