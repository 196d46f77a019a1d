/**
 * People with a finding, recorded during the scan as flat values — the person, what their license combination shares
 * with everyone who holds it, and up to four values of their own — and made into finding objects once, in finish().
 * A finding object per person, each living to the end of a 100,000-user scan (tens of thousands of them), made V8
 * re-decide mid-scan where those objects are allocated and throw away the compiled add() each time (`--trace-deopt`:
 * "code dependencies": add() was compiled 8 times; with these records, 3).
 */
export interface PersonRecords<T> {
  add(userId: string, name: string, upn: string, shared: T, a?: unknown, b?: unknown, c?: unknown, d?: unknown): void;
  readonly length: number;
  map<R>(f: (userId: string, name: string, upn: string, shared: T, a: unknown, b: unknown, c: unknown, d: unknown) => R): R[];
}

const RECORD_WIDTH = 8;

export function personRecords<T>(): PersonRecords<T> {
  const values: unknown[] = [];
  return {
    add(userId, name, upn, shared, a = null, b = null, c = null, d = null) {
      values.push(userId, name, upn, shared, a, b, c, d);
    },
    get length() {
      return values.length / RECORD_WIDTH;
    },
    map(f) {
      const out = [];
      for (let i = 0; i < values.length; i += RECORD_WIDTH) {
        out.push(f(values[i] as string, values[i + 1] as string, values[i + 2] as string, values[i + 3] as any, values[i + 4], values[i + 5], values[i + 6], values[i + 7]));
      }
      return out;
    },
  };
}
