import { createHmac } from 'node:crypto';

/**
 * Consistent pseudonyms for an exported tenant: HMAC-SHA256 of the original value under a key, so the same
 * tenant exported twice with the same key gives the same file (a re-export diffs cleanly), and without the key
 * nobody can test a guess ("is ab12… alice@contoso.com?"). SKUs, plans, states and structure are never touched.
 */
export const DEFAULT_ANONYMIZE_KEY = 'license-desk-export-v1';

export class Anonymizer {
  private readonly domains = new Map<string, string>();

  constructor(private readonly key: string = DEFAULT_ANONYMIZE_KEY) {}

  private hex(kind: string, value: string): string {
    return createHmac('sha256', this.key).update(`${kind}\u0000${value.toLowerCase()}`).digest('hex');
  }

  /** A GUID-shaped pseudonym (version-4 layout) for a directory object id. */
  id(original: string): string {
    const h = this.hex('id', original);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16], 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }

  /** "User 3f9a2c1b", "Group …", "Contact …", "Tenant …". */
  name(kind: 'User' | 'Group' | 'Contact' | 'Tenant' | 'Title', original: string): string {
    return `${kind} ${this.hex(kind, original).slice(0, 8)}`;
  }

  domain(original: string): string {
    const key = original.toLowerCase();
    let mapped = this.domains.get(key);
    if (!mapped) {
      mapped = `${this.hex('domain', key).slice(0, 10)}.example`;
      this.domains.set(key, mapped);
    }
    return mapped;
  }

  /** name@domain → u<hash>@<pseudonym domain>; the same address always maps to the same pseudonym. */
  address(original: string): string {
    const at = original.lastIndexOf('@');
    const domain = at >= 0 ? original.slice(at + 1) : 'unknown';
    return `u${this.hex('address', original).slice(0, 12)}@${this.domain(domain)}`;
  }
}
