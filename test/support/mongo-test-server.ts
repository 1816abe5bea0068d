import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import { dirname, join } from 'node:path';
import { MongoClient } from 'mongodb';

export interface MongoTestServer {
  readonly url: string;
  /** A database name unique to this run: a shared MONGODB_URL server may serve other runs too. */
  readonly dbName: string;
  stop(): Promise<void>;
}

const STARTUP_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 5_000;

/**
 * A MongoDB wire-protocol server for tests: the real MongoDB at MONGODB_URL when set, else the
 * jongodb binary from devDependencies on a loopback port it picks itself (no free-port race), as a
 * single-node replica set so the transactional path of the Mongo adapter is the one exercised.
 */
export async function startMongoTestServer(): Promise<MongoTestServer> {
  const dbName = `praetor_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const external = process.env.MONGODB_URL;
  if (external) return { url: external, dbName, stop: async () => {} };

  const child = spawn(jongodbBinary(), ['--host=127.0.0.1', '--port=0', '--topology-profile=singleNodeReplicaSet', '--replica-set-name=rs0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const untrack = killOnExit(child);
  try {
    const url = await announcedUrl(child);
    await waitUntilServing(url);
    // A test that forgets stop() must not keep the process alive; exit hooks still kill the child.
    child.unref();
    (child.stdout as { unref?: () => void } | null)?.unref?.();
    (child.stderr as { unref?: () => void } | null)?.unref?.();
    let stopped: Promise<void> | undefined;
    return {
      url,
      dbName,
      stop: () => (stopped ??= terminate(child).finally(untrack)),
    };
  } catch (err) {
    await terminate(child);
    untrack();
    throw err;
  }
}

function jongodbBinary(): string {
  let pkg: string;
  try {
    pkg = require.resolve('@jongodb/memory-server-bin-linux-x64-gnu/package.json');
  } catch {
    throw new Error('no MongoDB test server: set MONGODB_URL, or install @jongodb/memory-server-bin-linux-x64-gnu (Linux x64, glibc)');
  }
  const bin = join(dirname(pkg), 'bin', 'jongodb');
  if (!existsSync(bin)) throw new Error(`jongodb binary missing at ${bin}`);
  return bin;
}

/** jongodb prints `JONGODB_URI=mongodb://127.0.0.1:PORT/...` once it listens. */
function announcedUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => fail(new Error(`jongodb did not announce its URL within ${STARTUP_TIMEOUT_MS} ms: ${err.slice(-2000)}`)), STARTUP_TIMEOUT_MS);
    const done = () => {
      clearTimeout(timer);
      child.stdout?.off('data', onOut);
      child.off('exit', onExit);
      // Keep draining, so a chatty server never blocks on a full pipe.
      child.stdout?.resume();
    };
    const fail = (e: Error) => {
      done();
      reject(e);
    };
    const onOut = (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const m = /^JONGODB_URI=(mongodb:\/\/127\.0\.0\.1:\d+\S*)$/m.exec(out);
      if (m) {
        done();
        resolve(m[1]!);
      }
    };
    const onExit = (code: number | null, signal: string | null) => fail(new Error(`jongodb exited early (${code ?? signal}): ${err.slice(-2000)}`));
    child.stdout?.on('data', onOut);
    child.stderr?.on('data', (chunk: Buffer) => {
      err = (err + chunk.toString('utf8')).slice(-8000);
    });
    child.once('exit', onExit);
    child.once('error', (e) => fail(e));
  });
}

async function waitUntilServing(url: string): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  for (;;) {
    const client = new MongoClient(url, { serverSelectionTimeoutMS: 500, connectTimeoutMS: 500 });
    try {
      await client.connect();
      await client.db('admin').command({ ping: 1 });
      return;
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`jongodb at ${url} did not answer within ${STARTUP_TIMEOUT_MS} ms: ${(err as Error).message}`);
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      await client.close().catch(() => {});
    }
  }
}

function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Kills the child however this process ends: normal exit, or a signal from the test runner. */
function killOnExit(child: ChildProcess): () => void {
  const onExit = () => {
    child.kill('SIGKILL');
  };
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  const onSignal = (signal: NodeJS.Signals) => {
    child.kill('SIGKILL');
    untrack();
    // Listening replaced the default action (terminate); keep it unless someone else handles the signal.
    if (process.listenerCount(signal) === 0) process.exit(128 + constants.signals[signal]);
  };
  const untrack = () => {
    process.off('exit', onExit);
    for (const s of signals) process.off(s, onSignal);
  };
  process.on('exit', onExit);
  for (const s of signals) process.on(s, onSignal);
  return untrack;
}
