import { idleStatus, isActiveState, type Diagnosis, type EngineStatus, type LogLine } from '../../shared/engine';
import { ServiceError } from '../../shared/errors';
import type { EndpointProfile } from '../../shared/profiles';
import { findServedModel, parseModelList, type ListedModel } from '../inference/model-list';
import { endpointServerFacts } from './server-facts';
import type { Engine, EngineConnection } from './engine';
import { EngineStatusHolder } from './engine-state';
import type { ServerLog } from './server-log';

export interface EndpointEngineDeps {
  profileId: string;
  getProfile(): EndpointProfile | null;
  log: ServerLog;
  emitStatus(status: EngineStatus): void;
  emitLogs(lines: LogLine[]): void;
  /** How often a ready endpoint is checked again (it is someone else's server: it may go away). */
  watchIntervalMs?: number;
  requestTimeoutMs?: number;
}

type ProbeResult = { ok: true; maxModelLen: number | null } | { ok: false; diagnosis: Diagnosis };

/**
 * An OpenAI-compatible server someone else runs (vLLM on another box, Ollama, llama.cpp, SGLang). Nothing to
 * spawn: it is ready when /v1/models answers and lists the served name, and crashed when it stops doing so.
 */
export class EndpointEngine implements Engine {
  private readonly holder: EngineStatusHolder;
  private watchTimer: NodeJS.Timeout | null = null;
  private abort: AbortController | null = null;

  constructor(private readonly deps: EndpointEngineDeps) {
    this.holder = new EngineStatusHolder(idleStatus(deps.profileId), deps.emitStatus);
  }

  get status(): EngineStatus {
    return this.holder.status;
  }

  get log(): ServerLog {
    return this.deps.log;
  }

  connection(): EngineConnection | null {
    const profile = this.deps.getProfile();
    if (this.holder.state !== 'ready' || !profile) return null;
    return { baseUrl: trimSlash(profile.baseUrl), apiKey: profile.apiKey, servedName: profile.servedName, facts: { ...endpointServerFacts(profile), vllmVersion: this.status.vllmVersion } };
  }

  async launch(): Promise<EngineStatus> {
    const state = this.holder.state;
    if (isActiveState(state)) throw new ServiceError('conflict', `This endpoint is already ${state}.`);
    const profile = this.deps.getProfile();
    if (!profile) throw new ServiceError('not-found', `No endpoint profile with id ${this.deps.profileId}.`);
    const abort = (this.abort = new AbortController());
    const baseUrl = trimSlash(profile.baseUrl);
    this.holder.transition('starting', {
      startedAt: Date.now(), readyAt: null, stage: 'waiting-health', progress: null, stageDetail: `Connecting to ${baseUrl}`,
      diagnosis: null, baseUrl, port: null, pid: null, lastExit: null, vllmVersion: null, maxModelLen: null,
    });
    this.note(`Connecting to ${baseUrl}/models`);
    void this.probe(profile, abort.signal).then((result) => {
      if (abort.signal.aborted || this.holder.state !== 'starting') return;
      if (!result.ok) return this.fail(result.diagnosis);
      this.note(`${baseUrl} lists ${profile.servedName}: ready.`);
      this.holder.transition('ready', { readyAt: Date.now(), stage: 'ready', progress: 1, stageDetail: 'Connected', maxModelLen: result.maxModelLen });
      this.watch(profile, abort.signal);
    });
    return this.status;
  }

  async stop(): Promise<EngineStatus> {
    this.abort?.abort();
    if (this.watchTimer) clearTimeout(this.watchTimer);
    const state = this.holder.state;
    if (state === 'starting' || state === 'ready') {
      this.holder.transition('stopping');
      this.holder.transition('stopped', { stage: null, progress: null, stageDetail: null });
    } else if (state === 'crashed' || state === 'failed') {
      this.holder.transition('stopped');
    }
    return this.status;
  }

  async dispose(): Promise<void> {
    await this.stop();
  }

  private watch(profile: EndpointProfile, signal: AbortSignal): void {
    this.watchTimer = setTimeout(async () => {
      const result = await this.probe(profile, signal);
      if (signal.aborted || this.holder.state !== 'ready') return;
      if (result.ok) this.watch(profile, signal);
      else this.fail(result.diagnosis);
    }, this.deps.watchIntervalMs ?? 15_000);
  }

  private fail(diagnosis: Diagnosis): void {
    this.note(diagnosis.summary);
    this.holder.transition('crashed', { diagnosis, lastExit: null, stage: null, progress: null, stageDetail: null });
  }

  private async probe(profile: EndpointProfile, signal: AbortSignal): Promise<ProbeResult> {
    const url = `${trimSlash(profile.baseUrl)}/models`;
    const headers: Record<string, string> = profile.apiKey ? { Authorization: `Bearer ${profile.apiKey}` } : {};
    let response: Response;
    try {
      response = await fetch(url, { headers, signal: AbortSignal.any([signal, AbortSignal.timeout(this.deps.requestTimeoutMs ?? 10_000)]) });
    } catch (error) {
      const cause = ((error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name) || 'error';
      return fault('endpoint-unreachable', `${url} did not answer (${cause}).`, 'Check that the server is running and the URL (host, port, /v1) is right; from another machine, check the firewall or use an SSH tunnel.', { });
    }
    if (response.status === 401 || response.status === 403) {
      await response.body?.cancel();
      return fault('endpoint-unauthorized', `${url} refused the request (HTTP ${response.status}).`, 'Set the API key the server was started with (vLLM: --api-key) in this profile.', { status: response.status });
    }
    if (!response.ok) {
      await response.body?.cancel();
      return fault('endpoint-unreachable', `${url} answered HTTP ${response.status}.`, 'Check that the URL points at an OpenAI-compatible API (it usually ends in /v1).', { status: response.status });
    }
    let models: ListedModel[];
    try {
      models = parseModelList(await response.json());
    } catch {
      return fault('endpoint-unreachable', `${url} did not return a JSON model list.`, 'Check that the URL points at an OpenAI-compatible API (it usually ends in /v1).', {});
    }
    const entry = findServedModel(models, profile.servedName);
    if (!entry) {
      const listed = models.map((model) => model.id).join(', ') || 'none';
      return fault('endpoint-model-missing', `${url} does not serve "${profile.servedName}" (it lists: ${listed}).`, 'Set the profile\'s model name to one the server lists.', {});
    }
    return { ok: true, maxModelLen: entry.maxModelLen };
  }

  private note(text: string): void {
    this.deps.emitLogs([this.deps.log.append('app', text)]);
  }
}

function fault(reason: Diagnosis['reason'], summary: string, advice: string, figures: Record<string, number>): ProbeResult {
  return { ok: false, diagnosis: { reason, summary, advice, evidence: null, figures } };
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
