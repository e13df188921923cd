import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { STARTUP_STAGES, type StartupStage } from '../../electron/shared/engine';
import { LineSplitter } from '../../electron/services/engines/logs/line-splitter';
import { StartupTracker, type StartupProgress } from '../../electron/services/engines/logs/startup-progress';

/** Replays a transcript the way the supervisor reads it: bytes -> lines (redraws included) -> tracker. */
function replay(name: string, tracker = new StartupTracker()): { states: StartupProgress[]; tracker: StartupTracker } {
  const states: StartupProgress[] = [];
  const splitter = new LineSplitter((text) => {
    if (tracker.feedLine(text)) states.push(tracker.state);
  });
  splitter.push(readFileSync(new URL(`../fixtures/vllm-logs/${name}`, import.meta.url)));
  splitter.flush();
  return { states, tracker };
}

function stagesOf(states: StartupProgress[]): StartupStage[] {
  return states.map((state) => state.stage).filter((stage, index, all) => index === 0 || all[index - 1] !== stage);
}

function expectForwardOnly(states: StartupProgress[]): void {
  for (let i = 1; i < states.length; i++) {
    const [before, after] = [states[i - 1]!, states[i]!];
    expect(STARTUP_STAGES.indexOf(after.stage)).toBeGreaterThanOrEqual(STARTUP_STAGES.indexOf(before.stage));
    expect(after.progress).toBeGreaterThanOrEqual(before.progress);
    expect(after.progress).toBeLessThanOrEqual(1);
  }
}

describe('StartupTracker on real transcripts', () => {
  it('follows a v0.11-style startup through every stage, in order, and reads its facts', () => {
    const { states, tracker } = replay('startup-v0.11.txt');
    expect(stagesOf(states)).toEqual(['initializing', 'loading-weights', 'compiling', 'kv-cache', 'cuda-graphs', 'starting-server', 'waiting-health']);
    expectForwardOnly(states);
    const details = states.map((state) => state.detail);
    expect(details).toContain('Loading weights: shard 2/4');
    expect(details).toContain('Capturing CUDA graphs 34/67');
    expect(details).toContain('Compiling the model (torch.compile)');
    expect(details).toContain('Server listening on http://127.0.0.1:8123');
    expect(tracker.state).toMatchObject({ stage: 'waiting-health', detail: 'Waiting for the health check' });
    expect(tracker.state.facts).toEqual({
      vllmVersion: '0.11.0',
      architecture: 'Qwen2ForCausalLM',
      maxModelLen: 32768,
      weightsGiB: 14.2488,
      kvCacheTokens: 89712,
      maxConcurrency: 2.74,
      listeningUrl: 'http://127.0.0.1:8123',
    });
    expect(tracker.state.progress).toBeGreaterThan(0.95);
    tracker.advanceTo('ready');
    expect(tracker.state).toMatchObject({ stage: 'ready', progress: 1, detail: 'Ready' });
  });

  it('follows the v0.30 CPU startup (download, no compile, no CUDA graphs, KV size and concurrency on one line)', () => {
    const { states, tracker } = replay('startup-v0.30.txt');
    expect(stagesOf(states)).toEqual(['initializing', 'downloading', 'loading-weights', 'kv-cache', 'starting-server', 'waiting-health']);
    expectForwardOnly(states);
    expect(states.map((state) => state.detail)).toContain('Downloaded weights in 410 s');
    expect(states.map((state) => state.detail)).toContain('Server listening on http://0.0.0.0:8000');
    expect(tracker.state.facts).toEqual({
      vllmVersion: '0.30.0',
      architecture: 'Qwen2ForCausalLM',
      maxModelLen: 2048,
      weightsGiB: 0.93,
      kvCacheTokens: 21760,
      maxConcurrency: 10.62,
      listeningUrl: 'http://0.0.0.0:8000',
    });
    // The download dominated: once it is over, most of the bar is filled.
    const afterDownload = states.find((state) => state.stage === 'downloading');
    expect(afterDownload?.progress).toBeGreaterThan(0.6);
  });
});

