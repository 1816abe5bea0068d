#!/usr/bin/env node
/**
 * Runs the stock-Prefect-client compatibility suite (test/compat) with no dependency beyond
 * python3, pip and PyPI:
 *
 *   npm run build && node scripts/compat.mjs [extra pytest args, e.g. -k smoke]
 *
 * 1. creates the virtualenv test/compat/.venv if it is missing (`python3 -m venv`; PRAETOR_COMPAT_PYTHON
 *    picks another interpreter);
 * 2. installs test/compat/requirements.txt into it when the file's SHA-256 differs from the stamp
 *    kept in the venv, so repeat runs skip pip;
 * 3. builds nothing (dist/ must exist: `npm run build`);
 * 4. runs `pytest test/compat -q` with the venv's python and exits with pytest's exit code, except
 *    that 5 ("no tests collected") is a failure.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const compatDir = join(root, 'test', 'compat');
const venv = join(compatDir, '.venv');
const venvPython = process.platform === 'win32' ? join(venv, 'Scripts', 'python.exe') : join(venv, 'bin', 'python');
const requirements = join(compatDir, 'requirements.txt');
const stampFile = join(venv, '.requirements.sha256');
const mainJs = join(root, 'dist', 'src', 'main.js');
const basePython = process.env.PRAETOR_COMPAT_PYTHON || 'python3';
const rel = (p) => relative(root, p) || '.';

function say(line) {
  process.stdout.write(`compat: ${line}\n`);
}

function fail(line) {
  process.stderr.write(`compat: ${line}\n`);
  process.exit(1);
}

function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...options });
  if (r.error) return { ok: false, why: r.error.code === 'ENOENT' ? `${cmd} not found` : r.error.message };
  if (r.signal) return { ok: false, why: `killed by ${r.signal}`, status: r.status };
  return { ok: r.status === 0, why: `exit code ${r.status}`, status: r.status };
}

function quietOk(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'ignore' });
  return !r.error && r.status === 0;
}

// 0. The server must have been built.
if (!existsSync(mainJs)) fail(`${rel(mainJs)} is missing: run \`npm run build\` first.`);
if (!existsSync(requirements)) fail(`${rel(requirements)} is missing.`);

// 1. The virtualenv.
if (!existsSync(venvPython) || !quietOk(venvPython, ['-c', 'import sys'])) {
  if (existsSync(venv)) {
    say(`${rel(venv)} is broken (no working python); recreating it`);
    rmSync(venv, { recursive: true, force: true });
  }
  say(`creating the virtualenv ${rel(venv)} with \`${basePython} -m venv\``);
  let made = run(basePython, ['-m', 'venv', venv]);
  if (!made.ok) {
    // Debian/Ubuntu ship pip without ensurepip (python3-venv); a venv without pip still works,
    // with the system pip installing into it (pip --python, pip >= 22.3).
    say(`\`${basePython} -m venv\` failed (${made.why}); trying \`${basePython} -m venv --without-pip\``);
    rmSync(venv, { recursive: true, force: true });
    made = run(basePython, ['-m', 'venv', '--without-pip', venv]);
  }
  if (!made.ok || !existsSync(venvPython)) {
    rmSync(venv, { recursive: true, force: true });
    fail(
      `VENV FAILED: could not create the virtualenv ${rel(venv)} with \`${basePython} -m venv\` (${made.why}). ` +
        'Install Python 3 with its venv module (Debian/Ubuntu: apt-get install python3-venv), or point PRAETOR_COMPAT_PYTHON at another python.',
    );
  }
}

// 2. The requirements, installed again only when requirements.txt changed.
const wanted = createHash('sha256').update(readFileSync(requirements)).digest('hex');
const stamp = existsSync(stampFile) ? readFileSync(stampFile, 'utf8').trim() : '';
if (stamp === wanted) {
  say(`requirements unchanged (${wanted.slice(0, 12)}), skipping pip`);
} else {
  say(`installing ${rel(requirements)} into ${rel(venv)}`);
  const pipArgs = ['install', '--disable-pip-version-check', '--quiet', '-r', requirements];
  const installed = quietOk(venvPython, ['-m', 'pip', '--version'])
    ? run(venvPython, ['-m', 'pip', ...pipArgs])
    : run(basePython, ['-m', 'pip', '--python', venvPython, ...pipArgs]);
  if (!installed.ok) {
    fail(`VENV FAILED: pip could not install ${rel(requirements)} into ${rel(venv)} (${installed.why}); see pip's output above.`);
  }
  writeFileSync(stampFile, `${wanted}\n`);
}

// 3. The suite.
// Off a terminal pytest cuts the short summary at 80 columns; keep the "first failing request" visible.
const columns = process.stdout.isTTY ? {} : { COLUMNS: process.env.COLUMNS || '200' };
const pytest = run(venvPython, ['-m', 'pytest', rel(compatDir), '-q', ...process.argv.slice(2)], {
  env: { ...process.env, ...columns, PYTHONDONTWRITEBYTECODE: '1' },
});
if (pytest.status === 5) fail('pytest collected no tests (exit code 5): that is a failure.');
if (pytest.status === null || pytest.status === undefined) fail(`pytest did not run: ${pytest.why}`);
process.exit(pytest.status);
