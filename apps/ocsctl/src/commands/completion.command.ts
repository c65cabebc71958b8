import type { Command } from 'commander';
import type { CliRuntime } from '../cli-runtime';
import { UsageError } from '../exit-codes';

/** Every command path and its options, read from the commander tree so completion never goes stale. */
function commandWords(program: Command): { top: string[]; sub: Record<string, string[]> } {
  const words = (c: Command) => [...c.commands.map((s) => s.name()), ...c.options.map((o) => o.long ?? o.short ?? '').filter(Boolean)];
  const sub: Record<string, string[]> = {};
  for (const c of program.commands) sub[c.name()] = words(c);
  sub.get = [...sub.get, 'switches', 'operations', 'topologies', 'reservations', 'alarms'];
  sub.describe = [...sub.describe, 'switch', 'operation'];
  sub.completion = ['bash', 'zsh'];
  return { top: words(program), sub };
}

export function bashCompletion(program: Command): string {
  const { top, sub } = commandWords(program);
  const cases = Object.entries(sub)
    .map(([name, w]) => `    ${name}) COMPREPLY=( $(compgen -W "${w.join(' ')}" -- "$cur") ) ;;`)
    .join('\n');
  return `# ocsctl bash completion: source <(ocsctl completion bash)
_ocsctl() {
  local cur="\${COMP_WORDS[COMP_CWORD]}"
  if [ "$COMP_CWORD" -eq 1 ]; then COMPREPLY=( $(compgen -W "${top.join(' ')}" -- "$cur") ); return; fi
  case "\${COMP_WORDS[1]}" in
${cases}
  esac
}
complete -F _ocsctl ocsctl
`;
}

export function zshCompletion(program: Command): string {
  return `#compdef ocsctl
# ocsctl zsh completion: source <(ocsctl completion zsh)
autoload -U +X bashcompinit && bashcompinit
${bashCompletion(program)}`;
}

export function registerCompletion(program: Command, rt: CliRuntime): void {
  program
    .command('completion')
    .description('print a shell completion script: source <(ocsctl completion bash)')
    .argument('<shell>', 'bash | zsh')
    .action((shell: string) => {
      if (shell === 'bash') rt.io.stdout(bashCompletion(program));
      else if (shell === 'zsh') rt.io.stdout(zshCompletion(program));
      else throw new UsageError(`completion ${shell}: choose bash or zsh`);
    });
}
