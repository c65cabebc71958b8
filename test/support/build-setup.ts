import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

/**
 * End-to-end tests run the apps as separate processes from dist/, as deploy/ does; build them first (the services only: the offline tools have their own build)
 * so a test never runs yesterday's code.
 */
export default function setup(): void {
  execFileSync('npm', ['run', '--silent', 'build:services'], { cwd: resolve(__dirname, '../..'), stdio: 'inherit' });
}
