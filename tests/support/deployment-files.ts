import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Readers for the deployment files (Dockerfile, .dockerignore, docker-compose.example.yml), so
 * tests check them without a Docker engine. Each reads only the forms those files use and throws
 * on anything else, rather than guess.
 */

export const ROOT = path.resolve(import.meta.dirname, '..', '..');

export const readRepoFile = (name: string) => readFileSync(path.join(ROOT, name), 'utf8');

export interface Instruction {
  keyword: string;
  args: string;
}

export interface Stage {
  name: string;
  base: string;
  instructions: Instruction[];
}

/** Logical lines (continuations joined, comments and blank lines dropped) split into stages. */
export function parseDockerfile(text: string): Stage[] {
  const args: Record<string, string> = {};
  const stages: Stage[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trimEnd();
    if (!pending && (line.trim() === '' || line.trimStart().startsWith('#'))) continue;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1)} `;
      continue;
    }
    const logical = (pending + line).trim();
    pending = '';
    const keyword = logical.split(/\s/, 1)[0] as string;
    const instruction = { keyword: keyword.toUpperCase(), args: logical.slice(keyword.length).trim() };
    if (instruction.keyword === 'ARG' && stages.length === 0) {
      const [name = '', value = ''] = instruction.args.split('=');
      args[name] = value;
    } else if (instruction.keyword === 'FROM') {
      const match = /^(\S+)\s+AS\s+(\S+)$/i.exec(instruction.args);
      if (!match?.[1] || !match[2]) throw new Error(`FROM without a stage name: ${logical}`);
      const base = match[1].replace(/\$\{(\w+)\}/g, (_, name: string) => args[name] ?? '');
      stages.push({ name: match[2], base, instructions: [] });
    } else {
      const stage = stages.at(-1);
      if (!stage) throw new Error(`${instruction.keyword} before the first FROM`);
      stage.instructions.push(instruction);
    }
  }
  return stages;
}

export interface Copy {
  from: string | null;
  sources: string[];
  dest: string;
}

export function copiesOf(stage: Stage): Copy[] {
  return stage.instructions
    .filter((i) => i.keyword === 'COPY')
    .map((i) => {
      const words = i.args.split(/\s+/);
      let from: string | null = null;
      while (words[0]?.startsWith('--')) {
        const flag = words.shift() as string;
        if (flag.startsWith('--from=')) from = flag.slice('--from='.length);
        else throw new Error(`COPY flag not understood: ${flag}`);
      }
      const dest = words.pop();
      if (!dest || words.length === 0) throw new Error(`COPY needs a source and a destination: ${i.args}`);
      return { from, sources: words, dest };
    });
}

export const runsOf = (stage: Stage) =>
  stage.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.args);

export function workdirOf(stage: Stage): string {
  const workdir = stage.instructions.find((i) => i.keyword === 'WORKDIR');
  if (!workdir) throw new Error(`stage ${stage.name} has no WORKDIR`);
  return workdir.args;
}

/** `ENV A=1 B=2` lines of a stage (the key=value form only). */
export function envOf(stage: Stage): Record<string, string> {
  const env: Record<string, string> = {};
  for (const i of stage.instructions.filter((x) => x.keyword === 'ENV')) {
    for (const pair of i.args.split(/\s+/)) {
      const eq = pair.indexOf('=');
      if (eq < 1) throw new Error(`ENV in the key=value form only: ${i.args}`);
      env[pair.slice(0, eq)] = pair.slice(eq + 1);
    }
  }
  return env;
}

/** The exec (JSON) form of CMD, HEALTHCHECK … CMD or a compose command. */
export function execForm(args: string): string[] {
  const json = args.slice(args.indexOf('['));
  const parsed: unknown = JSON.parse(json);
  if (!Array.isArray(parsed) || !parsed.every((p) => typeof p === 'string')) {
    throw new Error(`not an exec form: ${args}`);
  }
  return parsed;
}

function globToRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '*' && pattern[i + 1] === '*') {
      source += '.*';
      i++;
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/**
 * Whether .dockerignore keeps `file` (relative to the context) out of the build context: a
 * pattern matches the path or a folder above it, anchored at the context's root; a later
 * `!pattern` takes it back in.
 */
export function isIgnored(file: string, dockerignore: string): boolean {
  const parts = path.normalize(file).split('/');
  const candidates = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
  let ignored = false;
  for (const raw of dockerignore.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const negated = line.startsWith('!');
    const re = globToRegExp(path.normalize(negated ? line.slice(1) : line).replace(/\/$/, ''));
    if (candidates.some((c) => re.test(c))) ignored = !negated;
  }
  return ignored;
}

type Yaml = string | boolean | Yaml[] | { [key: string]: Yaml };

function scalar(text: string, anchors: Map<string, Yaml>): Yaml {
  if (text.startsWith('*')) {
    const value = anchors.get(text.slice(1));
    if (value === undefined) throw new Error(`unknown YAML alias ${text}`);
    return value;
  }
  if (text.startsWith('"') || text.startsWith('[')) return JSON.parse(text) as Yaml;
  if (text.startsWith("'")) return text.slice(1, -1).replaceAll("''", "'");
  if (text === 'true' || text === 'false') return text === 'true';
  if (/^[&!|>{]/.test(text)) throw new Error(`YAML form not understood: ${text}`);
  return text;
}

/**
 * The block YAML of the compose file: maps, lists of scalars, JSON-style quoted strings and flow
 * lists, full-line comments, and anchors on a map (`key: &name`) used as `*name`.
 */
export function parseYaml(text: string): Yaml {
  const lines = text
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.trimStart().startsWith('#'))
    .map((l) => ({ indent: l.length - l.trimStart().length, text: l.trim() }));
  const anchors = new Map<string, Yaml>();
  let at = 0;

  function block(indent: number): Yaml {
    const first = lines[at];
    if (!first || first.indent !== indent) throw new Error(`YAML indentation not understood near line ${at}`);
    if (first.text.startsWith('- ')) {
      const list: Yaml[] = [];
      while (lines[at]?.indent === indent && lines[at]?.text.startsWith('- ')) {
        list.push(scalar((lines[at++] as { text: string }).text.slice(2).trim(), anchors));
      }
      return list;
    }
    const map: Record<string, Yaml> = {};
    while (lines[at]?.indent === indent) {
      const { text: entry } = lines[at++] as { text: string };
      const colon = /^("[^"]*"|[^:\s]+):(\s+|$)/.exec(entry);
      if (!colon?.[1]) throw new Error(`YAML entry not understood: ${entry}`);
      const key = colon[1].startsWith('"') ? (JSON.parse(colon[1]) as string) : colon[1];
      const rest = entry.slice(colon[0].length).trim();
      if (rest === '' || rest.startsWith('&')) {
        const next = lines[at];
        map[key] = next && next.indent > indent ? block(next.indent) : '';
        if (rest.startsWith('&')) anchors.set(rest.slice(1), map[key]);
      } else {
        map[key] = scalar(rest, anchors);
      }
    }
    if (lines[at] && (lines[at] as { indent: number }).indent > indent) {
      throw new Error(`YAML indentation not understood: ${lines[at]?.text}`);
    }
    return map;
  }

  const result = block(0);
  if (at !== lines.length) throw new Error(`YAML not read to the end (line ${at})`);
  return result;
}

/**
 * docker compose's interpolation: `$$` is a literal `$`; `${VAR}`, `${VAR:-default}` (unset or
 * empty), `${VAR:?message}` (an error when unset or empty). `vars` plays the .env file.
 */
export function interpolate(text: string, vars: Record<string, string>): string {
  return text.replace(
    /\$\$|\$\{(\w+)(?:(:-|:\?)([^}]*))?\}/g,
    (whole, name?: string, op?: string, arg?: string) => {
      if (whole === '$$') return '$';
      const value = vars[name as string];
      if (value !== undefined && value !== '') return value;
      if (op === ':-') return arg ?? '';
      if (op === ':?') throw new Error(`compose refuses: ${name}: ${arg}`);
      return '';
    },
  );
}

/** KEY=value lines of an env file (comments and blank lines skipped). */
export function parseEnvFile(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#')) continue;
    const eq = trimmed.indexOf('=');
    if (eq < 1) throw new Error(`env file line not understood: ${line}`);
    vars[trimmed.slice(0, eq)] = trimmed.slice(eq + 1);
  }
  return vars;
}
