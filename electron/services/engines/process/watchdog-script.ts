// The watchdog's own program, run as `node -e WATCHDOG_SCRIPT -- --pairwise-watchdog <graceMs> <logFile>`.
//
// Why a string: the watchdog must run from wherever the services run (vitest from source, `node out/main/host.js`,
// Electron as Node with ELECTRON_RUN_AS_NODE) without a file of its own to locate in each layout, and it must
// depend on nothing that could be missing when the app is gone. It is plain CommonJS with Node builtins only.
//
// What it does: the app writes `watch <pgid>` / `unwatch <pgid>` lines to its stdin. When stdin ends, the app is
// gone (the kernel closes the pipe whatever killed it, SIGKILL included): it SIGTERMs every group still watched,
// SIGKILLs what is left after the grace period, and exits. A clean quit unwatches everything first, so EOF then
// stops nothing. It ignores SIGINT and SIGHUP (a closed terminal or Ctrl+C is for the app to handle; if the app
// dies of it, EOF follows) and treats SIGTERM as "the app is gone" too (a session logout stops everyone).
export const WATCHDOG_FLAG = '--pairwise-watchdog';

export const WATCHDOG_SCRIPT = String.raw`'use strict';
const fs = require('node:fs');
const args = process.argv.slice(process.argv.indexOf('${WATCHDOG_FLAG}') + 1);
const graceMs = Number(args[0]) > 0 ? Number(args[0]) : 2500;
const logFile = args[1] || null;
const groups = new Map(); // pgid -> the leader's start time when watched (to tell a reused pid apart), or null
let pending = '';
let reaping = false;

function log(text) {
  if (!logFile) return;
  try { fs.appendFileSync(logFile, new Date().toISOString() + ' [pid ' + process.pid + '] ' + text + '\n'); } catch {}
}
function startTimeOf(pid) {
  const fields = statFields(pid);
  return (fields && fields[19]) || null;
}
function statFields(pid) {
  try {
    const stat = fs.readFileSync('/proc/' + pid + '/stat', 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch { return null; }
}
// Orphans are reaped by init, which can take seconds: a group whose members are all zombies has ended.
function groupAlive(pgid) {
  try { process.kill(-pgid, 0); } catch (error) { return error.code === 'EPERM'; }
  let names;
  try { names = fs.readdirSync('/proc'); } catch { return true; }
  return names.some((name) => {
    if (!/^[0-9]+$/.test(name)) return false;
    const fields = statFields(name);
    return fields !== null && Number(fields[2]) === pgid && fields[0] !== 'Z';
  });
}
function signalGroup(pgid, signal) {
  try { process.kill(-pgid, signal); } catch {}
}
// A leader that still runs with another start time is a new process that reused the number: not ours.
function stillOurs(pgid, startTime) {
  if (startTime === null) return true;
  const now = startTimeOf(pgid);
  return now === null || now === startTime;
}
function waitForEmpty(pgids, ms) {
  const deadline = Date.now() + ms;
  return new Promise((resolve) => {
    const check = () => {
      const left = pgids.filter(groupAlive);
      if (left.length === 0 || Date.now() >= deadline) return resolve(left);
      setTimeout(check, 25);
    };
    check();
  });
}
async function reapAndExit(why) {
  if (reaping) return;
  reaping = true;
  const targets = [...groups].filter(([pgid, start]) => groupAlive(pgid) && stillOurs(pgid, start)).map(([pgid]) => pgid);
  if (targets.length > 0) {
    log(why + ': SIGTERM to process groups ' + targets.join(', '));
    targets.forEach((pgid) => signalGroup(pgid, 'SIGTERM'));
    const stubborn = await waitForEmpty(targets, graceMs);
    if (stubborn.length > 0) {
      log('still running after ' + graceMs + ' ms: SIGKILL to process groups ' + stubborn.join(', '));
      stubborn.forEach((pgid) => signalGroup(pgid, 'SIGKILL'));
      const stuck = await waitForEmpty(stubborn, 3000);
      if (stuck.length > 0) log('process groups ' + stuck.join(', ') + ' survived SIGKILL (stuck in the GPU driver?)');
    }
  }
  process.exit(0);
}
function handle(line) {
  const [verb, text] = line.trim().split(' ');
  const pgid = Number(text);
  if (!Number.isSafeInteger(pgid) || pgid <= 1) return;
  if (verb === 'watch') groups.set(pgid, startTimeOf(pgid));
  else if (verb === 'unwatch') groups.delete(pgid);
}

process.title = 'pairwise-watchdog';
process.on('SIGINT', () => {});
process.on('SIGHUP', () => {});
process.on('SIGTERM', () => reapAndExit('SIGTERM'));
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  pending += chunk;
  for (let end = pending.indexOf('\n'); end >= 0; end = pending.indexOf('\n')) {
    handle(pending.slice(0, end));
    pending = pending.slice(end + 1);
  }
});
process.stdin.on('end', () => reapAndExit('Pairwise is gone'));
process.stdin.on('error', () => reapAndExit('Pairwise is gone'));
`;
