// Whether a kubectl client runs on this machine: tests that use real kubectl skip with a message without it.
import { execFileSync } from 'node:child_process';

function probe(): boolean {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export const KUBECTL_AVAILABLE: boolean = probe();
