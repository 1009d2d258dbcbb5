import fs from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
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
const S = 'minun-arkeni';
const urls = (process.argv[4] ?? '').split(' ').filter(Boolean);
const all = urls.length ? urls : [`/api/exports/${S}/tables/muutos_osa_alueet.xlsx?groupBy=municipality`, `/api/exports/${S}/crosstab.xlsx?rows=ikaryhma&columns=muutostarve&weights=population`, `/api/exports/${S}/deck.pptx?groupBy=area&questions=muutos_osa_alueet,ikaryhma`, `/api/exports/${S}/report.docx?questions=muutos_osa_alueet,ikaryhma`, `/api/exports/${S}/responses.csv`, `/api/exports/${S}/responses.xlsx`, `/api/results/${S}/crosstab?rows=ikaryhma&columns=muutostarve&weights=population`];
for (const url of all) {
  for (let i = 0; i < 3; i++) {
    const d = monitorEventLoopDelay({ resolution: 1 }); d.enable();
    const t = performance.now();
    const res = await app.inject({ method: 'GET', url, headers });
    d.disable();
    console.log(`${url.slice(0, 70).padEnd(70)} #${i} ${res.statusCode} ${(performance.now() - t).toFixed(0)} ms, longest pause ${(d.max / 1e6).toFixed(0)} ms`);
  }
}
await app.close();
