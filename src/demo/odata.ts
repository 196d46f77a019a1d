/**
 * The slice of OData $filter the demo tenant understands — what License Desk and typical Graph clients send for
 * users and groups:
 *   prop eq|ne literal, and/or/not, parentheses, startswith(prop,'x'),
 *   collection/any(x:x eq 'v'), collection/any(x:x/prop eq v)      (e.g. assignedLicenses/any(x:x/skuId eq <guid>))
 * Literals: 'string' (quote doubled inside), GUIDs, true/false/null, numbers. String comparison ignores case, as
 * Entra ID does.
 */

export class ODataError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

type Token =
  | { t: 'str'; v: string }
  | { t: 'guid'; v: string }
  | { t: 'num'; v: number }
  | { t: 'id'; v: string }
  | { t: 'p'; v: '(' | ')' | ',' | ':' | '/' };

export type FilterNode =
  | { op: 'or' | 'and'; left: FilterNode; right: FilterNode }
  | { op: 'not'; expr: FilterNode }
  | { op: 'eq' | 'ne'; path: string[]; value: unknown }
  | { op: 'startswith'; path: string[]; value: string }
  | { op: 'any'; path: string[]; variable: string; expr: FilterNode };

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/;

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i];
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === "'") {
      let v = '';
      i++;
      for (;;) {
        if (i >= input.length) throw new ODataError('BadRequest', 'Invalid filter clause: unterminated string literal.');
        if (input[i] === "'") {
          if (input[i + 1] === "'") {
            v += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        v += input[i++];
      }
      tokens.push({ t: 'str', v });
    } else if ('(),:/'.includes(ch)) {
      tokens.push({ t: 'p', v: ch as '(' });
      i++;
    } else {
      const rest = input.slice(i);
      const g = GUID.exec(rest);
      if (g) {
        tokens.push({ t: 'guid', v: g[0].toLowerCase() });
        i += g[0].length;
        continue;
      }
      const n = /^-?\d+(\.\d+)?/.exec(rest);
      if (n) {
        tokens.push({ t: 'num', v: Number(n[0]) });
        i += n[0].length;
        continue;
      }
      const id = /^[A-Za-z_$][\w.$@-]*/.exec(rest);
      if (!id) throw new ODataError('BadRequest', `Invalid filter clause: syntax error at position ${i}.`);
      tokens.push({ t: 'id', v: id[0] });
      i += id[0].length;
    }
  }
  return tokens;
}

