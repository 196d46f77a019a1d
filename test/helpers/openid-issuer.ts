import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';

type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

/**
 * A local stand-in for the Bot Framework's OpenID metadata + JWKS endpoints, so auth is tested with real
 * RS256 tokens and no network. Sign tokens with `sign(claims)`; `rogue` signs with a key the JWKS lacks.
 */
export class LocalOpenIdIssuer {
  url = '';
  private server?: Server;
  private keyId = 'test-key-1';
  private privateKey?: PrivateKey;
  private roguePrivateKey?: PrivateKey;
  private jwk?: JWK;

  async start(): Promise<string> {
    const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
    this.privateKey = privateKey;
    this.roguePrivateKey = (await generateKeyPair('RS256')).privateKey;
    this.jwk = { ...(await exportJWK(publicKey)), kid: this.keyId, use: 'sig', alg: 'RS256', endorsements: ['msteams'] } as JWK;
    this.server = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url === '/.well-known/openid-configuration') {
        res.end(JSON.stringify({ issuer: 'https://api.botframework.com', jwks_uri: `${this.url}/keys`, id_token_signing_alg_values_supported: ['RS256'] }));
      } else if (req.url === '/keys') {
        res.end(JSON.stringify({ keys: [this.jwk] }));
      } else {
        res.statusCode = 404;
        res.end('{}');
      }
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
    return this.url;
  }

  get metadataUrl(): string {
    return `${this.url}/.well-known/openid-configuration`;
  }

  async sign(claims: { aud: string; serviceurl?: string; iss?: string; expiresIn?: string | number }, options: { rogue?: boolean } = {}): Promise<string> {
    const { aud, iss = 'https://api.botframework.com', expiresIn = '5m', ...rest } = claims;
    return new SignJWT(rest)
      .setProtectedHeader({ alg: 'RS256', kid: this.keyId, typ: 'JWT' })
      .setIssuer(iss)
      .setAudience(aud)
      .setIssuedAt()
      .setNotBefore(Math.floor(Date.now() / 1000) - 60)
      .setExpirationTime(expiresIn)
      .sign(options.rogue ? this.roguePrivateKey! : this.privateKey!);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
