// The tests' own token service for distribution's `auth.token` (docs/spec/auth/token.md): JWTs
// signed ES256 with a self-signed certificate the registry trusts (rootcertbundle) and carried
// in the header's x5c. One user; GET with Basic credentials or POST grant_type=refresh_token /
// password (oauth.md); a refresh token is handed out when offline_token=true. It counts the
// tokens it issued so a test can see the client's cache at work.
import { createServer, type Server } from 'node:http';
import { createPrivateKey, createPublicKey, randomBytes, sign, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { selfSignedCert, freePort } from './harness';

export interface TokenServer {
  realm: string;
  service: string;
  issuer: string;
  certPath: string;
  issued: number;
  scopesSeen: string[];
  stop(): Promise<void>;
}

const b64url = (b: Buffer | string): string => Buffer.from(b).toString('base64url');

export async function startTokenServer(dir: string, user: { name: string; password: string }, lifetimeS = 300): Promise<TokenServer> {
  const { cert, key } = selfSignedCert(dir, 'token');
  const der = new X509Certificate(readFileSync(cert)).raw;
  const privateKey = createPrivateKey(readFileSync(key));
  createPublicKey(privateKey);
  const refresh = `rt-${randomBytes(8).toString('hex')}`;
  const port = await freePort();
  const state: TokenServer = {
    realm: `http://127.0.0.1:${port}/token`, service: 'berth-test-registry', issuer: 'berth-test-issuer', certPath: cert,
    issued: 0, scopesSeen: [], stop: async () => undefined,
  };
  const jwt = (scopes: string[]): string => {
    const now = Math.floor(Date.now() / 1000);
    const access = scopes.map((s) => s.split(':')).filter((p) => p.length >= 3)
      .map(([type, ...rest]) => ({ type, name: rest.slice(0, -1).join(':'), actions: rest.at(-1)!.split(',') }));
    const header = b64url(JSON.stringify({ alg: 'ES256', typ: 'JWT', x5c: [der.toString('base64')] }));
    const claims = b64url(JSON.stringify({ iss: state.issuer, sub: user.name, aud: state.service, exp: now + lifetimeS, nbf: now - 10, iat: now, jti: randomBytes(8).toString('hex'), access }));
    const sig = sign('sha256', Buffer.from(`${header}.${claims}`), { key: privateKey, dsaEncoding: 'ieee-p1363' });
    return `${header}.${claims}.${b64url(sig)}`;
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const form = req.method === 'POST' ? new URLSearchParams(Buffer.concat(chunks).toString()) : url.searchParams;
      let ok = false;
      if (req.method === 'POST') {
        ok = form.get('grant_type') === 'refresh_token' ? form.get('refresh_token') === refresh : form.get('username') === user.name && form.get('password') === user.password;
      } else {
        const auth = req.headers.authorization ?? '';
        ok = auth === 'Basic ' + Buffer.from(`${user.name}:${user.password}`).toString('base64');
      }
      if (!ok) {
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"details":"bad credentials"}');
        return;
      }
      const scopes = form.getAll('scope').flatMap((s) => s.split(' ')).filter(Boolean);
      state.scopesSeen.push(...scopes);
      state.issued++;
      const body: Record<string, unknown> = { token: jwt(scopes), expires_in: lifetimeS, issued_at: new Date().toISOString() };
      if (form.get('offline_token') === 'true') body.refresh_token = refresh;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  state.stop = () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); });
  return state;
}
