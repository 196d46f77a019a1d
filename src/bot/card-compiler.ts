/**
 * Card templates (cards/*.json) compiled once into plain functions of the view model, for the answer path:
 * adaptivecards-templating re-evaluates every `${…}` through adaptive-expressions (a memory object, an options
 * object and an evaluator walk per binding) on every message.
 *
 * The compiled function does exactly what Template.expand does (adaptivecards-templating 2.3), for the subset of
 * the template language the cards use: `${path}` (whole string: the value as is), interpolated strings,
 * `$data` over arrays and `$when` with !, &&, ||, ==, !=, <, >, count(). Anything outside that subset is refused:
 * at compile time (the card is then always expanded by adaptivecards-templating) or, for data the compiled code
 * does not decide the same way for certain (a missing or null value, operands of other types, a case-insensitive
 * property match), at render time by throwing `Unsupported`, and the caller expands that render with
 * adaptivecards-templating. The cards stay the source of truth; test/bot/card-compiler.test.ts checks both agree.
 */

/** This template, or this data, is not handled here: expand with adaptivecards-templating instead. */
export class Unsupported extends Error {}

interface Scope {
  root: unknown;
  data: unknown;
  index: number | undefined;
}

type Node = (scope: Scope) => unknown;
type Expr = (scope: Scope) => unknown;

const RESERVED = new Set(['$data', '$when', '$root', '$index', '$host', '$_acTemplateVersion']);

/** The card as a function of its view model (`$root`), or undefined when the template uses more than this handles. */
export function compileCard(template: unknown): ((view: object) => unknown) | undefined {
  let node: Node;
  try {
    node = compileNode(template);
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
  return (view) => node({ root: view, data: view, index: undefined });
}

function compileNode(node: unknown): Node {
  if (typeof node === 'string') return compileString(node);
  if (Array.isArray(node)) return compileArray(node.map(compileNode));
  if (typeof node === 'object' && node !== null) return compileObject(node as Record<string, unknown>);
  return () => node;
}

function compileArray(items: Node[]): Node {
  return (scope) => {
    const out: unknown[] = [];
    for (const item of items) {
      const value = item(scope);
      if (value === null) continue;
      if (Array.isArray(value)) for (const v of value) out.push(v);
      else out.push(value);
    }
    return out;
  };
}

function compileObject(node: Record<string, unknown>): Node {
  const when = node.$when === undefined ? undefined : singleExpression(node.$when);
  const dataOf = node.$data === undefined ? undefined : singleExpression(node.$data);
  const entries = Object.keys(node)
    .filter((key) => !RESERVED.has(key))
    .map((key): [string, Node] => [key, compileNode(node[key])]);
  const expandOne = (scope: Scope): Record<string, unknown> | undefined => {
    // $when: true only for the boolean true; anything else drops the object.
    if (when && when(scope) !== true) return undefined;
    const result: Record<string, unknown> = {};
    for (const [key, child] of entries) {
      const value = child(scope);
      if (value !== undefined) result[key] = value;
    }
    return result;
  };
  return (scope) => {
    if (!dataOf) return expandOne(scope) ?? null;
    const data = defined(dataOf(scope));
    const contexts = Array.isArray(data) ? data : [data];
    const out: Array<Record<string, unknown>> = [];
    for (let i = 0; i < contexts.length; i++) {
      const context = contexts[i];
      const expanded = expandOne({ root: scope.root, data: context === undefined ? scope.data : context, index: Array.isArray(data) ? i : scope.index });
      if (expanded) out.push(expanded);
    }
    return out.length === 0 ? null : out.length === 1 ? out[0] : out;
  };
}

/** `$when`/`$data`: one `${…}` and nothing else. */
function singleExpression(value: unknown): Expr {
  if (typeof value !== 'string') throw new Unsupported('not an expression');
  const parts = splitInterpolated(value);
  if (parts.length !== 1 || typeof parts[0] === 'string') throw new Unsupported('not a single expression');
  return parts[0];
}

function compileString(text: string): Node {
  if (!text.includes('${')) return () => text;
  const parts = splitInterpolated(text);
  if (parts.length === 1 && typeof parts[0] !== 'string') {
    const expr = parts[0];
    return (scope) => defined(expr(scope));
  }
  return (scope) => {
    let out = '';
    for (const part of parts) out += typeof part === 'string' ? part : (defined(part(scope)) as { toString(): string }).toString();
    return out;
  };
}

/** "a ${x} b" → ['a ', expr, ' b'] (empty literals left out). */
function splitInterpolated(text: string): Array<string | Expr> {
  // The template is parsed as an adaptive-expressions template string: escapes and backticks mean something there.
  if (text.includes('\\') || text.includes('`')) throw new Unsupported('escapes');
  const parts: Array<string | Expr> = [];
  let at = 0;
  while (at < text.length) {
    const start = text.indexOf('${', at);
    if (start < 0) {
      parts.push(text.slice(at));
      break;
    }
    if (start > at) parts.push(text.slice(at, start));
    const end = text.indexOf('}', start);
    if (end < 0) throw new Unsupported('unclosed');
    const source = text.slice(start + 2, end);
    if (source.includes('{')) throw new Unsupported('braces');
    parts.push(parseExpression(source));
    at = end + 1;
  }
  return parts.filter((p) => p !== '');
}

/** A bound value the compiled code can use: undefined and null are adaptivecards-templating's own business. */
function defined(value: unknown): unknown {
  if (value === undefined || value === null) throw new Unsupported('no value');
  return value;
}

// ---------------------------------------------------------------------------------------------- expressions

type Token = { kind: 'id'; value: string } | { kind: 'str'; value: string } | { kind: 'num'; value: number } | { kind: 'op'; value: string };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (c === ' ') {
      i++;
      continue;
    }
    const rest = source.slice(i);
    const id = /^\$?[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/.exec(rest);
    if (id) {
      tokens.push({ kind: 'id', value: id[0] });
      i += id[0].length;
      continue;
    }
    const num = /^[0-9]+(?:\.[0-9]+)?/.exec(rest);
    if (num) {
      tokens.push({ kind: 'num', value: Number(num[0]) });
      i += num[0].length;
      continue;
    }
    if (c === "'") {
      const close = source.indexOf("'", i + 1);
      if (close < 0) throw new Unsupported('string');
      tokens.push({ kind: 'str', value: source.slice(i + 1, close) });
      i = close + 1;
      continue;
    }
    const op = /^(==|!=|>=|<=|&&|\|\||[!<>()])/.exec(rest);
    if (!op) throw new Unsupported(`token at ${rest}`);
    tokens.push({ kind: 'op', value: op[0] });
    i += op[0].length;
  }
  return tokens;
}

