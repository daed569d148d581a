import type { CompletionNode } from './tree.js';

/** The shells `hull completion` writes a script for. */
export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

// Command and flag names are [A-Za-z0-9-] words: quoting them is never needed,
// but the table is checked anyway so a strange name cannot break a script.
function words(list: readonly string[]): string {
  for (const w of list) if (!/^[A-Za-z0-9_-]+$/.test(w)) throw new Error(`completion: unexpected name '${w}'`);
  return list.join(' ');
}

function caseTable(
  nodes: readonly CompletionNode[],
  pick: (n: CompletionNode) => readonly string[],
  indent: string,
  end: string,
): string {
  return nodes.map((n) => `${indent}'${n.path}') echo '${words(pick(n))}' ${end}`).join('\n');
}

function bash(nodes: readonly CompletionNode[]): string {
  return `# hull completion for bash: source it, or put it in /etc/bash_completion.d/hull
_hull_subs() {
  case "$1" in
${caseTable(nodes, (n) => n.subcommands, '    ', ';;')}
  esac
}
_hull_opts() {
  case "$1" in
${caseTable(nodes, (n) => n.options, '    ', ';;')}
  esac
}
_hull() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" cmdpath="" i w subs
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    [[ $w == -* ]] && continue
    subs=" $(_hull_subs "$cmdpath") "
    [[ $subs == *" $w "* ]] && cmdpath="\${cmdpath:+$cmdpath }$w"
  done
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$(_hull_opts "$cmdpath")" -- "$cur"))
  else
    COMPREPLY=($(compgen -W "$(_hull_subs "$cmdpath")" -- "$cur"))
  fi
}
complete -o default -F _hull hull
`;
}

function zsh(nodes: readonly CompletionNode[]): string {
  return `#compdef hull
# hull completion for zsh: put it on $fpath as _hull, or source it after compinit
_hull_subs() {
  case "$1" in
${caseTable(nodes, (n) => n.subcommands, '    ', ';;')}
  esac
}
_hull_opts() {
  case "$1" in
${caseTable(nodes, (n) => n.options, '    ', ';;')}
  esac
}
_hull() {
  local cmdpath="" w i subs
  for ((i = 2; i < CURRENT; i++)); do
    w="\${words[i]}"
    [[ $w == -* ]] && continue
    subs=" $(_hull_subs "$cmdpath") "
    [[ $subs == *" $w "* ]] && cmdpath="\${cmdpath:+$cmdpath }$w"
  done
  if [[ "\${words[CURRENT]}" == -* ]]; then
    compadd -- \${=$(_hull_opts "$cmdpath")}
  else
    subs="$(_hull_subs "$cmdpath")"
    if [[ -n $subs ]]; then compadd -- \${=subs}; else _files; fi
  fi
}
if [[ $zsh_eval_context[-1] == loadautofunc ]]; then _hull "$@"; else compdef _hull hull; fi
`;
}

function fish(nodes: readonly CompletionNode[]): string {
  const table = (pick: (n: CompletionNode) => readonly string[]) =>
    nodes.map((n) => `    case '${n.path}'\n        echo '${words(pick(n))}'`).join('\n');
  return `# hull completion for fish: save as ~/.config/fish/completions/hull.fish
function __hull_subs
    switch $argv[1]
${table((n) => n.subcommands)}
    end
end
function __hull_opts
    switch $argv[1]
${table((n) => n.options)}
    end
end
function __hull_candidates
    set -l toks (commandline -opc)
    set -l cmdpath ''
    for w in $toks[2..-1]
        string match -q -- '-*' $w; and continue
        if contains -- $w (string split ' ' -- (__hull_subs $cmdpath))
            set cmdpath (string trim -- "$cmdpath $w")
        end
    end
    if string match -q -- '-*' (commandline -ct)
        string split ' ' -- (__hull_opts $cmdpath)
    else
        string split ' ' -- (__hull_subs $cmdpath)
    end
end
complete -c hull -a '(__hull_candidates)'
`;
}

/** The completion script for `shell`, from the command tree. */
export function completionScript(shell: Shell, nodes: readonly CompletionNode[]): string {
  return shell === 'bash' ? bash(nodes) : shell === 'zsh' ? zsh(nodes) : fish(nodes);
}
