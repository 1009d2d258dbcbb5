// `npm run bench`: every benchmark, each reported as a ratio against its baseline measured in the
// same run (these machines are shared and noisy, so absolute numbers alone mean little).
import { benchCoding, codingTable } from './coding.ts';
import { benchExport, exportTable, RSS_AIM_MB } from './export.ts';
import { benchImport, importTable } from './import.ts';
import { benchLoop, LOOP_AIM_MS, loopTable } from './loop.ts';
import { benchRespondent } from './respondent.ts';
import { benchResults, resultsTables } from './results.ts';
import { benchSubmit, submitTable } from './submit.ts';

// `npm run bench -- submit results` runs only the named benchmarks (submit, respondent, results, export, loop, coding, import).
const only = new Set(process.argv.slice(2));
const wanted = (name: string) => only.size === 0 || only.has(name);

if (wanted('coding')) {
  const coding = await benchCoding();
  console.log(`\nCoding open answers: ${coding.size} answers of one question (SQLite), as an analyst through the API`);
  console.table(codingTable(coding));
}

if (wanted('import')) {
  const imported = await benchImport();
  console.log(`\nSpreadsheet import: a Webropol-style XLSX of ${imported.size.toLocaleString('en')} rows (${(imported.fileBytes / 1024 / 1024).toFixed(1)} MB) into a fresh SQLite database, each in a process of its own`);
  console.table(importTable(imported));
}

if (wanted('submit')) {
  const submit = await benchSubmit();
  console.log(`\nSubmit: POST /api/surveys/minun-arkeni/responses (the full resident answer), 50 connections, ${process.env.BENCH_SECONDS ?? 10} s each`);
  console.table(submitTable(submit));
  if (submit.some((f) => f.non2xx > 0 || f.errors > 0)) {
    console.error('some submissions failed: the figures above do not measure stored responses');
    process.exitCode = 1;
  }
}

if (wanted('respondent')) {
  const respondent = await benchRespondent();
  console.log('\nRespondent page /s/minun-arkeni, Chromium, 1.6 Mbit/s and 150 ms latency (landing page as baseline)');
  console.table({
    'JS (gzip KB)': { value: (respondent.js.gzip / 1024).toFixed(1), brotli: (respondent.js.brotli / 1024).toFixed(1), files: respondent.js.files },
    'CSS (gzip KB)': { value: (respondent.css.gzip / 1024).toFixed(1), brotli: (respondent.css.brotli / 1024).toFixed(1), files: respondent.css.files },
    'first question answerable, first visit (ms)': { value: Math.round(respondent.firstVisitMs), baseline: Math.round(respondent.baselineFirstVisitMs), ratio: (respondent.firstVisitMs / respondent.baselineFirstVisitMs).toFixed(2) },
    'first question answerable, repeat visit (ms)': { value: Math.round(respondent.repeatVisitMs), baseline: Math.round(respondent.baselineRepeatVisitMs), ratio: (respondent.repeatVisitMs / respondent.baselineRepeatVisitMs).toFixed(2) },
  });
}

if (wanted('results')) {
  // Results at 100k and 1M synthetic resident responses (BENCH_RESULTS_SIZES overrides, e.g. 20000
  // for a quick run): the in-memory index against one hand-written SQL GROUP BY over the same data.
  const results = await benchResults();
  const tables = resultsTables(results);
  console.log('\nResults: start-up cost and memory of the in-memory index');
  console.table(tables.startup);
  console.log('Results: one question and the summary by municipality, without and with two filters, against SQL GROUP BY');
  console.table(tables.queries);
  console.log('Results: a restart with no snapshot, then again from the snapshot it wrote (first health answer, first result), and the event loop\'s longest pause while the index loads and during a weighted cross-tab as submissions arrive');
  console.table(tables.restart);
  if (results.some((r) => (r.error && process.env.BENCH_RESULTS_RESTART_ONLY !== '1') || (!r.measured?.checked && process.env.BENCH_RESULTS_RESTART_ONLY !== '1') || r.coldStartError || r.coldStartSnapshotError)) process.exitCode = 1;
}

if (wanted('export')) {
  // Data exports of 1M synthetic resident responses (BENCH_EXPORT_SIZE overrides): CSV and XLSX each
  // in a process of its own, against a plain SELECT pass over the same pages; peak RSS is the figure
  // that matters (aim: under 300 MB however many responses).
  const exported = await benchExport();
  console.log(`\nData exports: ${exported.size.toLocaleString('en')} responses, streamed to a file`);
  console.table(exportTable(exported));
  if (exported.runs.some((r) => r.mode !== 'baseline' && (r.rows !== exported.size || (r.heap === 'cli' && r.peakRss / 1024 / 1024 > RSS_AIM_MB)))) process.exitCode = 1;
}

if (wanted('loop')) {
  // The event loop's longest pause during each kind of long work while residents submit, at 50k and
  // 1M responses (BENCH_LOOP_SIZES overrides), against the pause with the submissions alone.
  for (const figures of await benchLoop()) {
    console.log(`\nEvent loop: ${figures.size.toLocaleString('en')} responses, four residents submitting all the time (aim: no pause over ${LOOP_AIM_MS} ms)`);
    console.table(loopTable(figures));
    if (figures.scenarios.some((s) => s.status !== 200)) process.exitCode = 1;
  }
}
