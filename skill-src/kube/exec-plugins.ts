// Exec credential plugins (users[].user.exec) are programs the kubeconfig names. client-node starts them with
// no time limit and keeps all they print; here each one runs inside the run's deadline, in a process group of
// its own that is killed when the deadline passes, with stdin closed and its output bounded.
import child_process, { type ChildProcess, type SpawnOptions } from 'node:child_process';
import type { KubeConfig } from '@kubernetes/client-node/dist/config.js';

/** A credential is a small JSON document; more than this is not one. */
const PLUGIN_OUTPUT_BYTES = 1024 * 1024;

export interface PluginWatch {
  /** Set when a plugin was killed at the deadline. */
  timedOut: boolean;
  /** Set when a plugin printed more than PLUGIN_OUTPUT_BYTES and was killed. */
  overflowed: boolean;
}

type ExecFn = (command: string, args: readonly string[] | undefined, opts: SpawnOptions) => ChildProcess;

function killGroup(child: ChildProcess): void {
  try {
    // A negative pid names the process group: a shell script's own children die with it.
    if (child.pid !== undefined && process.platform !== 'win32') process.kill(-child.pid, 'SIGKILL');
    else child.kill('SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
  // Grandchildren that left the group may hold the pipes open; client-node waits for them to close.
  child.stdout?.destroy();
  child.stderr?.destroy();
}

function boundedSpawn(deadline: number, watch: PluginWatch): ExecFn {
  return (command, args, opts) => {
    const child = child_process.spawn(command, args ?? [], { ...opts, stdio: ['ignore', 'pipe', 'pipe'], detached: process.platform !== 'win32' });
    const timer = setTimeout(() => {
      watch.timedOut = true;
      killGroup(child);
    }, Math.max(0, deadline - Date.now()));
    let printed = 0;
    const count = (c: Buffer | string): void => {
      printed += c.length;
      if (printed > PLUGIN_OUTPUT_BYTES && !watch.overflowed) {
        watch.overflowed = true;
        killGroup(child);
      }
    };
    child.stdout?.on('data', count);
    child.stderr?.on('data', count);
    child.on('exit', () => clearTimeout(timer));
    child.on('error', () => clearTimeout(timer));
    return child;
  };
}

/** Makes every exec plugin this KubeConfig runs obey `deadline`; the watch says afterwards what was cut short. */
export function boundExecPlugins(kc: KubeConfig, deadline: number): PluginWatch {
  const watch: PluginWatch = { timedOut: false, overflowed: false };
  // client-node keeps its authenticators private; the exec one is the one with a spawn function.
  const authenticators = (kc as unknown as { authenticators?: unknown[] }).authenticators ?? [];
  for (const a of authenticators) {
    if (typeof a === 'object' && a !== null && 'execFn' in a) (a as { execFn: ExecFn }).execFn = boundedSpawn(deadline, watch);
  }
  return watch;
}