describe('StartupTracker, line by line', () => {
  function feedAll(lines: string[], tracker = new StartupTracker()): StartupTracker {
    for (const line of lines) tracker.feedLine(line);
    return tracker;
  }

  it('starts at spawning, or where the caller says, with a human detail', () => {
    expect(new StartupTracker().state).toMatchObject({ stage: 'spawning', detail: 'Starting vLLM', facts: {} });
    const waiting = new StartupTracker({ initialStage: 'waiting-for-gpu', initialDetail: 'Waiting for qwen-7b to finish starting' });
    expect(waiting.state).toMatchObject({ stage: 'waiting-for-gpu', progress: 0, detail: 'Waiting for qwen-7b to finish starting' });
  });

  it('reads both wordings of the weights, the server URL and the durations', () => {
    expect(feedAll(['Model loading took 7.6785 GiB and 2.195456 seconds']).state.facts.weightsGiB).toBe(7.6785);
    expect(feedAll(['Model loading took 7.68 GiB memory and 2.195456 seconds']).state.facts.weightsGiB).toBe(7.68);
    expect(feedAll(['Starting vLLM server on http://127.0.0.1:8001']).state.facts.listeningUrl).toBe('http://127.0.0.1:8001');
    expect(feedAll(['Starting vLLM API server 0 on http://127.0.0.1:8002']).state.facts.listeningUrl).toBe('http://127.0.0.1:8002');
    expect(feedAll(['INFO 03-27 23:19:15 api_server.py:958] Starting vLLM API server on http://0.0.0.0:8003']).state.facts.listeningUrl).toBe(
      'http://0.0.0.0:8003',
    );
    expect(feedAll(['init engine (profile, create kv cache, warmup model) took 0.96 s']).state.stage).toBe('starting-server');
    expect(feedAll(['init engine (profile, create kv cache, warmup model) took 25.99 seconds']).state.stage).toBe('starting-server');
    expect(feedAll(['torch.compile and initial profiling run took 29.93 s in total']).state).toMatchObject({ stage: 'compiling', detail: 'Compiled in 29.93 s' });
    expect(feedAll(['torch.compile takes 12.3 s in total']).state.detail).toBe('Compiled in 12.3 s');
  });

  it('reads KV size and concurrency on separate lines or one', () => {
    const separate = feedAll(['GPU KV cache size: 425,424 tokens', 'Maximum concurrency for 32,768 tokens per request: 12.98x']);
    expect(separate.state.facts).toEqual({ kvCacheTokens: 425424, maxConcurrency: 12.98 });
    const joined = feedAll(['CPU KV cache size: 21,760 tokens, Maximum concurrency for 2,048 tokens per request: 10.62x']);
    expect(joined.state.facts).toEqual({ kvCacheTokens: 21760, maxConcurrency: 10.62 });
  });

  it('reports shard and CUDA-graph progress within their stages', () => {
    const tracker = feedAll(['Loading safetensors checkpoint shards:  50% Completed | 2/4 [00:01<00:01,  1.89s/it]']);
    expect(tracker.state).toMatchObject({ stage: 'loading-weights', detail: 'Loading weights: shard 2/4' });
    const halfLoaded = tracker.state.progress;
    tracker.feed('Loading safetensors checkpoint shards: 100% Completed | 4/4 [00:02<00:00,  1.89s/it]');
    expect(tracker.state.progress).toBeGreaterThan(halfLoaded);
    tracker.feed('Capturing CUDA graphs (mixed prefill-decode, PIECEWISE):  45%|████▍     | 30/67 [00:02<00:02, 13.1it/s]');
    expect(tracker.state).toMatchObject({ stage: 'cuda-graphs', detail: 'Capturing CUDA graphs 30/67' });
    const firstPass = tracker.state.progress;
    // The second capture pass restarts at 0%: the bar must not move back.
    tracker.feed('Capturing CUDA graphs (decode, FULL):   0%|          | 0/35 [00:00<?, ?it/s]');
    expect(tracker.state.progress).toBeGreaterThanOrEqual(firstPass);
    tracker.feed('Capturing CUDA graphs (decode, FULL): 100%|██████████| 35/35 [00:01<00:00, 25.0it/s]');
    expect(tracker.state.progress).toBeGreaterThan(firstPass);
  });

  it('never moves back to an earlier stage', () => {
    const tracker = feedAll(['Graph capturing finished in 7 secs, took 0.95 GiB']);
    expect(tracker.feed('Loading safetensors checkpoint shards:  50% Completed | 2/4 [00:01<00:01,  1.89s/it]')).toBe(false);
    expect(tracker.state).toMatchObject({ stage: 'cuda-graphs', detail: 'CUDA graphs captured in 7 s' });
    // Facts still count when they arrive late.
    expect(tracker.feed('Using max model len 4096')).toBe(true);
    expect(tracker.state.facts.maxModelLen).toBe(4096);
  });

  it('shows hub download bars as the downloading stage and rescales the bar for it', () => {
    const cached = feedAll(['Starting to load model Qwen/Qwen3-8B...']).state.progress;
    const tracker = feedAll([
      'Starting to load model Qwen/Qwen3-8B...',
      'Fetching 5 files:  40%|████      | 2/5 [01:10<01:45, 35.1s/it]',
    ]);
    expect(tracker.state).toMatchObject({ stage: 'downloading', detail: 'Downloading weights: 2/5 files' });
    tracker.feed('model-00002-of-00004.safetensors:  50%|█████     | 1.98G/3.96G [00:10<00:10, 198MB/s]');
    expect(tracker.state.detail).toBe('Downloading weights: file 2/4, 50%');
    const downloading = tracker.state.progress;
    expect(downloading).toBeGreaterThan(cached);
    tracker.feed('Time spent downloading weights for Qwen/Qwen3-8B: 245.312211 seconds');
    tracker.feed('Loading safetensors checkpoint shards:   0% Completed | 0/4 [00:00<?, ?it/s]');
    expect(tracker.state.stage).toBe('loading-weights');
    // After a download the remaining stages share what is left.
    expect(tracker.state.progress).toBeGreaterThan(0.6);
  });

  it('plans for a download from the start when the caller knows the weights are not cached', () => {
    const tracker = new StartupTracker({ expectDownload: true });
    tracker.feed('Starting to load model Qwen/Qwen3-8B...');
    expect(tracker.state).toMatchObject({ stage: 'downloading', detail: 'Downloading weights' });
  });

  it('does not take a quick cache check for a download', () => {
    const tracker = feedAll(['Time spent downloading weights for unsloth/qwen2.5-0.5b: 0.581658 seconds']);
    expect(tracker.state.stage).toBe('initializing');
    tracker.feed('Loading safetensors checkpoint shards: 100% Completed | 1/1 [00:00<00:00,  3.1it/s]');
    expect(tracker.state.progress).toBeLessThan(0.55);
  });

  it('reads the version from the old banner, the new banner and the engine config line', () => {
    expect(feedAll(['vLLM API server version 0.11.0']).state.facts.vllmVersion).toBe('0.11.0');
    expect(feedAll(['(APIServer pid=1) INFO 03-09 12:54:16 [utils.py:302]  ▄▄ ▄█ █     █     █ ▀▄▀ █  version 0.16.1rc1.dev265+gd106bf39f']).state.facts.vllmVersion).toBe(
      '0.16.1rc1.dev265+gd106bf39f',
    );
    expect(feedAll(["Initializing a V1 LLM engine (v0.10.1) with config: model='x'"]).state.facts.vllmVersion).toBe('0.10.1');
  });

  it('remembers the last line that told something, for a timeout report', () => {
    const tracker = feedAll(['Resolved architecture: Qwen2ForCausalLM', 'some unrelated warning']);
    expect(tracker.lastStageLine).toBe('Resolved architecture: Qwen2ForCausalLM');
  });
});
