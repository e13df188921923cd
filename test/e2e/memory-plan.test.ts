import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { chromiumForFile, openAppPage } from './support/app-page';
import { startHost, type RunningHost } from './support/host-process';
import { emulatorEnv } from '../support/emulator';
import { makeTempDir } from '../support/temp-dir';

// The GPUs as the nvidia-smi double reports them. The emulated vLLM servers take their GPU from the same variable
// and share its memory through EMU_GPU_LEDGER, so a plan that does not fit fails there as it would on the card.
const RTX_4090_D = '[{"name":"NVIDIA GeForce RTX 4090 D","totalMiB":24564,"usedMiB":400}]';
const A100_80GB = '[{"name":"NVIDIA A100-SXM4-80GB","totalMiB":81920,"usedMiB":0}]';
// Only the start-up time: the GPU size must come from NVIDIA_SMI_EMU_GPUS, never from VLLM_EMU_GPU_TOTAL_GIB.
const EMULATOR_KNOBS = 'VLLM_EMU_STARTUP_MS=2000';
const SMALL = 'Qwen3-4B-Instruct-2507';
const LARGE = 'Qwen2-7B-Instruct';
const READY_WITHIN = { timeout: 60_000 };

describe('the GPU memory plan in Chromium, against the emulated GPU and vLLM', () => {
  const browser = chromiumForFile();
  let dir: Awaited<ReturnType<typeof makeTempDir>> | undefined;
  let host: RunningHost | undefined;
  let page: Page | undefined;
  let consoleErrors: string[];

  afterEach(async () => {
    await page?.close();
    await host?.stop(); // the host stops every server it launched before exiting
    await dir?.remove();
    page = host = dir = undefined;
  });

  /** A host with these GPUs, an empty Hugging Face cache (sizes come from the facts Pairwise ships) and a fresh GPU ledger. */
  async function openModels(gpus: string): Promise<Page> {
    dir = await makeTempDir();
    const hfHome = join(dir.path, 'hf-home');
    const ledger = join(dir.path, 'gpu-ledger');
    await Promise.all([mkdir(hfHome), mkdir(ledger)]);
    host = await startHost(dir.path, emulatorEnv({ NVIDIA_SMI_EMU_GPUS: gpus, HF_HOME: hfHome, HF_HUB_CACHE: hfHome, EMU_GPU_LEDGER: ledger }));
    ({ page, consoleErrors } = await openAppPage(browser(), host.url));
    await page.getByRole('button', { name: 'Models', exact: true }).click();
    await page.getByRole('heading', { name: 'Models', level: 1 }).waitFor();
    return page;
  }

  const row = (name: string): Locator => page!.getByRole('row').filter({ has: page!.getByRole('rowheader', { name, exact: true }) });
  const memoryPlan = (): Locator => page!.getByRole('group', { name: 'GPU memory plan' });

  async function addPreset(name: string): Promise<void> {
    await page!.getByRole('button', { name: `New profile from preset ${name}` }).click();
    const dialog = page!.getByRole('dialog', { name: `New profile from ${name}` });
    await dialog.getByLabel('Environment').fill(EMULATOR_KNOBS);
    await dialog.getByRole('button', { name: 'Create profile' }).click();
    await dialog.waitFor({ state: 'detached' });
    await row(name).getByText('Stopped').waitFor();
  }

  /** Servers on one GPU load one after another by design, so the second may wait for the first. */
  async function launchBothAndWaitUntilReady(): Promise<void> {
    await page!.getByRole('button', { name: `Launch ${SMALL}`, exact: true }).click();
    await page!.getByRole('button', { name: `Launch ${LARGE}`, exact: true }).click();
    await row(SMALL).getByText('Ready').waitFor(READY_WITHIN);
    await row(LARGE).getByText('Ready').waitFor(READY_WITHIN);
  }

  it('shows why two presets do not fit a 24 GB RTX 4090 D, applies the proposal, and both then start', { timeout: 120_000 }, async () => {
    await openModels(RTX_4090_D);
    await addPreset(SMALL);
    await addPreset(LARGE);

    const plan = memoryPlan();
    await plan.getByText(`${SMALL} + ${LARGE} ✕ do not fit together`).waitFor();
    expect(await plan.getAttribute('open')).not.toBeNull(); // a problem opens the panel by itself
    expect(await plan.getByRole('status').getAttribute('class')).toContain('plan-overflow');

    // The numbers behind the verdict: the weights as the shipped facts give them, and the sentences with GiB.
    const perServer = plan.getByRole('table', { name: 'Memory per server' });
    expect(await serverRow(perServer, SMALL).getByRole('cell').first().textContent()).toBe('7.5 GiB');
    expect(await serverRow(perServer, LARGE).getByRole('cell').first().textContent()).toBe('14.2 GiB');
    expect(await plan.getByRole('table', { name: 'Memory per GPU' }).getByText('✕ does not fit').isVisible()).toBe(true);
    await plan.getByRole('listitem').filter({ hasText: /needs about \d+\.\d GiB/ }).first().waitFor();

    // The proposal: what changes, in words, then one button for every changed profile.
    const proposal = plan.getByRole('region', { name: 'Proposed configuration' });
    await proposal.getByRole('heading', { name: 'What you give up' }).waitFor();
    const changes = (await proposal.getByRole('list', { name: 'Changes' }).getByRole('listitem').allTextContents()).map(parseChange);
    expect(changes.map((c) => c.name).sort()).toEqual([LARGE, SMALL]); // both presets ask too little of the GPU
    for (const line of await proposal.getByRole('list', { name: 'What you get' }).getByRole('listitem').allTextContents()) {
      expect(line).toMatch(/: KV cache [\d,]+ tokens: \d+\.\d sequences of 8,192 tokens$/);
    }
    // And what a bigger card would change.
    const bigger = plan.getByRole('region', { name: 'On a bigger GPU' });
    expect(await bigger.getByRole('listitem').allTextContents()).toEqual(['On a 48 GB GPU they fit as configured.', 'On an 80 GB GPU they fit as configured.']);
    const apply = proposal.getByRole('button', { name: 'Apply the proposed configuration', exact: true });
    expect(await apply.textContent()).toBe('Apply to both profiles');
    await apply.click();

    // The plan re-checks by itself with the saved settings, and every changed profile shows them.
    await plan.getByText(`${SMALL} + ${LARGE} ✓ fit together`).waitFor();
    for (const change of changes) {
      if (change.utilization !== null) await row(change.name).getByText(`GPU 0 · ${shortUtilization(change.utilization)}`).waitFor();
      if (change.source) expect(await row(change.name).getByText(change.source, { exact: true }).isVisible()).toBe(true);
    }
    const edited = changes.find((c) => c.source !== null) ?? changes[0]!; // the one with the most to check
    await page!.getByRole('button', { name: `Edit ${edited.name}`, exact: true }).click();
    const form = page!.getByRole('dialog', { name: `Edit ${edited.name}` });
    if (edited.utilization !== null) expect(Number(await form.getByLabel('GPU memory utilization').inputValue())).toBe(edited.utilization);
    if (edited.source) expect(await form.getByLabel('Model source').inputValue()).toBe(edited.source);
    await form.getByRole('button', { name: 'Cancel' }).click();
    await form.waitFor({ state: 'detached' });

    await launchBothAndWaitUntilReady();
    // Running, the plan counts their memory as theirs, not as another process's.
    await plan.getByText(`${SMALL} + ${LARGE} ✓ fit together`).waitFor();
    expect(consoleErrors).toEqual([]);
  });

  it('fits the two presets on an 80 GB A100 at once, with nothing to propose, and both start', { timeout: 120_000 }, async () => {
    await openModels(A100_80GB);
    await addPreset(SMALL);
    await addPreset(LARGE);

    const plan = memoryPlan();
    await plan.getByText(`${SMALL} + ${LARGE} ✓ fit together`).waitFor();
    expect(await plan.getAttribute('open')).toBeNull(); // a fit stays folded to its one line
    expect(await plan.getByRole('status', { includeHidden: true }).getAttribute('class')).toContain('plan-fits');
    expect(await plan.getByRole('region', { name: 'Proposed configuration', includeHidden: true }).count()).toBe(0);

    await launchBothAndWaitUntilReady();
    expect(consoleErrors).toEqual([]);
  });

  it("says it can't tell for a model whose size is known nowhere, as a warning, and how to find out", { timeout: 60_000 }, async () => {
    // On the A100 the preset fits its own budget with room to spare: the only unknown is the mystery model.
    await openModels(A100_80GB);
    await addPreset(SMALL);
    await page!.getByRole('button', { name: 'New vLLM profile' }).click();
    const form = page!.getByRole('dialog', { name: 'New vLLM profile' });
    await form.getByLabel('Name', { exact: true }).fill('Mystery');
    await form.getByLabel('Model source').fill('someorg/mystery-model');
    await form.getByLabel('Environment').fill(EMULATOR_KNOBS);
    await form.getByRole('button', { name: 'Create profile' }).click();
    await form.waitFor({ state: 'detached' });

    const plan = memoryPlan();
    await plan.getByText(`${SMALL} + Mystery ⚠ can't tell`).waitFor();
    expect(await plan.getAttribute('open')).not.toBeNull();
    const verdict = plan.getByRole('status');
    expect(await verdict.getAttribute('class')).toContain('plan-unknown');
    expect(await verdict.textContent()).toMatch(/^⚠ .*Mystery/);
    // Never a check mark anywhere in a plan that cannot tell: not the verdict, not the GPU's row.
    expect(await plan.textContent()).not.toContain('✓');
    expect(await plan.getByRole('table', { name: 'Memory per GPU' }).getByText("⚠ can't tell").isVisible()).toBe(true);
    expect(await serverRow(plan.getByRole('table', { name: 'Memory per server' }), 'Mystery').getByRole('cell').first().textContent()).toBe('unknown');

    const unknowns = plan.getByRole('group', { name: 'What is not known' });
    expect(await unknowns.textContent()).toMatch(/Mystery/);
    expect(await unknowns.textContent()).toMatch(/[Dd]ownload it first/);
    expect(await unknowns.textContent()).toMatch(/local folder/);
    expect(await plan.getByText(/Launching stays possible/).isVisible()).toBe(true);
    expect(consoleErrors).toEqual([]);
  });
});

function serverRow(table: Locator, name: string): Locator {
  // The inner locator of `has` is relative to the row, so it starts from the page, not from the table.
  return table.getByRole('row').filter({ has: table.page().getByRole('rowheader', { name, exact: true }) });
}

interface ShownChange {
  name: string;
  utilization: number | null;
  source: string | null;
}

/** "Qwen2-7B-Instruct: model Qwen/Qwen2-7B-Instruct-AWQ, gpu-memory-utilization 0.35", as the proposal lists it. */
function parseChange(text: string): ShownChange {
  const match = /^(.+?): (.*)$/.exec(text);
  if (!match) throw new Error(`not a change: ${text}`);
  const utilization = /gpu-memory-utilization (\d\.\d\d)/.exec(match[2]!);
  const source = /(?:^|, )model (\S+?)(?:,|$)/.exec(match[2]!);
  return { name: match[1]!, utilization: utilization ? Number(utilization[1]) : null, source: source ? source[1]! : null };
}

/** As the profile row prints it: 0.35, 0.4, 0.9. */
function shortUtilization(u: number): string {
  return u.toFixed(2).replace(/0$/, '');
}
