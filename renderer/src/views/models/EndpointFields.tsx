import { FormField } from './FormField';
import type { EndpointValues, FieldErrors } from './profile-form-values';

/** The fields of a server someone else runs (vLLM elsewhere, Ollama, llama.cpp server, SGLang). */
export function EndpointFields({ values, errors, onChange }: { values: EndpointValues; errors: FieldErrors; onChange(patch: Partial<EndpointValues>): void }) {
  return (
    <>
      <FormField label="Base URL" error={errors.baseUrl} hint="The OpenAI-compatible API root, ending in /v1.">
        <input value={values.baseUrl} onChange={(e) => onChange({ baseUrl: e.target.value })} spellCheck={false} inputMode="url" />
      </FormField>
      <FormField label="API key (optional)" error={errors.apiKey} hint="Sent as a Bearer token. Empty = none.">
        <input type="password" value={values.apiKey} autoComplete="off" onChange={(e) => onChange({ apiKey: e.target.value })} />
      </FormField>
      <FormField label="Model name" error={errors.servedName} hint="As the endpoint's /v1/models lists it.">
        <input value={values.servedName} onChange={(e) => onChange({ servedName: e.target.value })} spellCheck={false} />
      </FormField>
    </>
  );
}
