/**
 * Names what held the event loop in each long pause of a loop benchmark run: reads a CPU profile of
 * the server's thread (`node --cpu-prof`) and the pauses that run recorded (BENCH_LOOP_GAPS, both on
 * the monotonic clock in microseconds), and prints, per pause, the functions whose samples fell in it
 * (self time) and the first of our own frames (server/, analysis/) above them. Written by hand: V8's
 * profile format is plain JSON, and no tool attributes samples to time windows of our choosing.
 *
 *   BENCH_LOOP_GAPS=/tmp/gaps.json node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx \
 *     test/bench/loop.ts <copy of a fixture> [scenario name part …]
 *   npx tsx test/bench/loop-gaps.ts /tmp/prof/<file>.cpuprofile /tmp/gaps.json [minimum pause ms, default 40]
 */
import fs from 'node:fs';

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
}
interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: number[];
}
interface Profile {
  readonly nodes: ProfileNode[];
  readonly startTime: number;
  readonly samples: number[];
  readonly timeDeltas: number[];
}
interface Gap {
  readonly scenario: string;
  readonly startUs: number;
  readonly endUs: number;
}

const [profileFile, gapsFile, minimum] = process.argv.slice(2);
if (!profileFile || !gapsFile) throw new Error('usage: loop-gaps.ts <cpuprofile> <gaps.json> [minimum pause ms]');
const profile = JSON.parse(fs.readFileSync(profileFile, 'utf8')) as Profile;
const gaps = (JSON.parse(fs.readFileSync(gapsFile, 'utf8')) as Gap[]).filter((g) => g.endUs - g.startUs >= Number(minimum ?? 40) * 1000);

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const frameName = (f: CallFrame) => `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\/(node_modules|work\/main)\//, '$1/')}:${f.lineNumber + 1}`;
const ours = (f: CallFrame) => /\/(server|analysis|shared)\//.test(f.url) && !f.url.includes('node_modules');

/** The stack of a sample, innermost first. */
function stack(id: number): CallFrame[] {
  const frames: CallFrame[] = [];
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) frames.push(byId.get(at)!.callFrame);
  return frames;
}

// Each sample's time: the profile's start plus the deltas so far.
const times: number[] = [];
let t = profile.startTime;
for (const d of profile.timeDeltas) times.push((t += d));

const top = (m: Map<string, number>, n: number) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, n);
for (const gap of gaps) {
  const self = new Map<string, number>();
  const own = new Map<string, number>();
  let sampled = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    if (times[i]! < gap.startUs || times[i]! > gap.endUs) continue;
    // A sample stands for the time up to the next one.
    const us = (times[i + 1] ?? times[i]!) - times[i]!;
    const frames = stack(profile.samples[i]!);
    sampled += us;
    self.set(frameName(frames[0]!), (self.get(frameName(frames[0]!)) ?? 0) + us);
    const first = frames.find(ours);
    const key = first ? frameName(first) : '(none of ours)';
    own.set(key, (own.get(key) ?? 0) + us);
  }
  const ms = (us: number) => (us / 1000).toFixed(1);
  process.stdout.write(`\n${gap.scenario}: pause of ${ms(gap.endUs - gap.startUs)} ms (${ms(sampled)} ms sampled)\n`);
  for (const [name, us] of top(self, 6)) process.stdout.write(`  self ${ms(us).padStart(7)}  ${name}\n`);
  for (const [name, us] of top(own, 4)) process.stdout.write(`  ours ${ms(us).padStart(7)}  ${name}\n`);
}
