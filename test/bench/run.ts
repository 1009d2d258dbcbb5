// `npm run bench`: every benchmark, each reported as a ratio against its baseline measured in the
// same run (these machines are shared and noisy, so absolute numbers alone mean little).
import { benchExport, exportTable, RSS_AIM_MB } from './export.ts';
import { benchRespondent } from './respondent.ts';
import { benchResults, resultsTables } from './results.ts';
import { benchSubmit } from './submit.ts';

const submit = await benchSubmit();
const baseline = submit.find((f) => f.mode === 'off');
console.log('\nSubmit: POST /api/surveys/minun-arkeni/responses, 50 connections');
console.table(
  submit.map((f) => ({
    validation: f.mode,
    'req/s': Math.round(f.requestsPerSecond),
    'p50 ms': f.p50,
    'p99 ms': f.p99,
    'vs no validation': baseline ? (f.requestsPerSecond / baseline.requestsPerSecond).toFixed(2) : '',
    'non-2xx': f.non2xx,
    errors: f.errors,
  })),
);
if (submit.some((f) => f.non2xx > 0 || f.errors > 0)) {
  console.error('some submissions failed: the figures above do not measure stored responses');
  process.exitCode = 1;
}

const respondent = await benchRespondent();
console.log('\nRespondent page /s/minun-arkeni, Chromium, 1.6 Mbit/s and 150 ms latency (landing page as baseline)');
console.table({
  'JS (gzip KB)': { value: (respondent.js.gzip / 1024).toFixed(1), brotli: (respondent.js.brotli / 1024).toFixed(1), files: respondent.js.files },
  'CSS (gzip KB)': { value: (respondent.css.gzip / 1024).toFixed(1), brotli: (respondent.css.brotli / 1024).toFixed(1), files: respondent.css.files },
  'first question answerable, first visit (ms)': { value: Math.round(respondent.firstVisitMs), baseline: Math.round(respondent.baselineFirstVisitMs), ratio: (respondent.firstVisitMs / respondent.baselineFirstVisitMs).toFixed(2) },
  'first question answerable, repeat visit (ms)': { value: Math.round(respondent.repeatVisitMs), baseline: Math.round(respondent.baselineRepeatVisitMs), ratio: (respondent.repeatVisitMs / respondent.baselineRepeatVisitMs).toFixed(2) },
});

// Results at 100k and 1M synthetic resident responses (BENCH_RESULTS_SIZES overrides, e.g. 20000
// for a quick run): the in-memory index against one hand-written SQL GROUP BY over the same data.
const results = await benchResults();
const tables = resultsTables(results);
console.log('\nResults: start-up cost and memory of the in-memory index');
console.table(tables.startup);
console.log('Results: one question and the summary by municipality, without and with two filters, against SQL GROUP BY');
console.table(tables.queries);
if (results.some((r) => r.error || !r.measured?.checked)) process.exitCode = 1;

// Data exports of 1M synthetic resident responses (BENCH_EXPORT_SIZE overrides): CSV and XLSX each
// in a process of its own, against a plain SELECT pass over the same pages; peak RSS is the figure
// that matters (aim: under 300 MB however many responses).
const exported = await benchExport();
console.log(`\nData exports: ${exported.size.toLocaleString('en')} responses, streamed to a file`);
console.table(exportTable(exported));
if (exported.runs.some((r) => r.mode !== 'baseline' && (r.rows !== exported.size || (r.heap === 'cli' && r.peakRss / 1024 / 1024 > RSS_AIM_MB)))) process.exitCode = 1;
