// Runs URLs in-process over HTTP (a client worker would be better; fetch here is light) and records loop gaps with hrtime.
import fs from 'node:fs';
import { buildApp } from './server/app.ts';
import { loadConfig } from './server/config.ts';
import { addUser, signIn } from './test/factories/users.ts';
import { loadResidents } from './test/bench/results-load.ts';
const file = process.argv[2]!;
if (!fs.existsSync(file)) await loadResidents(file, Number(process.argv[3] ?? 3000));
const config = loadConfig({ ...process.env, DATABASE_URL: file, SURVEYS_DIR: '', PORT: '', HOST: '', LOG_LEVEL: 'silent', CLIENT_DIR: '/nonexistent' });
const app = await buildApp(config, { logger: false });
const user = await addUser(app, { role: 'admin' });
const { headers } = await signIn(app, user.email);
await app.results.indexes.warm(['minun-arkeni']);
const base = await app.listen({ port: 0, host: '127.0.0.1' });
const gaps: [number, number, string][] = [];
let label = '';
let last = process.hrtime.bigint();
const tick = () => { const now = process.hrtime.bigint(); const gap = Number(now - last) / 1e6; if (gap > 40) gaps.push([Number(last / 1000n), gap, label]); last = now; setTimeout(tick, 1); };
setTimeout(tick, 1);
for (const url of process.argv[4]!.split(' ')) {
  for (let i = 0; i < 2; i++) {
    label = `${url.slice(0, 60)} #${i}`;
    const res = await fetch(base + url, { headers });
    let bytes = 0; for await (const c of res.body as any) bytes += c.byteLength;
  }
}
label = '';
await new Promise((r) => setTimeout(r, 50));
fs.writeFileSync('/tmp/gaps.json', JSON.stringify(gaps));
for (const g of gaps) console.log(`gap ${g[1].toFixed(0)} ms during ${g[2]}`);
await app.close();
process.exit(0);