export function parseFilter(input: string): FilterNode {
  const tokens = tokenize(input);
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];
  const isWord = (w: string): boolean => peek()?.t === 'id' && (peek()!.v as string).toLowerCase() === w;
  const expectP = (v: string): void => {
    const tok = tokens[pos++];
    if (!tok || tok.t !== 'p' || tok.v !== v) throw new ODataError('BadRequest', `Invalid filter clause: '${v}' expected.`);
  };
  const path = (): string[] => {
    const tok = tokens[pos++];
    if (!tok || tok.t !== 'id') throw new ODataError('BadRequest', 'Invalid filter clause: property name expected.');
    const segments = [tok.v as string];
    while (peek()?.t === 'p' && peek()!.v === '/' && tokens[pos + 1]?.t === 'id' && !/^(any|all)$/i.test(tokens[pos + 1].v as string)) {
      pos++;
      segments.push(tokens[pos++].v as string);
    }
    return segments;
  };
  const literal = (): unknown => {
    const tok = tokens[pos++];
    if (!tok) throw new ODataError('BadRequest', 'Invalid filter clause: value expected.');
    if (tok.t === 'str' || tok.t === 'guid' || tok.t === 'num') return tok.v;
    if (tok.t === 'id' && /^(true|false|null)$/i.test(tok.v)) return tok.v.toLowerCase() === 'null' ? null : tok.v.toLowerCase() === 'true';
    throw new ODataError('BadRequest', 'Invalid filter clause: literal expected.');
  };
  const primary = (): FilterNode => {
    if (peek()?.t === 'p' && peek()!.v === '(') {
      pos++;
      const e = orExpr();
      expectP(')');
      return e;
    }
    if (isWord('not')) {
      pos++;
      return { op: 'not', expr: primary() };
    }
    if (isWord('startswith') && tokens[pos + 1]?.t === 'p' && tokens[pos + 1].v === '(') {
      pos += 2;
      const p = path();
      expectP(',');
      const v = literal();
      expectP(')');
      if (typeof v !== 'string') throw new ODataError('BadRequest', 'Invalid filter clause: startswith needs a string.');
      return { op: 'startswith', path: p, value: v };
    }
    const p = path();
    if (peek()?.t === 'p' && peek()!.v === '/' && tokens[pos + 1]?.t === 'id' && /^any$/i.test(tokens[pos + 1].v as string)) {
      pos += 2;
      expectP('(');
      const variable = tokens[pos++];
      if (!variable || variable.t !== 'id') throw new ODataError('BadRequest', 'Invalid filter clause: lambda variable expected.');
      expectP(':');
      const expr = orExpr();
      expectP(')');
      return { op: 'any', path: p, variable: variable.v as string, expr };
    }
    if (peek()?.t === 'p' && peek()!.v === '/' && tokens[pos + 1]?.t === 'id' && /^all$/i.test(tokens[pos + 1].v as string)) {
      throw new ODataError('Request_UnsupportedQuery', 'Unsupported Query.');
    }
    const opTok = tokens[pos++];
    if (!opTok || opTok.t !== 'id' || !/^(eq|ne)$/i.test(opTok.v)) {
      const name = opTok && opTok.t === 'id' ? opTok.v : 'operator';
      throw new ODataError('Request_UnsupportedQuery', `Unsupported query operator '${name}'.`);
    }
    return { op: opTok.v.toLowerCase() as 'eq' | 'ne', path: p, value: literal() };
  };
  const andExpr = (): FilterNode => {
    let left = primary();
    while (isWord('and')) {
      pos++;
      left = { op: 'and', left, right: primary() };
    }
    return left;
  };
  const orExpr = (): FilterNode => {
    let left = andExpr();
    while (isWord('or')) {
      pos++;
      left = { op: 'or', left, right: andExpr() };
    }
    return left;
  };
  const tree = orExpr();
  if (pos < tokens.length) throw new ODataError('BadRequest', 'Invalid filter clause: unexpected text after the expression.');
  return tree;
}

/**
 * Evaluates a filter against an object. `allowed` lists the filterable top-level properties; any other property
 * is refused like Graph refuses it.
 */
export function evaluateFilter(node: FilterNode, item: Record<string, unknown>, allowed: Set<string>, resource: string): boolean {
  const scopes: Array<[string, unknown]> = [];
  const resolve = (path: string[]): unknown => {
    const [head, ...rest] = path;
    let value: unknown;
    const scoped = scopes.find(([name]) => name === head);
    if (scoped) value = scoped[1];
    else {
      if (!allowed.has(head)) {
        throw new ODataError('Request_UnsupportedQuery', `Unsupported or invalid query filter clause specified for property '${head}' of resource '${resource}'.`);
      }
      value = item[head];
    }
    for (const seg of rest) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[seg] : undefined;
    return value;
  };
  const equal = (a: unknown, b: unknown): boolean => {
    if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
    return (a ?? null) === (b ?? null);
  };
  const run = (n: FilterNode): boolean => {
    switch (n.op) {
      case 'or':
        return run(n.left) || run(n.right);
      case 'and':
        return run(n.left) && run(n.right);
      case 'not':
        return !run(n.expr);
      case 'eq':
        return equal(resolve(n.path), n.value);
      case 'ne':
        return !equal(resolve(n.path), n.value);
      case 'startswith': {
        const v = resolve(n.path);
        return typeof v === 'string' && v.toLowerCase().startsWith(n.value.toLowerCase());
      }
      case 'any': {
        const collection = resolve(n.path);
        if (!Array.isArray(collection)) return false;
        return collection.some((element) => {
          scopes.unshift([n.variable, element]);
          try {
            return run(n.expr);
          } finally {
            scopes.shift();
          }
        });
      }
    }
  };
  return run(node);
}

/** Graph's $select: comma list; unknown names refused. Returns undefined when absent. */
export function parseSelect(value: string | null, known: Set<string>, type: string): string[] | undefined {
  if (value === null || value.trim() === '') return undefined;
  const names = value.split(',').map((s) => s.trim()).filter(Boolean);
  const lowerKnown = new Map([...known].map((k) => [k.toLowerCase(), k]));
  return names.map((name) => {
    const canonical = lowerKnown.get(name.toLowerCase());
    if (!canonical) throw new ODataError('BadRequest', `Could not find a property named '${name}' on type '${type}'.`);
    return canonical;
  });
}
