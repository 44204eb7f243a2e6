#!/usr/bin/env node
/**
 * Completes package-lock.json with the optional platform packages of rollup (a vitest dependency)
 * that the package registry reachable from this workplace does not serve (e.g.
 * @rollup/rollup-android-arm-eabi answers 404). npm 11's `npm ci` refuses a lock that names an
 * optional dependency without an entry for it, so after `npm install` regenerates the lock, run:
 *   node scripts/complete-lockfile.mjs
 * Each added entry carries the package's os/cpu/libc (from its name) and `optional: true`, so
 * `npm ci` skips it on every platform it does not match and never fetches it.
 */
import { readFileSync, writeFileSync } from 'node:fs';

const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(file, 'utf8'));
const packages = lock.packages;

/** os, cpu and libc of a rollup native package, from its name (rollup-<os>-<cpu>[-<abi>]). */
function platformOf(name) {
  const m = /^@rollup\/rollup-([a-z0-9]+)-([a-z0-9]+)(?:-([a-z0-9]+))?$/.exec(name);
  if (!m) return undefined;
  const [, os, cpu, abi] = m;
  const entry = { os: [os], cpu: [cpu] };
  if (os === 'linux' && abi) entry.libc = [abi.startsWith('musl') ? 'musl' : 'glibc'];
  return entry;
}

let added = 0;
for (const [path, pkg] of Object.entries(packages)) {
  if (!path.endsWith('node_modules/rollup') || !pkg.optionalDependencies) continue;
  for (const [dep, version] of Object.entries(pkg.optionalDependencies)) {
    const key = `node_modules/${dep}`;
    if (packages[key]) continue;
    const platform = platformOf(dep);
    if (!platform) continue;
    packages[key] = { version, ...platform, license: 'MIT', optional: true };
    added++;
  }
}
const sorted = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : a > b ? 1 : 0)));
lock.packages = sorted;
writeFileSync(file, JSON.stringify(lock, null, 2) + '\n');
console.log(`complete-lockfile: added ${added} optional platform entries`);