function parseExpression(source: string): Expr {
  const tokens = tokenize(source);
  let pos = 0;
  const peek = (value: string) => tokens[pos]?.kind === 'op' && tokens[pos].value === value;
  const take = (value: string) => {
    if (!peek(value)) throw new Unsupported(`expected ${value}`);
    pos++;
  };

  const primary = (): Expr => {
    const t = tokens[pos++];
    if (!t) throw new Unsupported('end');
    if (t.kind === 'str' || t.kind === 'num') {
      const value = t.value;
      return () => value;
    }
    if (t.kind === 'op' && t.value === '(') {
      const inner = or();
      take(')');
      return inner;
    }
    if (t.kind !== 'id') throw new Unsupported('operand');
    if (peek('(')) {
      if (t.value !== 'count') throw new Unsupported(`function ${t.value}`);
      take('(');
      const arg = or();
      take(')');
      return (scope) => {
        const value = arg(scope);
        if (!Array.isArray(value)) throw new Unsupported('count of a non-array');
        return value.length;
      };
    }
    return path(t.value);
  };

  const unary = (): Expr => {
    if (peek('!')) {
      pos++;
      const operand = unary();
      return (scope) => !bool(operand(scope));
    }
    return primary();
  };

  const comparison = (): Expr => {
    const left = unary();
    const t = tokens[pos];
    if (t?.kind !== 'op' || !['==', '!=', '<', '>', '<=', '>='].includes(t.value)) return left;
    pos++;
    const right = unary();
    const op = t.value;
    return (scope) => {
      const a = defined(left(scope));
      const b = defined(right(scope));
      if (op === '==' || op === '!=') {
        if (typeof a !== typeof b || !['string', 'number', 'boolean'].includes(typeof a)) throw new Unsupported('equality of these types');
        return op === '==' ? a === b : a !== b;
      }
      if (typeof a !== 'number' || typeof b !== 'number') throw new Unsupported('ordering of non-numbers');
      return op === '<' ? a < b : op === '>' ? a > b : op === '<=' ? a <= b : a >= b;
    };
  };

  const and = (): Expr => {
    let left = comparison();
    while (peek('&&')) {
      pos++;
      const l = left;
      const r = comparison();
      left = (scope) => bool(l(scope)) && bool(r(scope));
    }
    return left;
  };

  const or = (): Expr => {
    let left = and();
    while (peek('||')) {
      pos++;
      const l = left;
      const r = and();
      left = (scope) => bool(l(scope)) || bool(r(scope));
    }
    return left;
  };

  const expr = or();
  if (pos !== tokens.length) throw new Unsupported('trailing tokens');
  return expr;
}

function bool(value: unknown): boolean {
  if (typeof value !== 'boolean') throw new Unsupported('not a boolean');
  return value;
}

/** `name.sub`, `$data`, `$root.x`, `$index`: own properties only (adaptive-expressions also matches other cases). */
function path(source: string): Expr {
  const [head, ...rest] = source.split('.');
  let start: (scope: Scope) => unknown;
  let segments: string[];
  if (head === '$data') [start, segments] = [(s) => s.data, rest];
  else if (head === '$root') [start, segments] = [(s) => s.root, rest];
  else if (head === '$index') {
    if (rest.length > 0) throw new Unsupported('$index.x');
    return (s) => s.index;
  } else if (head.startsWith('$')) throw new Unsupported(head);
  else [start, segments] = [(s) => s.data, [head, ...rest]];
  return (scope) => {
    let value = start(scope);
    for (const segment of segments) {
      if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.prototype.hasOwnProperty.call(value, segment)) throw new Unsupported('no such property');
      value = (value as Record<string, unknown>)[segment];
    }
    return value;
  };
}
