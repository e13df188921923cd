import { afterEach, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { chromiumForFile, openAppPage } from './support/app-page';
import { startHost, type RunningHost } from './support/host-process';
import { emulatorEnv } from '../support/emulator';
import { makeTempDir } from '../support/temp-dir';

// One 48 GiB GPU as nvidia-smi would report it; the emulated vLLM does its memory arithmetic on the same size.
const GPUS = '[{"name":"NVIDIA RTX A6000","totalMiB":49140,"usedMiB":0}]';
const EMULATOR_KNOBS = 'VLLM_EMU_STARTUP_MS=3000\nVLLM_EMU_GPU_TOTAL_GIB=47.99';
const STAGE_LABEL = /Waiting for the GPU|Starting the process|Initializing|Downloading weights|Loading weights|Compiling|Sizing the KV cache|Capturing CUDA graphs|Starting the API server|Waiting for the health check/;
const PRESET = 'Qwen3-4B-Instruct-2507';

describe('the Models view in Chromium, against the emulated vLLM', () => {
  const browser = chromiumForFile();
  let dir: Awaited<ReturnType<typeof makeTempDir>>;
  let host: RunningHost | undefined;
  let page: Page;
  let consoleErrors: string[];

  afterEach(async () => {
    await page?.close();
    await host?.stop(); // the host stops every server it launched before exiting
    await dir?.remove();
  });

  async function openModels(): Promise<void> {
    ({ page, consoleErrors } = await openAppPage(browser(), host!.url));
    await page.getByRole('button', { name: 'Models', exact: true }).click();
    await page.getByRole('heading', { name: 'Models', level: 1 }).waitFor();
  }

  const row = (name: string): Locator => page.getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) });
  const card = (name: string): Locator => page.getByRole('region', { name: `${name} server`, exact: true });

  it('creates a profile from a preset, launches it, watches it load and log, and stops it; explains a failed one', { timeout: 90_000 }, async () => {
    dir = await makeTempDir();
    host = await startHost(dir.path, emulatorEnv({ NVIDIA_SMI_EMU_GPUS: GPUS }));
    await openModels();

    // From the preset, with the emulator's knobs in the profile's environment; Enter in a field saves.
    await page.getByRole('button', { name: `New profile from preset ${PRESET}` }).click();
    const dialog = page.getByRole('dialog', { name: `New profile from ${PRESET}` });
    await dialog.waitFor();
    expect(await dialog.getByLabel('Model source').inputValue()).toBe(`Qwen/${PRESET}`);
    await dialog.getByLabel('Environment').fill(EMULATOR_KNOBS);
    await dialog.getByLabel('Name', { exact: true }).press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await row(PRESET).getByText('Stopped').waitFor();

    // Launch: the card opens with a progress bar and a stage in words, and the log fills in.
    await page.getByRole('button', { name: `Launch ${PRESET}`, exact: true }).click();
    const server = card(PRESET);
    await server.getByRole('progressbar', { name: `Startup progress of ${PRESET}` }).waitFor();
    expect(await server.getByTestId('startup-stage').textContent()).toMatch(STAGE_LABEL);
    const log = server.getByRole('log', { name: `Log lines of ${PRESET}` });
    await log.getByText('Pairwise › $ ').first().waitFor(); // the launch command, as Pairwise's own line
    await log.getByText(/non-default args/).first().waitFor(); // vLLM's own output

    // Ready: the facts replace the progress bar.
    await row(PRESET).getByText('Ready').waitFor({ timeout: 30_000 });
    await server.getByText('Ready in').waitFor();
    expect(await server.getByText(/^http:\/\/127\.0\.0\.1:\d+\/v1$/).isVisible()).toBe(true);
    expect(await server.getByRole('progressbar').count()).toBe(0);
    expect(await server.getByText(/Log file: .*\.log/).isVisible()).toBe(true);

    await page.getByRole('button', { name: `Stop ${PRESET}`, exact: true }).click();
    await row(PRESET).getByText('Stopped').waitFor({ timeout: 30_000 });

    // A model that runs out of CUDA memory while loading: a refused value first (kept as typed), then the fix.
    await page.getByRole('button', { name: 'New vLLM profile' }).click();
    const form = page.getByRole('dialog', { name: 'New vLLM profile' });
    await form.getByLabel('Name', { exact: true }).fill('OOM probe');
    await form.getByLabel('Model source').fill('emu/fail-cuda-oom');
    await form.getByLabel('Environment').fill(EMULATOR_KNOBS.replace('3000', '1500'));
    await form.getByLabel('GPU memory utilization').fill('1.5');
    await form.getByRole('button', { name: 'Create profile' }).click();
    await form.getByText('at most 1').waitFor();
    expect(await form.getByLabel('GPU memory utilization').getAttribute('aria-invalid')).toBe('true');
    expect(await form.getByLabel('Model source').inputValue()).toBe('emu/fail-cuda-oom');
    await form.getByLabel('GPU memory utilization').fill('0.4');
    await form.getByRole('button', { name: 'Create profile' }).click();
    await form.waitFor({ state: 'detached' });

    // Both profiles sit on GPU 0: the memory plan appears by itself.
    const plan = page.getByRole('group', { name: 'GPU memory plan' });
    await plan.getByText(`${PRESET} + OOM probe ⚠ can't tell`).waitFor();

    await page.getByRole('button', { name: 'Launch OOM probe', exact: true }).click();
    const failed = card('OOM probe');
    const diagnosis = failed.getByRole('group', { name: 'Diagnosis' });
    await diagnosis.waitFor({ timeout: 30_000 });
    expect(await diagnosis.textContent()).toMatch(/What to do: .*(weights do not fit|gpu-memory-utilization)/);
    expect(await diagnosis.textContent()).toMatch(/Exit code 1/);
    expect(await row('OOM probe').getByText(/Crashed|Failed/).isVisible()).toBe(true);

    expect(consoleErrors).toEqual([]);
  });
});
