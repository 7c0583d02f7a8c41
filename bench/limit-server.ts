// The limits: what plain node:http costs with nothing of ours in the way. GET /fixed answers
// the same fixed JSON as our baseline route; GET /page runs our exact transactions-page query
// (BENCH_PAGE_SQL, taken from server/api/statements.ts by bench/run.ts) on the same database
// file and index, with no authentication, no validation and no audit.
import Database from 'better-sqlite3';
import http from 'node:http';

const port = Number(process.env.PORT || 3283);
const file = process.env.DATABASE_PATH!;
const pageSql = process.env.BENCH_PAGE_SQL!;

const db = new Database(file); // read only in practice; a read-only handle on a WAL file needs its -shm first
db.pragma('mmap_size = 268435456'); // as db/client.ts
const page = db.prepare(pageSql).pluck();

const FIXED = JSON.stringify({ status: 'ok', service: 'tsunagu', items: [1, 2, 3] });
const HEADERS = { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' };

function send(res: http.ServerResponse, status: number, body: string): void {
  res.writeHead(status, { ...HEADERS, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

http
  .createServer((req, res) => {
    const url = req.url ?? '/';
    if (url === '/fixed') return send(res, 200, FIXED);
    if (url.startsWith('/page?')) {
      const q = new URLSearchParams(url.slice(6));
      // Parameters in the statement's order: accountId, afterDate, afterId, dateTo, limit.
      const rows = page.all(q.get('accountId'), q.get('dateFrom'), 0, q.get('dateTo'), Number(q.get('limit')) + 1) as string[];
      return send(res, 200, `{"transactions":[${rows.slice(0, Number(q.get('limit'))).join(',')}]}`);
    }
    send(res, 404, '{}');
  })
  .listen(port, '127.0.0.1', () => console.log(`limit: plain node:http on :${port}`));
