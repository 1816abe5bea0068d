#!/usr/bin/env node
/**
 * Runs the stock-Prefect-client compatibility suite (test/compat) with no dependency beyond
 * python3, pip and PyPI:
 *
 *   npm run build && node scripts/compat.mjs [extra pytest args, e.g. -k smoke]
 *
 * 1. creates the virtualenvs if they are missing (`python3 -m venv`; PRAETOR_COMPAT_PYTHON picks
 *    another interpreter): test/compat/.venv (prefect-client + pytest: the flows and the suite) and
 *    test/compat/.venv-cli (the full `prefect` package: the CLI and `prefect worker`);
 * 2. installs each venv's requirements file (requirements.txt, requirements-cli.txt) when the
 *    file's SHA-256 differs from the stamp kept in that venv, so repeat runs skip pip;
 * 3. builds nothing (dist/ must exist: `npm run build`; PRAETOR_COMPAT_MAIN_JS points the suite at
 *    another build of src/main.js);
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
const pythonIn = (dir) => (process.platform === 'win32' ? join(dir, 'Scripts', 'python.exe') : join(dir, 'bin', 'python'));
const venv = join(compatDir, '.venv');
const venvPython = pythonIn(venv);
const requirements = join(compatDir, 'requirements.txt');
const cliVenv = join(compatDir, '.venv-cli');
const cliRequirements = join(compatDir, 'requirements-cli.txt');
const mainJs = process.env.PRAETOR_COMPAT_MAIN_JS ? resolve(process.env.PRAETOR_COMPAT_MAIN_JS) : join(root, 'dist', 'src', 'main.js');
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
if (!existsSync(cliRequirements)) fail(`${rel(cliRequirements)} is missing.`);

/** 1. The virtualenv `dir`, created when missing or broken. */
function ensureVenv(dir) {
  const python = pythonIn(dir);
  if (existsSync(python) && quietOk(python, ['-c', 'import sys'])) return python;
  if (existsSync(dir)) {
    say(`${rel(dir)} is broken (no working python); recreating it`);
    rmSync(dir, { recursive: true, force: true });
  }
  say(`creating the virtualenv ${rel(dir)} with \`${basePython} -m venv\``);
  let made = run(basePython, ['-m', 'venv', dir]);
  if (!made.ok) {
    // Debian/Ubuntu ship pip without ensurepip (python3-venv); a venv without pip still works,
    // with the system pip installing into it (pip --python, pip >= 22.3).
    say(`\`${basePython} -m venv\` failed (${made.why}); trying \`${basePython} -m venv --without-pip\``);
    rmSync(dir, { recursive: true, force: true });
    made = run(basePython, ['-m', 'venv', '--without-pip', dir]);
  }
  if (!made.ok || !existsSync(python)) {
    rmSync(dir, { recursive: true, force: true });
    fail(
      `VENV FAILED: could not create the virtualenv ${rel(dir)} with \`${basePython} -m venv\` (${made.why}). ` +
        'Install Python 3 with its venv module (Debian/Ubuntu: apt-get install python3-venv), or point PRAETOR_COMPAT_PYTHON at another python.',
    );
  }
  return python;
}

/** 2. The requirements file `reqs` in the venv of `python`, installed again only when the file changed. */
function ensureRequirements(dir, python, reqs) {
  const stampFile = join(dir, '.requirements.sha256');
  const wanted = createHash('sha256').update(readFileSync(reqs)).digest('hex');
  const stamp = existsSync(stampFile) ? readFileSync(stampFile, 'utf8').trim() : '';
  if (stamp === wanted) {
    say(`${rel(reqs)} unchanged (${wanted.slice(0, 12)}), skipping pip`);
    return;
  }
  say(`installing ${rel(reqs)} into ${rel(dir)}`);
  const pipArgs = ['install', '--disable-pip-version-check', '--quiet', '-r', reqs];
  const installed = quietOk(python, ['-m', 'pip', '--version'])
    ? run(python, ['-m', 'pip', ...pipArgs])
    : run(basePython, ['-m', 'pip', '--python', python, ...pipArgs]);
  if (!installed.ok) {
    fail(`VENV FAILED: pip could not install ${rel(reqs)} into ${rel(dir)} (${installed.why}); see pip's output above.`);
  }
  writeFileSync(stampFile, `${wanted}\n`);
}

ensureRequirements(venv, ensureVenv(venv), requirements);
ensureRequirements(cliVenv, ensureVenv(cliVenv), cliRequirements);

// 3. The suite.
// Off a terminal pytest cuts the short summary at 80 columns; keep the "first failing request" visible.
const columns = process.stdout.isTTY ? {} : { COLUMNS: process.env.COLUMNS || '200' };
const pytest = run(venvPython, ['-m', 'pytest', rel(compatDir), '-q', ...process.argv.slice(2)], {
  env: { ...process.env, ...columns, PYTHONDONTWRITEBYTECODE: '1', PRAETOR_COMPAT_MAIN_JS: mainJs },
});
if (pytest.status === 5) fail('pytest collected no tests (exit code 5): that is a failure.');
if (pytest.status === null || pytest.status === undefined) fail(`pytest did not run: ${pytest.why}`);
process.exit(pytest.status);
