// The watchdog's own program: `node -e <this file's text> -- --pairwise-watchdog <graceMs> <logFile>`, started
// by watchdog.ts. Plain CommonJS with Node builtins only: it runs from wherever the services run (vitest from
// source, `node out/main/host.js`, Electron as Node) and must depend on nothing that could be missing when the
// app is gone, so it is imported as text (`?raw`) rather than located as a file in each layout.
//
// Protocol: the app writes `watch <pgid> <leaderStartTime|->` and `unwatch <pgid>` lines to its stdin. When
// stdin ends, the app is gone (the kernel closes the pipe whatever killed it, SIGKILL included): every group
// still watched gets SIGTERM, what is left after the grace period gets SIGKILL, and the watchdog exits. A clean
// quit unwatches every stopped server first, so EOF then stops nothing. Once running it writes `ready` on stdout,
// which tells the app that this really is the watchdog (and not, say, an Electron that refused to run as Node).
'use strict';
const fs = require('node:fs');

const FLAG = '--pairwise-watchdog';
const args = process.argv.slice(process.argv.indexOf(FLAG) + 1);
const graceMs = Number(args[0]) > 0 ? Number(args[0]) : 2500;
const logFile = args[1] || null;
const appPid = process.ppid;
/** pgid -> the leader's start time when watched (to tell a reused pid apart), or null when unknown. */
const groups = new Map();
let pending = '';
let reaping = false;

function log(text) {
  if (!logFile) return;
  try {
    fs.appendFileSync(logFile, `${new Date().toISOString()} [pid ${process.pid}] ${text}\n`);
  } catch {
    // nowhere to say it
  }
}

/** Fields of /proc/<pid>/stat after the command name (which may hold spaces and ')'); null when unreadable. */
function statFields(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

function startTimeOf(pid) {
  const fields = statFields(pid);
  return (fields && fields[19]) || null;
}

/** Orphans are reaped by init, which can take seconds: a group whose members are all zombies has ended. */
function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
  } catch (error) {
    return error.code === 'EPERM';
  }
  let names;
  try {
    names = fs.readdirSync('/proc');
  } catch {
    return true;
  }
  return names.some((name) => {
    if (!/^[0-9]+$/.test(name)) return false;
    const fields = statFields(name);
    return fields !== null && Number(fields[2]) === pgid && fields[0] !== 'Z';
  });
}

function signalGroup(pgid, signal) {
  try {
    process.kill(-pgid, signal);
  } catch {
    // gone meanwhile
  }
}

/** A leader that still runs with another start time is a new process that reused the number: not ours. */
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
    log(`${why}: SIGTERM to process groups ${targets.join(', ')}`);
    targets.forEach((pgid) => signalGroup(pgid, 'SIGTERM'));
    const stubborn = await waitForEmpty(targets, graceMs);
    if (stubborn.length > 0) {
      log(`still running after ${graceMs} ms: SIGKILL to process groups ${stubborn.join(', ')}`);
      stubborn.forEach((pgid) => signalGroup(pgid, 'SIGKILL'));
      const stuck = await waitForEmpty(stubborn, 3000);
      if (stuck.length > 0) log(`process groups ${stuck.join(', ')} survived SIGKILL (stuck in the GPU driver?)`);
    }
  }
  process.exit(0);
}

function handle(line) {
  const [verb, pgidText, startTime] = line.trim().split(' ');
  const pgid = Number(pgidText);
  if (!Number.isSafeInteger(pgid) || pgid <= 1) return;
  // The app read the start time right after the spawn; reading it here instead could come too late.
  if (verb === 'watch') groups.set(pgid, startTime && startTime !== '-' ? startTime : startTimeOf(pgid));
  else if (verb === 'unwatch') groups.delete(pgid);
}

process.title = 'pairwise-watchdog';
// A closed terminal or a Ctrl+C is for the app to handle; if the app dies of it, EOF follows.
process.on('SIGINT', () => {});
process.on('SIGHUP', () => {});
// A logout or `kill` stops everyone: the app then stops its servers itself (with its longer grace), so the
// watchdog only acts when the app is already gone.
process.on('SIGTERM', () => (process.ppid !== appPid ? reapAndExit('SIGTERM after Pairwise was gone') : process.exit(0)));
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
process.stdout.on('error', () => {});
process.stdout.write('ready\n');
