import { anyLine, findBest, findFirst, type DiagnosisContext, type FailureRule, type LinePattern, type RuleMatch } from './context';

// The model itself: gated, missing (or offline with nothing cached), or of an architecture vLLM cannot run.

const HF_REPO_URL = /huggingface\.co\/(?:api\/models\/)?([\w.-]{1,100}\/[\w.-]{1,100})/;

/** Lines that name the repo, best first: vLLM's and transformers' own wording, the hub's, then any hub URL. */
const REPO_NAMES: readonly LinePattern[] = [
  { variant: 'vllm', hint: 'Invalid repository ID or local directory', pattern: /Invalid repository ID or local directory specified: '([^']{1,500})'/ },
  { variant: 'transformers', hint: 'is not a local folder', pattern: /(\S{1,300}) is not a local folder and is not a valid model identifier/ },
  { variant: 'hub', hint: 'Access to model', pattern: /Access to model (\S{1,200}?) is restricted/ },
  { variant: 'url', hint: 'huggingface.co/', pattern: HF_REPO_URL },
];

/** The repo id the failing lines name, else the profile's source. */
function repoIdOf(match: RuleMatch, ctx: DiagnosisContext): string {
  const near = findFirst([match.evidence ?? ''], REPO_NAMES) ?? findFirst(ctx.messages, REPO_NAMES);
  return near?.captures[1] ?? (ctx.requested.source || 'the model');
}

const GATED: readonly LinePattern[] = [
  { variant: 'url', hint: 'Cannot access gated repo', pattern: /Cannot access gated repo for url (\S{1,500}?)\.?$/ },
  { variant: 'access', hint: 'Access to model', pattern: /Access to model (\S{1,200}?) is restricted/ },
  { variant: 'error', hint: 'GatedRepoError', pattern: /GatedRepoError/ },
  { variant: 'error', hint: 'gated repo', pattern: /You are trying to access a gated repo/ },
];

export const gatedModel: FailureRule = {
  reason: 'gated-model',
  // huggingface_hub prints the error class first and the sentence naming the repo after it.
  match: (ctx) => findBest(ctx.messages, GATED),
  explain: (match, ctx) => {
    const repo = repoIdOf(match, ctx);
    const page = `https://huggingface.co/${repo}`;
    // 403 "not in the authorized list": logged in, but the access request is not approved (yet).
    const pending = anyLine(ctx.messages, 'not in the authorized list');
    return {
      summary: pending
        ? `The model ${repo} is gated, and the Hugging Face account in use has not been granted access to it yet.`
        : `The model ${repo} is gated: Hugging Face refused the download because this computer is not logged in with an account that accepted its licence.`,
      advice: pending
        ? `Request access on ${page} and wait for the approval, then start again.`
        : `Accept the licence on ${page}, then log in with \`huggingface-cli login\` or set HF_TOKEN in the profile's environment, and start again.`,
      figures: {},
    };
  },
};

const NOT_FOUND: readonly LinePattern[] = [
  { variant: 'invalid', hint: 'Invalid repository ID or local directory', pattern: /Invalid repository ID or local directory specified: '([^']{1,500})'/ },
  { variant: 'invalid', hint: 'is not a local folder and is not a valid model identifier', pattern: /(\S{1,300}) is not a local folder and is not a valid model identifier/ },
  { variant: 'invalid', hint: 'No supported config format found in', pattern: /No supported config format found in (\S{1,500})/ },
  { variant: 'hub', hint: 'Repository Not Found', pattern: /Repository Not Found for url/ },
  { variant: 'hub', hint: 'RepositoryNotFoundError', pattern: /RepositoryNotFoundError/ },
  { variant: 'cache', hint: 'LocalEntryNotFoundError', pattern: /^(?:[\w.]+\.)?LocalEntryNotFoundError/ },
  { variant: 'cache', hint: 'Cannot find an appropriate cached snapshot folder', pattern: /Cannot find an appropriate cached snapshot folder/ },
  { variant: 'cache', hint: "couldn't connect to 'https://huggingface.co'", pattern: /We couldn't connect to 'https:\/\/huggingface\.co'/ },
];

