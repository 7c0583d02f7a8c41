// `npm run demo:partner`: 「デモ会計」on http://localhost:4000 (PORT), talking to the bank at
// BANK_ORIGIN (default http://localhost:3000). Its redirect URI, `${origin}/callback`, is the
// one demo-kaikei is registered with.
import http from 'node:http';
import { createDemoPartnerApp } from './app';
import { createBankClient } from './bank-client';
import { configFromEnv } from './config';
import { createSessionStore } from './sessions';

const config = configFromEnv();
const app = createDemoPartnerApp(config, createBankClient(config), createSessionStore());
const port = Number(process.env.PORT || 4000);

const server = http.createServer(async (req, res) => {
  try {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
    const request = new Request(`${config.origin}${req.url ?? '/'}`, {
      method: req.method,
      headers,
      body: hasBody ? new Uint8Array(Buffer.concat(chunks)) : undefined,
    });
    const response = await app(request);
    const out: Record<string, string | string[]> = Object.fromEntries(response.headers);
    const setCookie = response.headers.getSetCookie();
    if (setCookie.length) out['set-cookie'] = setCookie;
    res.writeHead(response.status, out);
    res.end(Buffer.from(await response.arrayBuffer()));
  } catch (error) {
    console.error('demo partner:', error instanceof Error ? error.message : error);
    if (!res.headersSent) res.writeHead(502, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('銀行に接続できませんでした。');
  }
});

server.listen(port, () => console.log(`デモ会計 on ${config.origin} (bank: ${config.bankOrigin})`));
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.close(() => process.exit(0)));