const OFFLINE = /HF_HUB_OFFLINE|outgoing traffic has been disabled|OfflineModeIsEnabled|offline mode is enabled/i;
const NETWORK = /Max retries exceeded|Failed to resolve|Temporary failure in name resolution|Network is unreachable|ConnectTimeout|ConnectionError|couldn't connect to/i;

export const modelNotFound: FailureRule = {
  reason: 'model-not-found',
  match: (ctx) => findFirst(ctx.messages, NOT_FOUND),
  explain: (match, ctx) => {
    const repo = repoIdOf(match, ctx);
    const download = `\`huggingface-cli download ${repo}\``;
    if (ctx.messages.some((message) => OFFLINE.test(message))) {
      return {
        summary: `The model ${repo} is not in the local Hugging Face cache, and downloads are switched off (HF_HUB_OFFLINE).`,
        advice: `Unset HF_HUB_OFFLINE in the profile so vLLM can download it, or download it once while online with ${download}.`,
        figures: {},
      };
    }
    if (ctx.messages.some((message) => NETWORK.test(message))) {
      return {
        summary: `vLLM could not reach huggingface.co to fetch ${repo}, and it is not in the local cache.`,
        advice: `Check the network connection (and proxy settings such as HTTPS_PROXY), or download the model beforehand with ${download}, then start again.`,
        figures: {},
      };
    }
    if (/^[/.~]/.test(repo)) {
      return {
        summary: `The folder ${repo} is not one vLLM can load: it needs a config.json (or a Mistral params.json) inside.`,
        advice: 'Point the profile at the folder that holds config.json and the weights (in a Hugging Face cache, the snapshots/<commit> folder).',
        figures: {},
      };
    }
    return {
      summary: `The model ${repo} was not found on Hugging Face or in the local cache.`,
      advice: `Check the spelling of the model id on https://huggingface.co/models (ids look like Org/Name), or point the profile at a local folder with config.json; for a private repository, log in with \`huggingface-cli login\` or set HF_TOKEN.`,
      figures: {},
    };
  },
};

const ARCHITECTURE: readonly LinePattern[] = [
  { variant: 'unsupported', hint: 'are not supported for now', pattern: /Model architectures \[([^\]]{0,500})\] are not supported for now/ },
  { variant: 'inspect', hint: 'failed to be inspected', pattern: /Model architectures \[([^\]]{0,500})\] failed to be inspected/ },
  { variant: 'transformers', hint: 'does not recognize this architecture', pattern: /model type `([^`]{1,100})` but Transformers does not recognize this architecture/ },
  { variant: 'remote-code', hint: '`trust_remote_code=True`', pattern: /(?:pass the argument|set the option) `trust_remote_code=True`/ },
];

export const unsupportedArchitecture: FailureRule = {
  reason: 'unsupported-architecture',
  match: (ctx) => findFirst(ctx.messages, ARCHITECTURE),
  explain: (match, ctx) => {
    const name = (match.captures[1] ?? '').replace(/['"]/g, '').trim() || 'this architecture';
    switch (match.variant) {
      case 'inspect':
        return {
          summary: `vLLM could not load its code for ${name}, which usually means a missing dependency or a broken install.`,
          advice: 'Read the error just above this line for the missing package, then reinstall or upgrade vLLM in its environment.',
          figures: {},
        };
      case 'transformers':
        return {
          summary: `The installed Transformers library does not know the model type ${name}.`,
          advice: 'Upgrade vLLM and Transformers (`pip install -U vllm transformers`), or add --trust-remote-code if the model ships its own code.',
          figures: {},
        };
      case 'remote-code':
        return {
          summary: `The model${ctx.requested.source ? ` ${ctx.requested.source}` : ''} ships its own Python code, which vLLM runs only when allowed to.`,
          advice: 'If you trust the repository, add --trust-remote-code to the profile\'s arguments and start again.',
          figures: {},
        };
      default:
        return {
          summary: `This vLLM does not support the model's architecture ${name}.`,
          advice: `Upgrade vLLM (\`pip install -U vllm\`) to a release that supports ${name}, or add --trust-remote-code if the model ships its own code.`,
          figures: {},
        };
    }
  },
};
